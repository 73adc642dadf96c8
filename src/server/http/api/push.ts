/** Web Push: the node's public key, subscribing and unsubscribing a browser. */
import { okSchema } from '../../../shared/contracts/common';
import { pushKeySchema, pushSubscriptionRequestSchema, pushUnsubscribeQuerySchema } from '../../../shared/contracts/push';
import { subscribe, unsubscribe, vapidKeys } from '../../domain/push/web-push';
import { defineRoute } from '../route';

export const pushRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/push/key',
    summary: 'Whether this node sends Web Push, and its VAPID public key for subscribing a browser',
    tag: 'push',
    auth: 'user',
    response: pushKeySchema,
    reads: { kind: 'none', why: 'a node setting, the same for everyone' },
    handler: async ({ ctx }) => ({ enabled: ctx.config.webPush, publicKey: ctx.config.webPush ? (await vapidKeys(ctx)).publicKey : null }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/push/subscriptions',
    summary: 'Notify me on this browser too: hotline steps arrive as push notifications (a line and a link)',
    tag: 'push',
    auth: 'user',
    body: pushSubscriptionRequestSchema,
    response: okSchema,
    status: 201,
    handler: async ({ ctx, actor, body }) => {
      await subscribe(ctx, actor, body);
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/push/subscriptions',
    summary: 'Stop notifying this browser (`endpoint` as subscribed)',
    tag: 'push',
    auth: 'user',
    query: pushUnsubscribeQuerySchema,
    response: okSchema,
    handler: async ({ ctx, actor, query }) => {
      await unsubscribe(ctx, actor, query.endpoint);
      return { ok: true as const };
    },
  }),
];
