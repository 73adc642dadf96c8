/** Sends queued e-mail every few seconds. Stoppable; several processes share the outbox (`SKIP LOCKED`). */
import { sendDueMail } from '../domain/mail/mail-outbox';
import type { Context } from '../context';

export function startMailJob(ctx: Context, intervalMs = 2_000): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(() => sendDueMail(ctx)).catch((error: unknown) => ctx.logger.warn({ err: error }, 'mail run failed'));
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
