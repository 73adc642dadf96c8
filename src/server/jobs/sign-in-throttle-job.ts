/** Forgets failed-sign-in counts whose window has ended, every ten minutes (a row per username tried, known or not). */
import { forgetEndedSignInWindows } from '../domain/auth/auth-service';
import { startIntervalJob } from './interval-job';
import type { Context } from '../context';
import type { IntervalJob } from './interval-job';

export function startSignInThrottleJob(ctx: Context, intervalMs = 600_000): IntervalJob {
  return startIntervalJob(ctx, 'sign-in throttle', intervalMs, () => forgetEndedSignInWindows(ctx));
}
