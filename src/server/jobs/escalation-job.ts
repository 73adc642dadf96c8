/**
 * Moves hotline escalations whose timer is due. The timers are rows (`alert_targets.due_at`), so
 * a restart loses none: whatever fell due while the node was down moves at the first wake-up.
 * Several processes share the work (`SKIP LOCKED`). Stoppable.
 */
import { runDueEscalations } from '../domain/hotline/alert-service';
import type { Context } from '../context';

export function startEscalationJob(ctx: Context, intervalMs = 5_000): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const wake = () => {
    running = running
      .then(() => runDueEscalations(ctx))
      .catch((error: unknown) => ctx.logger.warn({ err: error }, 'escalation run failed'));
  };
  wake();
  const timer = setInterval(wake, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
