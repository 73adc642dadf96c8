/** Signs an audit checkpoint every minute when the chain has grown, and once more when stopping. */
import { auditRepository } from '../db/repositories/audit-repository';
import { signCheckpoint } from '../domain/audit/audit-checkpoint';
import { startIntervalJob } from './interval-job';
import type { Context } from '../context';
import type { IntervalJob } from './interval-job';

export function startAuditCheckpointJob(ctx: Context, intervalMs = 60_000): IntervalJob {
  let lastSeq = -1;
  const signIfGrown = async () => {
    const head = await auditRepository(ctx.database.db).head();
    if (Number(head.seq) !== lastSeq) {
      await signCheckpoint(ctx);
      lastSeq = Number(head.seq);
    }
  };
  const job = startIntervalJob(ctx, 'audit checkpoint', intervalMs, signIfGrown);
  return {
    wake: job.wake,
    async stop() {
      await job.stop();
      await signIfGrown().catch(() => {});
    },
  };
}
