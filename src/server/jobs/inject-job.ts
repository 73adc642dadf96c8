/**
 * Fires exercise injects whose timer is due. The timers are rows (`exercise_injects.due_at`), so a
 * restart loses none: what fell due while the node was down fires at the first run, right at the
 * start, and an inject settles in the transaction that makes its record, so none fires twice.
 */
import { fireDueInjects } from '../domain/training/inject-firing';
import { startIntervalJob } from './interval-job';
import type { Context } from '../context';

export const startInjectJob = (ctx: Context, intervalMs = 5_000) =>
  startIntervalJob(ctx, 'exercise injects', intervalMs, () => fireDueInjects(ctx), { runAtStart: true });
