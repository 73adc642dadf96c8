/** Checks saved searches for new matches every few seconds. Stoppable; several processes share the work. */
import { checkSavedSearches } from '../domain/saved-searches/saved-search-service';
import type { Context } from '../context';

export function startSavedSearchJob(ctx: Context, intervalMs = 10_000): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running
      .then(() => checkSavedSearches(ctx))
      .catch((error: unknown) => ctx.logger.warn({ err: error }, 'saved search check failed'));
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
