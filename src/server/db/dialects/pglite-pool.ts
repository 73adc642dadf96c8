/**
 * Presents an embedded PGlite database as a one-connection `pg` pool, so Kysely's own
 * PostgresDialect drives both databases with the same SQL. PGlite has a single session, so a
 * connection is held exclusively (queued) from connect() until release(): a transaction never
 * interleaves with another query.
 *
 * PGlite runs a query on the event loop and answers within microtasks, so a queue of queries
 * handed on at once ran back to back without the event loop taking in anything new: a health
 * check waited seconds behind twenty exports. The connection is granted, and handed on, in a
 * later turn of the event loop (setImmediate), so new requests are read between queries.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { COPY_FROM_STDIN } from '../repositories/sql/copy-rows';
import type { PGlite } from '@electric-sql/pglite';

type Waiter = () => void;

export class PGlitePool {
  private busy = false;
  private readonly waiters: Waiter[] = [];

  constructor(readonly pglite: PGlite) {}

  async connect() {
    await nextTurn();
    if (this.busy) await new Promise<void>((resolve) => this.waiters.push(resolve));
    this.busy = true;
    let released = false;
    return {
      query: async (text: string, parameters: readonly unknown[] = []) => {
        // COPY … FROM STDIN (../copy-rows.ts): PGlite reads the data from its /dev/blob device.
        if (COPY_FROM_STDIN.test(text) && parameters.length === 1 && typeof parameters[0] === 'string') {
          const result = await this.pglite.query(text.replace(/from\s+stdin$/i, "from '/dev/blob'"), [], {
            blob: new Blob([parameters[0]]),
          });
          return { command: 'COPY', rowCount: result.affectedRows ?? 0, rows: [] };
        }
        // Without parameters, use the simple protocol so multi-statement scripts (migrations) run.
        const result =
          parameters.length === 0
            ? ((await this.pglite.exec(text)).at(-1) ?? { rows: [], affectedRows: 0 })
            : await this.pglite.query(text, parameters as unknown[]);
        return {
          command: commandOf(text),
          rowCount: result.affectedRows ?? result.rows.length,
          rows: result.rows,
        };
      },
      release: () => {
        if (released) return;
        released = true;
        const next = this.waiters.shift();
        if (next) setImmediate(next);
        else this.busy = false;
      },
    };
  }

  async end() {
    await this.pglite.close();
  }
}

function commandOf(text: string): string {
  const match = /^\s*(?:with\b[\s\S]*?\)\s*)?(insert|update|delete|merge|select)\b/i.exec(text);
  return (match?.[1] ?? 'SELECT').toUpperCase();
}
