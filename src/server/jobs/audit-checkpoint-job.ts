/** Signs an audit checkpoint every minute when the chain has grown. Stoppable; restart-safe. */
import { auditRepository } from '../db/repositories/audit-repository';
import { signCheckpoint } from '../domain/audit/audit-checkpoint';
import type { Context } from '../context';

export function startAuditCheckpointJob(ctx: Context, intervalMs = 60_000): { stop(): Promise<void> } {
  let lastSeq = -1;
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    const head = await auditRepository(ctx.database.db).head();
    if (Number(head.seq) !== lastSeq) {
      await signCheckpoint(ctx);
      lastSeq = Number(head.seq);
    }
  };
  const timer = setInterval(() => {
    running = tick().catch((error: unknown) => ctx.logger.warn({ err: error }, 'audit checkpoint failed'));
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
      await tick().catch(() => {});
    },
  };
}
