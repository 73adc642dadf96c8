/** TAXII feeds: subscriptions to other TAXII 2.1 servers' collections (releasing officers). */
import { z } from 'zod';
import { idParamsSchema, okSchema } from '../../../shared/contracts/common';
import {
  subscriptionCreateRequestSchema,
  subscriptionSchema,
  subscriptionUpdateRequestSchema,
  unmappedListSchema,
  unmappedQuerySchema,
} from '../../../shared/contracts/taxii-subscriptions';
import {
  createSubscription,
  deleteSubscription,
  getSubscription,
  listSubscriptions,
  listUnmapped,
  pollNow,
  updateSubscription,
} from '../../domain/taxii/subscriptions';
import { presentSubscription } from '../presenters/subscription-presenter';
import { defineRoute } from '../route';

const why = 'feed settings and import reports: object ids and reasons, no record content';

export const taxiiFeedRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/taxii-feeds',
    summary: 'The TAXII 2.1 collections this node subscribes to, with position, health and counts (releasing officers)',
    tag: 'taxii-feeds',
    auth: 'user',
    response: z.object({ items: z.array(subscriptionSchema) }),
    reads: { kind: 'none', why },
    handler: async ({ ctx, actor }) => ({ items: (await listSubscriptions(ctx, actor)).map(presentSubscription) }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/taxii-feeds',
    summary:
      'Subscribe to a TAXII 2.1 collection (read once before saving): what arrives is released under the label given; objects marked stricter stay drafts of your organisation',
    tag: 'taxii-feeds',
    auth: 'user',
    body: subscriptionCreateRequestSchema,
    response: subscriptionSchema,
    status: 201,
    handler: async ({ ctx, actor, body }) =>
      presentSubscription(await getSubscription(ctx, actor, await createSubscription(ctx, actor, body))),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/taxii-feeds/:id',
    summary: 'One TAXII feed',
    tag: 'taxii-feeds',
    auth: 'user',
    params: idParamsSchema,
    response: subscriptionSchema,
    reads: { kind: 'none', why },
    handler: async ({ ctx, actor, params }) => presentSubscription(await getSubscription(ctx, actor, params.id)),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/taxii-feeds/:id',
    summary: 'Rename, pause or resume a feed, change its credentials, or choose its label (you become its owner)',
    tag: 'taxii-feeds',
    auth: 'user',
    params: idParamsSchema,
    body: subscriptionUpdateRequestSchema,
    response: subscriptionSchema,
    handler: async ({ ctx, actor, params, body }) => {
      await updateSubscription(ctx, actor, params.id, body);
      return presentSubscription(await getSubscription(ctx, actor, params.id));
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/taxii-feeds/:id',
    summary: 'Stop subscribing (what it brought in stays)',
    tag: 'taxii-feeds',
    auth: 'user',
    params: idParamsSchema,
    response: okSchema,
    handler: async ({ ctx, actor, params }) => {
      await deleteSubscription(ctx, actor, params.id);
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/taxii-feeds/:id/poll',
    summary: 'Poll the feed now; the feed as it stands after',
    tag: 'taxii-feeds',
    // Its work is a call to the feed, made again on every poll.
    idempotent: false,
    auth: 'user',
    params: idParamsSchema,
    response: subscriptionSchema,
    handler: async ({ ctx, actor, params }) => {
      await pollNow(ctx, actor, params.id);
      return presentSubscription(await getSubscription(ctx, actor, params.id));
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/taxii-feeds/:id/unmapped',
    summary: 'The report of objects the feed brought that could not be mapped, newest first, paged',
    tag: 'taxii-feeds',
    auth: 'user',
    params: idParamsSchema,
    query: unmappedQuerySchema,
    response: unmappedListSchema,
    reads: { kind: 'none', why },
    handler: async ({ ctx, actor, params, query }) => {
      const page = await listUnmapped(ctx, actor, params.id, query.limit, query.cursor);
      return {
        items: page.items.map((u) => ({ at: new Date(u.at).toISOString(), stixId: u.stix_id, type: u.stix_type, reason: u.reason })),
        nextCursor: page.nextCursor,
      };
    },
  }),
];
