/**
 * Moves hotline escalations whose timer is due. The timers are rows (`alert_targets.due_at`), so
 * a restart loses none: whatever fell due while the node was down moves at the first run, right at
 * the start. Several processes share the work (`SKIP LOCKED`).
 */
import { runDueEscalations } from '../domain/hotline/alert-service';
import { startIntervalJob } from './interval-job';
import type { Context } from '../context';

export const startEscalationJob = (ctx: Context, intervalMs = 5_000) =>
  startIntervalJob(ctx, 'escalation run', intervalMs, () => runDueEscalations(ctx), { runAtStart: true });
