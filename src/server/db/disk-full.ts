/**
 * A full disk under the database: recognised on both databases (PostgreSQL's SQLSTATE 53100
 * `disk_full`, "could not extend file …: No space left on device", or ENOSPC from the file
 * system), answered as a 503 that says so, and remembered until a write succeeds again so that
 * `/healthz` and the log can name the cause. Nothing is retried: PostgreSQL rolled the
 * transaction back, so the client sees a clean failure and sends the write again later.
 */
import type { LogEvent } from 'kysely';

export const DISK_FULL_MESSAGE =
  "The node's disk is full: nothing was saved. Try again once the node's operators have freed space; no restart is needed.";

export function isDiskFull(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const { code, message, statusCode } = error as { code?: unknown; message?: unknown; statusCode?: unknown };
  if (code === '53100' || code === 'ENOSPC') return true;
  // The wording alone only from the database or the system, never from an HTTP error that may quote a request.
  return statusCode === undefined && typeof message === 'string' && /no space left on device|could not extend file/i.test(message);
}

export interface DiskFullState {
  /** The database's own words, for the operator (file names, no record data). */
  detail: string;
}

// A statement's own success says little (the next one in its transaction may fail); a commit says space is back.
const COMMIT = /^\s*commit\b/i;

/**
 * Watches every statement the database runs (Kysely's log hook): a disk-full error sets the state,
 * the next successful commit clears it. Listeners hear each change once.
 */
export class DiskFullWatch {
  private state: DiskFullState | null = null;
  private readonly listeners = new Set<(state: DiskFullState | null) => void>();

  current(): DiskFullState | null {
    return this.state;
  }

  /** Kysely's `log` option. */
  readonly observe = (event: LogEvent): void => {
    if (event.level === 'error') {
      if (isDiskFull(event.error)) this.saw(event.error);
    } else if (COMMIT.test(event.query.sql)) {
      this.committed();
    }
  };

  /** A transaction committed (also one committed outside Kysely: a unit of work's). */
  committed(): void {
    if (this.state) this.change(null);
  }

  saw(error: unknown): void {
    if (this.state) return;
    const detail = String((error as { message?: unknown }).message ?? error).slice(0, 300);
    this.change({ detail });
  }

  onChange(listener: (state: DiskFullState | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private change(state: DiskFullState | null): void {
    this.state = state;
    for (const listener of this.listeners) listener(state);
  }
}
