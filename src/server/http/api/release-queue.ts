/** The releasing officer's queue: what awaits their release, its count for the badge, and bulk release. */
import {
  bulkReleaseRequestSchema,
  bulkReleaseResultSchema,
  releaseQueueCountSchema,
  releaseQueueQuerySchema,
  releaseQueueSchema,
} from '../../../shared/contracts/release-queue';
import { releaseMany, releaseQueue, releaseQueueCount } from '../../domain/release/release-queue';
import { presentQueueEntry } from '../presenters/release-queue-presenter';
import { defineRoute } from '../route';

const QUEUE_READS = {
  kind: 'none',
  why: "drafts of the caller's nation awaiting their release, each passing the read rule inside the query (tested in release-queue.test.ts)",
} as const;

export const releaseQueueRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/release-queue',
    summary:
      'Drafts awaiting your release (releasing officers): every kind with a release workflow, of your nation, that you may read, newest first, cursor pagination, with the total',
    tag: 'release',
    auth: 'user',
    query: releaseQueueQuerySchema,
    response: releaseQueueSchema,
    reads: QUEUE_READS,
    handler: async ({ ctx, actor, query }) => {
      const page = await releaseQueue(ctx, actor, query);
      return { items: page.items.map(presentQueueEntry), next: page.next, total: page.total };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/release-queue/count',
    summary: 'How many drafts await your release (the badge): only drafts you may read and release',
    tag: 'release',
    auth: 'user',
    response: releaseQueueCountSchema,
    reads: QUEUE_READS,
    handler: async ({ ctx, actor }) => ({ total: await releaseQueueCount(ctx, actor) }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/release-queue/release',
    summary:
      'Release several records at once, each decided on its own as a single release would be (optionally under a label given now, and at the version you saw): the answer says which were released and why others were not',
    tag: 'release',
    auth: 'user',
    body: bulkReleaseRequestSchema,
    response: bulkReleaseResultSchema,
    handler: async ({ ctx, actor, body }) => releaseMany(ctx, actor, body),
  }),
];
