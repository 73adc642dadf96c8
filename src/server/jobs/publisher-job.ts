/**
 * Publishes new record versions as signed STIX objects: woken by each committed change
 * (LISTEN/NOTIFY) and every second as a safety net; one process at a time (advisory lock).
 */
import { publishDue } from '../domain/taxii/publisher';
import { startIntervalJob } from './interval-job';
import type { Context } from '../context';

export async function startPublisherJob(ctx: Context, intervalMs = 1_000) {
  const job = startIntervalJob(
    ctx,
    'stix publisher',
    intervalMs,
    async () => {
      while ((await publishDue(ctx)) > 0);
    },
    { runAtStart: true },
  );
  const stopListening = await ctx.database.listen('concord_changes', () => job.wake());
  return {
    wake: job.wake,
    async stop() {
      await stopListening();
      await job.stop();
    },
  };
}
