/** Web Push on this browser: the node's key, and subscribing or unsubscribing the browser. */
import { useQuery } from '@tanstack/react-query';
import { api } from './client';

export const WORKER_URL = '/push-sw.js';

export function usePushKey() {
  return useQuery({
    queryKey: ['push', 'key'],
    queryFn: () => api<{ enabled: boolean; publicKey: string | null }>('GET', '/api/push/key'),
    staleTime: Infinity,
  });
}

export const pushSupported = () => typeof navigator !== 'undefined' && 'serviceWorker' in navigator && typeof PushManager !== 'undefined';

/** This browser's current subscription, if it has one. */
export async function currentSubscription(): Promise<PushSubscription | null> {
  const registration = await navigator.serviceWorker.getRegistration(WORKER_URL);
  return (await registration?.pushManager.getSubscription()) ?? null;
}

const keyBytes = (base64url: string) => Uint8Array.from(atob(base64url.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));

/** Asks for permission, subscribes this browser with the node's key and tells the node. */
export async function subscribeThisBrowser(publicKey: string): Promise<void> {
  if ((await Notification.requestPermission()) !== 'granted') throw new Error('The browser was not allowed to show notifications.');
  const registration = await navigator.serviceWorker.register(WORKER_URL);
  await navigator.serviceWorker.ready;
  const subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) });
  await api('POST', '/api/push/subscriptions', subscription.toJSON());
}

export async function unsubscribeThisBrowser(): Promise<void> {
  const subscription = await currentSubscription();
  if (!subscription) return;
  await api('DELETE', `/api/push/subscriptions?endpoint=${encodeURIComponent(subscription.endpoint)}`);
  await subscription.unsubscribe();
}
