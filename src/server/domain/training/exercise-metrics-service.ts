/**
 * Exercise metrics for one person: the facts read through the rule for them (the exercise
 * included), worked out by `exerciseMetrics`, in the order the exercises ran — the trend across
 * exercises. As CSV with every text cell made formula-safe.
 */
import { stringify } from 'csv-stringify/sync';
import { exerciseMetricsRepository } from '../../db/repositories/exercise-metrics-repository';
import { formulaSafeCell } from '../csv-cells';
import { byStart, exerciseMetrics } from './exercise-metrics';
import type { MetricExercise, MetricRow } from './exercise-metrics';
import type { Context } from '../../context';
import type { MetricsQuery } from '../../../shared/contracts/exercise-metrics';
import type { UserActor } from '../auth/actor';

const date = (value: Date | string) => new Date(value);

export async function metricsFor(ctx: Context, actor: UserActor, filter: MetricsQuery = {}) {
  const facts = exerciseMetricsRepository(ctx.database.db);
  const [acks, reports, requests] = await Promise.all([
    facts.acknowledgements(actor.reader, filter.exercise),
    facts.reports(actor.reader, filter.exercise),
    facts.requests(actor.reader, filter.exercise),
  ]);
  const rows = exerciseMetrics({
    acknowledgements: acks.map((a) => ({
      exerciseId: a.exercise_id!,
      deskId: a.desk_id,
      deskName: a.desk_name,
      nation: a.nation,
      raisedAt: date(a.raised_at),
      at: date(a.responded_at),
    })),
    reports: reports.map((r) => ({
      exerciseId: r.exercise_id!,
      crisisId: r.crisis_id,
      nation: r.originator_nation,
      openedAt: date(r.declared_at),
      at: date(r.entered_at),
    })),
    requests: requests.map((r) => ({
      exerciseId: r.exercise_id!,
      requestId: r.request_id,
      nation: r.originator_nation,
      requestedAt: date(r.entered_at),
      acceptedAt: r.accepted_at ? date(r.accepted_at) : null,
    })),
  }).filter((r) => (!filter.nation || r.nation === filter.nation) && (!filter.measure || r.measure === filter.measure));
  const exercises: MetricExercise[] = (await facts.exercises(actor.reader, [...new Set(rows.map((r) => r.exerciseId))]))
    .map((e) => ({ id: e.id, title: e.title, lead: e.originator_nation, startedAt: date(e.run_started_at ?? e.starts_at) }))
    .sort(byStart);
  const rank = new Map(exercises.map((e, i) => [e.id, i]));
  // An exercise relabelled or recalled between the two reads takes its rows with it. Stable: within
  // an exercise the rows keep exerciseMetrics' order.
  const kept = rows.filter((r) => rank.has(r.exerciseId));
  return { exercises, rows: kept.sort((a, b) => rank.get(a.exerciseId)! - rank.get(b.exerciseId)!) };
}

export const METRIC_CSV_COLUMNS = [
  'exercise',
  'exercise_id',
  'started_at',
  'measure',
  'nation',
  'desk',
  'count',
  'median_minutes',
  'mean_minutes',
  'slowest_minutes',
] as const;

export function metricsToCsv(metrics: { exercises: MetricExercise[]; rows: MetricRow[] }): string {
  const byId = new Map(metrics.exercises.map((e) => [e.id, e]));
  return stringify(
    metrics.rows.map((r) => {
      const exercise = byId.get(r.exerciseId)!;
      return [
        exercise.title,
        r.exerciseId,
        exercise.startedAt.toISOString(),
        r.measure,
        r.nation,
        r.desk?.name ?? '',
        r.count,
        r.medianMinutes,
        r.meanMinutes,
        r.slowestMinutes,
      ];
    }),
    { header: true, columns: [...METRIC_CSV_COLUMNS], cast: { string: formulaSafeCell } },
  );
}
