/**
 * Exercise metrics: how fast the partners answered in their exercises, per exercise, measure, nation
 * and desk, from the records' own times and only over records the caller may read. Exercises come
 * in the order they ran, so a measure's rows read as a trend.
 */
import { z } from 'zod';
import { METRIC_MEASURES } from '../vocab/training';

const nation = z.string().regex(/^[A-Z]{3}$/, 'A nation code such as KAZ.');

export const metricsQuerySchema = z.strictObject({
  /** One exercise's rows only. */
  exercise: z.uuid().optional(),
  /** One nation's rows only (the answering nation). */
  nation: nation.optional(),
  measure: z.enum(METRIC_MEASURES).optional(),
});
export type MetricsQuery = z.infer<typeof metricsQuerySchema>;

export const metricExerciseSchema = z.object({
  id: z.string(),
  title: z.string(),
  /** The lead nation, whose injects made the records measured. */
  lead: z.string(),
  /** When it ran (its control panel's STARTEX), or its planned STARTEX. */
  startedAt: z.string(),
});

export const metricRowSchema = z.object({
  exerciseId: z.string(),
  measure: z.enum(METRIC_MEASURES),
  /** The answering nation (for offers: the requesting nation). */
  nation: z.string(),
  /** For acknowledgements by desk; null on the nation's own row. */
  desk: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** How many answers the row measures. */
  count: z.number().int(),
  medianMinutes: z.number(),
  meanMinutes: z.number(),
  slowestMinutes: z.number(),
});
export type MetricRowView = z.infer<typeof metricRowSchema>;

export const metricsSchema = z.object({
  /** The exercises measured, in the order they ran. */
  exercises: z.array(metricExerciseSchema),
  /** By exercise (in that order), measure, nation, then desk. */
  rows: z.array(metricRowSchema),
});
export type MetricsView = z.infer<typeof metricsSchema>;
