/**
 * How much exporting the node allows. One person runs at most CONCORD_EXPORTS_AT_ONCE exports at a
 * time and starts at most CONCORD_EXPORTS_PER_MINUTE in any minute, counted per app process
 * (beyond: 429 with Retry-After); and all exports together take turns at the database, one step
 * at a time per turn. An export reads and sends every readable incident that matches: without a
 * bound, one viewer starting twenty at once kept the node's database and event loop from everyone
 * else.
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

/** Turns given in the order they were asked for, at most `size` held at once. */
export class Turns {
  private readonly waiting: (() => void)[] = [];

  constructor(private free: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    }
  }
}

const turns = new WeakMap<Context, Turns>();

/**
 * Runs one step of an export (a page's query and its audit entry, a page's linked records) in its
 * turn. The embedded database has one connection and runs each query on the event loop: twenty
 * exports' pages queued on it kept a health check waiting for seconds, so exports read one step at
 * a time there, and everyone else's queries wait behind one step at most. PostgreSQL's pool lets a
 * few run side by side.
 */
export function inExportTurn<T>(ctx: Context, work: () => Promise<T>): Promise<T> {
  let queue = turns.get(ctx);
  if (!queue) {
    queue = new Turns(ctx.database.kind === 'pglite' ? 1 : 3);
    turns.set(ctx, queue);
  }
  return queue.run(work);
}
