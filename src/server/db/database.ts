/**
 * The database wrapper: Kysely over PGlite (embedded, default) or PostgreSQL (DATABASE_URL),
 * one SQL dialect. A transaction knows its after-commit side effects, which run only once the
 * commit has succeeded.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { RawBuilder } from 'kysely';
import pg from 'pg';
import { PGlitePool } from './dialects/pglite-pool';
import { CopyAwarePgPool } from './dialects/copy-aware-pg-pool';
import { DiskFullWatch } from './disk-full';
import type { DB } from './schema';

export type DatabaseKind = 'pglite' | 'postgresql';
export type Executor = Kysely<DB>;

export interface Transaction {
  db: Kysely<DB>;
  /** Runs `effect` after a successful commit; never inside the transaction. */
  afterCommit(effect: () => void | Promise<void>): void;
}

// int8 (counts, sequences) as numbers on both drivers; our values stay far below 2^53.
pg.types.setTypeParser(20, (value) => Number(value));

/** PostgreSQL aborted the transaction to break a deadlock (40P01) or a serialization conflict (40001). */
export function isRetryableConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}

export class Database {
  /** Whether the last write failed for a full disk (see ./disk-full.ts). */
  readonly diskFull: DiskFullWatch;

  private constructor(
    readonly kind: DatabaseKind,
    readonly db: Kysely<DB>,
    private readonly onError: (error: unknown) => void,
    private readonly pglite: PGlite | null = null,
    private readonly pool: pg.Pool | null = null,
    /** PostgreSQL's URL, for the connection that listens for notifications. */
    private readonly url: string | null = null,
    diskFull = new DiskFullWatch(),
  ) {
    this.diskFull = diskFull;
  }

  static async openPostgres(url: string, options: { max?: number; onError?: (e: unknown) => void } = {}): Promise<Database> {
    const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
    const onError = options.onError ?? (() => {});
    pool.on('error', onError);
    const diskFull = new DiskFullWatch();
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: new CopyAwarePgPool(pool) as never }), log: diskFull.observe });
    return new Database('postgresql', db, onError, null, pool, url, diskFull);
  }

  /**
   * Opens (creating on first use) an embedded database in `dataDir`, or in memory when null. A new
   * database is unpacked from `templateFile` (an empty, migrated data directory built by
   * `scripts/build.mjs`) when there is one: much faster than PostgreSQL's initdb under WASM.
   */
  static async openPGlite(dataDir: string | null, options: { loadDataDir?: Blob; templateFile?: string } = {}): Promise<Database> {
    let loadDataDir = options.loadDataDir;
    if (dataDir) {
      fs.mkdirSync(path.dirname(dataDir), { recursive: true });
      const isNew = !fs.existsSync(path.join(dataDir, 'PG_VERSION'));
      if (isNew && !loadDataDir && options.templateFile && fs.existsSync(options.templateFile)) {
        loadDataDir = new Blob([fs.readFileSync(options.templateFile)]);
      }
    }
    const pglite = await PGlite.create({
      ...(dataDir ? { dataDir } : {}),
      ...(loadDataDir ? { loadDataDir } : {}),
      parsers: { 20: (value: string) => Number(value) },
    });
    const diskFull = new DiskFullWatch();
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: new PGlitePool(pglite) as never }), log: diskFull.observe });
    return new Database('pglite', db, () => {}, pglite, null, null, diskFull);
  }

  /**
   * Runs `work` in a transaction. A transaction PostgreSQL aborted to break a deadlock or a
   * serialization conflict wrote nothing and is run again (up to three times).
   */
  async transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const effects: (() => void | Promise<void>)[] = [];
      let result: T;
      try {
        result = await this.db.transaction().execute((trx) => work({ db: trx, afterCommit: (e) => effects.push(e) }));
      } catch (error) {
        if (attempt < 3 && isRetryableConflict(error)) {
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
          continue;
        }
        throw error;
      }
      for (const effect of effects) {
        try {
          await effect();
        } catch (error) {
          this.onError(error);
        }
      }
      return result;
    }
  }

  /** Durability guard: a node refuses to run on a PostgreSQL that may lose acknowledged writes. */
  async assertDurable(): Promise<void> {
    if (this.kind !== 'postgresql') return;
    const problems: string[] = [];
    for (const setting of ['fsync', 'synchronous_commit'] as const) {
      const result = await sql<{ value: string }>`select current_setting(${setting}) as value`.execute(this.db);
      const value = result.rows[0]?.value;
      if (value === 'off') problems.push(`${setting} is off`);
    }
    if (problems.length > 0) {
      throw new Error(
        `PostgreSQL is configured to lose acknowledged writes (${problems.join(', ')}). Set fsync = on and synchronous_commit = on, then start again.`,
      );
    }
  }

  /**
   * Runs a hot statement whose text never changes as a named prepared statement on PostgreSQL:
   * parsed and planned once per connection instead of on every call. On PGlite it runs as is.
   * Outside transactions only (it takes a connection of its own).
   */
  async executePrepared<R>(name: string, query: RawBuilder<R>): Promise<R[]> {
    const compiled = query.compile(this.db);
    if (!this.pool) return (await this.db.executeQuery(compiled)).rows;
    const result = await this.pool.query({ name, text: compiled.sql, values: [...compiled.parameters] });
    return result.rows as R[];
  }

  /**
   * Calls `onNotify` on every NOTIFY of `channel` (after the notifying transaction commits), on a
   * connection of its own (PostgreSQL) or the embedded database's own listener. Returns the stop.
   */
  async listen(channel: string, onNotify: () => void): Promise<() => Promise<void>> {
    if (this.pglite) return this.pglite.listen(channel, onNotify);
    if (!this.url) throw new Error('no database to listen on');
    const client = new pg.Client({ connectionString: this.url });
    client.on('error', this.onError);
    client.on('notification', (message) => {
      if (message.channel === channel) onNotify();
    });
    await client.connect();
    await client.query(`listen "${channel.replace(/"/g, '')}"`);
    return () => client.end();
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  /** PGlite only: the whole data directory as a tarball (test templates; backups: ./embedded-backup.ts). */
  async dumpPGlite(compression: 'none' | 'gzip' = 'none'): Promise<Blob> {
    if (!this.pglite) throw new Error('Only an embedded database can be dumped this way.');
    return this.pglite.dumpDataDir(compression);
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}
