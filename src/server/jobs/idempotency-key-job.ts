/** Forgets Idempotency-Keys past their time (domain/idempotency/), every ten minutes. */
import { forgetExpiredKeys } from '../domain/idempotency/idempotent-requests';
import { startIntervalJob } from './interval-job';
import type { Context } from '../context';
import type { IntervalJob } from './interval-job';

export function startIdempotencyKeyJob(ctx: Context, intervalMs = 600_000): IntervalJob {
  return startIntervalJob(ctx, 'idempotency keys', intervalMs, () => forgetExpiredKeys(ctx));
}
