/**
 * How many exports one person may run: at most CONCORD_EXPORTS_AT_ONCE at a time and
 * CONCORD_EXPORTS_PER_MINUTE started in any minute, counted per app process. An export reads and
 * sends every readable incident that matches; without a bound one viewer starting twenty at once
 * kept the node's database and event loop from everyone else. Beyond it: 429 with Retry-After.
 */
import { AppError } from '../app-error';
import type { Context } from '../../context';

const MINUTE_MS = 60_000;
/** A running export's end cannot be foreseen: a try after a few seconds is a fair guess. */
const BUSY_RETRY_SECONDS = 5;

export class ExportAllowance {
  private readonly running = new Map<string, number>();
  private readonly started = new Map<string, number[]>();

  constructor(
    private readonly atOnce: number,
    private readonly perMinute: number,
  ) {}

  /** Takes a place for `personId`'s export at `now` (ms), or refuses; the answer gives it back (once). */
  take(personId: string, now: number): () => void {
    const recent = (this.started.get(personId) ?? []).filter((at) => at > now - MINUTE_MS);
    if (recent.length >= this.perMinute) {
      throw AppError.tooManyRequests(
        `You have started ${this.perMinute} export(s) in the last minute, the most this node allows; try again in a minute.`,
        (recent[0]! + MINUTE_MS - now) / 1000,
      );
    }
    const running = this.running.get(personId) ?? 0;
    if (running >= this.atOnce) {
      throw AppError.tooManyRequests(
        `You already have ${running} export(s) running, the most this node allows at once; wait for one to finish.`,
        BUSY_RETRY_SECONDS,
      );
    }
    recent.push(now);
    this.started.set(personId, recent);
    this.running.set(personId, running + 1);
    let given = false;
    return () => {
      if (given) return;
      given = true;
      const left = (this.running.get(personId) ?? 1) - 1;
      if (left > 0) this.running.set(personId, left);
      else this.running.delete(personId);
    };
  }
}

const allowances = new WeakMap<Context, ExportAllowance>();

/** This process's allowance for the context's node. */
export function exportAllowanceOf(ctx: Context): ExportAllowance {
  let allowance = allowances.get(ctx);
  if (!allowance) {
    allowance = new ExportAllowance(ctx.config.exportsAtOnce, ctx.config.exportsPerMinute);
    allowances.set(ctx, allowance);
  }
  return allowance;
}
