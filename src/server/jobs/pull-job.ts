/** Pulls from every peer every few seconds, and at once when a peer pokes (federation). */
import { pullAll, registerPullWaker } from '../domain/federation/pull';
import { startIntervalJob } from './interval-job';
import type { Context } from '../context';

export function startPullJob(ctx: Context, intervalMs = ctx.config.pullIntervalMs) {
  const job = startIntervalJob(ctx, 'federation pull', intervalMs, () => pullAll(ctx), { runAtStart: true });
  registerPullWaker(ctx, job.wake);
  return job;
}
