/**
 * Background work that runs every `intervalMs`: one run at a time (a slow run delays the next
 * rather than overlapping it), a failed run logged and retried at the next tick, and a stop that
 * waits for the run in progress. Restart safety is the work's own: it keeps its state in the
 * database.
 */
import type { Context } from '../context';

export interface IntervalJob {
  /** Runs now (after the run in progress) rather than at the next tick; wakes while one is waiting count once. */
  wake: () => void;
  stop(): Promise<void>;
}

export function startIntervalJob(
  ctx: Context,
  name: string,
  intervalMs: number,
  run: () => Promise<unknown>,
  options: { runAtStart?: boolean } = {},
): IntervalJob {
  let running: Promise<unknown> = Promise.resolve();
  let waiting = false;
  const tick = () => {
    if (waiting) return;
    waiting = true;
    running = running
      .then(() => {
        waiting = false;
        return run();
      })
      .catch((error: unknown) => ctx.logger.warn({ err: error }, `${name} failed`));
  };
  if (options.runAtStart) tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    wake: tick,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
