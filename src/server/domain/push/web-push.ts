/**
 * Web Push: a person asks a browser to be notified (the browser's push service gives an endpoint
 * and keys); hotline steps then also reach that browser as a push message — a title, the same
 * minimal line as every other notification and a link, never the record. Messages go through an
 * outbox written in the deciding transaction and are sent by a job, encrypted and signed with the
 * node's VAPID key (the web-push library), retried with backoff; a browser its push service says
 * is gone is forgotten. Off unless CONCORD_WEB_PUSH=1: the push services must be reachable.
 */
import webpush from 'web-push';
import { nodeRepository } from '../../db/repositories/node-repository';
import { pushRepository } from '../../db/repositories/push-repository';
import { AppError } from '../app-error';
import { drainOutbox } from '../outbox/drain-outbox';
import { outboundRequest } from '../outbound/outbound-request';
import type { Kysely } from 'kysely';
import type { Context } from '../../context';
import type { DB } from '../../db/schema';
import type { UserActor } from '../auth/actor';

const VAPID_SETTING = 'web-push-vapid';

interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

/** The node's VAPID key pair, made on first use and kept in the database (every process shares it). */
export async function vapidKeys(ctx: Context): Promise<VapidKeys> {
  const repo = nodeRepository(ctx.database.db);
  const stored = await repo.getSetting(VAPID_SETTING);
  if (stored) return stored as VapidKeys;
  await repo.initSetting(VAPID_SETTING, webpush.generateVAPIDKeys());
  return (await repo.getSetting(VAPID_SETTING)) as VapidKeys;
}

function requireEnabled(ctx: Context): void {
  if (!ctx.config.webPush) throw new AppError('CONFLICT', 'Web Push is not turned on at this node (CONCORD_WEB_PUSH=1).');
}

/** Push services are reached over HTTPS; plain HTTP only on this machine (a local push service). */
function isPushEndpoint(endpoint: string): boolean {
  try {
    const url = new URL(endpoint);
    return url.protocol === 'https:' || (url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname));
  } catch {
    return false;
  }
}

export async function subscribe(ctx: Context, actor: UserActor, input: { endpoint: string; keys: { p256dh: string; auth: string } }) {
  requireEnabled(ctx);
  if (!isPushEndpoint(input.endpoint)) {
    throw new AppError('VALIDATION_FAILED', 'A push endpoint is an https:// URL given by the browser.', [
      { path: 'endpoint', message: 'Not a push endpoint.' },
    ]);
  }
  await pushRepository(ctx.database.db).upsertSubscription({
    id: ctx.ids.uuid(),
    user_id: actor.user.id,
    endpoint: input.endpoint,
    p256dh: input.keys.p256dh,
    auth: input.keys.auth,
    created_at: ctx.clock.now(),
  });
}

export async function unsubscribe(ctx: Context, actor: UserActor, endpoint: string): Promise<void> {
  await pushRepository(ctx.database.db).removeSubscription(actor.user.id, endpoint);
}

export interface PushMessage {
  title: string;
  body: string;
  /** Where a click on the notification leads (a path of the web app). */
  url: string;
}

/** Queues a message to every browser of these people, inside the caller's transaction. */
export async function queuePush(db: Kysely<DB>, ctx: Context, userIds: string[], message: PushMessage): Promise<void> {
  if (!ctx.config.webPush || userIds.length === 0) return;
  const repo = pushRepository(db);
  const browsers = await repo.subscriptionsOf(userIds);
  const now = ctx.clock.now();
  await repo.queue(
    browsers.map((b) => ({
      id: ctx.ids.uuid(),
      subscription_id: b.id,
      payload: JSON.stringify(message),
      created_at: now,
      next_attempt_at: now,
    })),
  );
}

type PushDue = Awaited<ReturnType<ReturnType<typeof pushRepository>['due']>>[number];

/** Sends what is due, in batches; returns how many the push services accepted. */
export async function sendDuePush(ctx: Context, batch = 20): Promise<number> {
  if (!ctx.config.webPush) return 0;
  const keys = await vapidKeys(ctx);
  const vapidDetails = { subject: `mailto:${ctx.config.mailFrom}`, publicKey: keys.publicKey, privateKey: keys.privateKey };
  return drainOutbox<PushDue>(
    ctx,
    pushRepository,
    async (message) => {
      const request = webpush.generateRequestDetails(
        { endpoint: message.endpoint, keys: { p256dh: message.p256dh, auth: message.auth } },
        message.payload,
        { vapidDetails, TTL: 3600, urgency: 'high' },
      );
      // Through the outbound guard: an endpoint is whatever a browser (or a person posing as one) gave.
      const response = await outboundRequest(ctx, {
        purpose: 'web-push',
        url: request.endpoint,
        method: 'POST',
        headers: request.headers as Record<string, string>,
        body: new Uint8Array(request.body as Buffer),
        timeoutMs: 10_000,
        maxBytes: 64 * 1024,
      });
      if (response.status >= 200 && response.status < 300) return { sent: true };
      // 404 or 410: the browser unsubscribed or the subscription expired — forget it (and what was queued for it).
      return { sent: false, error: `push service answered ${response.status}`, gone: response.status === 404 || response.status === 410 };
    },
    (message) => ({ endpoint: new URL(message.endpoint).host }),
    batch,
  );
}
