/** Compacts the tables a recall purged (federation/purge-compaction.ts): woken after each apply that carried a recall, and every minute. */
import { compactPurged, keepNoUsedWal, registerCompactionWaker } from '../domain/federation/purge-compaction';
import { startIntervalJob } from './interval-job';
import type { Context } from '../context';

export function startPurgeCompactionJob(ctx: Context, intervalMs = 60_000) {
  let prepared = false;
  const job = startIntervalJob(
    ctx,
    'purge compaction',
    intervalMs,
    async () => {
      if (!prepared) await keepNoUsedWal(ctx);
      prepared = true;
      await compactPurged(ctx);
    },
    { runAtStart: true },
  );
  registerCompactionWaker(ctx, job.wake);
  return job;
}
