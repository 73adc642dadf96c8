/** Exercise metrics: how fast the partners answered, per exercise, measure, nation and desk; as JSON and as CSV. */
import { z } from 'zod';
import { metricsQuerySchema, metricsSchema } from '../../../shared/contracts/exercise-metrics';
import { metricsFor, metricsToCsv } from '../../domain/training/exercise-metrics-service';
import { presentMetrics } from '../presenters/training-presenter';
import { defineRoute } from '../route';
import type { ReadPath } from '../route';

const tag = 'training';

/** Both routes read the same facts, checked by one test of their own in the releasability suite. */
const reads: ReadPath = {
  kind: 'derived',
  recordKind: 'exercise',
  alsoKinds: ['alert', 'alert-response', 'desk', 'crisis', 'crisis-entry'],
  checkedBy: 'S1: exercise metrics',
};

export const exerciseMetricsRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/exercises/metrics',
    summary:
      'Time to acknowledge, to a first situation report and from a request to an accepted offer, per exercise, nation and desk, in the order the exercises ran (from the records the caller may read; `exercise`, `nation` and `measure` filter)',
    tag,
    auth: 'user',
    query: metricsQuerySchema,
    response: metricsSchema,
    reads,
    handler: async ({ ctx, actor, query }) => presentMetrics(await metricsFor(ctx, actor, query)),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/exercises/metrics/export',
    summary: 'The same metrics as CSV, one row per exercise, measure, nation and desk (a download)',
    tag,
    auth: 'user',
    query: metricsQuerySchema,
    response: z.unknown(),
    reads,
    handler: async ({ ctx, actor, query, reply }) => {
      const stamp = ctx.clock.now().toISOString().slice(0, 10);
      reply.header('content-disposition', `attachment; filename="exercise-metrics-${stamp}.csv"`).type('text/csv; charset=utf-8');
      return metricsToCsv(await metricsFor(ctx, actor, query));
    },
  }),
];
