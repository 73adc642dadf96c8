/** Web Push: the node's public key, and the browsers a person is notified on. */
import { z } from 'zod';

export const pushKeySchema = z.object({
  /** False when the node does not send Web Push (CONCORD_WEB_PUSH). */
  enabled: z.boolean(),
  /** The node's VAPID public key (base64url), the browser's `applicationServerKey`. */
  publicKey: z.string().nullable(),
});

/** A browser's PushSubscription, as `subscription.toJSON()` gives it. */
export const pushSubscriptionRequestSchema = z.object({
  endpoint: z.url({ message: 'The endpoint is the URL the browser gave.' }).max(2_000),
  expirationTime: z.number().nullable().optional(),
  keys: z.strictObject({
    p256dh: z.string().regex(/^[A-Za-z0-9_-]{40,200}={0,2}$/, 'The p256dh key is base64url.'),
    auth: z.string().regex(/^[A-Za-z0-9_-]{10,60}={0,2}$/, 'The auth secret is base64url.'),
  }),
});

export const pushUnsubscribeQuerySchema = z.strictObject({ endpoint: z.url().max(2_000) });
