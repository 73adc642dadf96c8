/**
 * The database wrapper: Kysely over PGlite (embedded, default) or PostgreSQL (DATABASE_URL),
 * one SQL dialect. A transaction knows its after-commit side effects, which run only once the
 * commit has succeeded. A unit of work (unit-of-work.ts) is a handle of this class whose every
 * statement and transaction runs in one transaction that ends when the unit does.
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
import { UnitOfWork } from './unit-of-work';
import type { ConnectionSource } from './dialects/unit-connection';
import type { UnitSeal } from './unit-of-work';
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

/** How long a request waits for a PostgreSQL connection before it answers 503. */
const CONNECT_TIMEOUT_MS = 10_000;
/** How soon a lost LISTEN connection is opened again. */
const LISTEN_RETRY_MS = 1_000;

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
    /** Where Kysely takes its connections from; a unit of work holds one of them. */
    private readonly connections: ConnectionSource | null = null,
    /** Set on a unit of work's handle: its statements run in the unit's transaction. */
    readonly unit: UnitOfWork<unknown> | null = null,
    private readonly rootDatabase: Database | null = null,
    diskFull = new DiskFullWatch(),
  ) {
    this.diskFull = diskFull;
  }

  static async openPostgres(url: string, options: { max?: number; onError?: (e: unknown) => void } = {}): Promise<Database> {
    // A connection that cannot be made in time fails the request (503) rather than holding it.
    const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    const onError = options.onError ?? (() => {});
    pool.on('error', onError);
    const diskFull = new DiskFullWatch();
    const connections = new CopyAwarePgPool(pool);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: connections as never }), log: diskFull.observe });
    return new Database('postgresql', db, onError, null, pool, url, connections, null, null, diskFull);
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
    const connections = new PGlitePool(pglite);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: connections as never }), log: diskFull.observe });
    return new Database('pglite', db, () => {}, pglite, null, null, connections, null, null, diskFull);
  }

  /** The database itself, also when this is a unit of work's handle. */
  get root(): Database {
    return this.rootDatabase ?? this;
  }

  /**
   * Starts a unit of work: everything done through its `database` runs in one transaction (opened
   * at its first statement), which `seal` ends with its answer (see unit-of-work.ts).
   */
  beginUnit<A>(seal: UnitSeal<A>): UnitOfWork<A> {
    const root = this.root;
    if (!root.connections) throw new Error('this database has no connections to hold');
    return new UnitOfWork(root.connections, seal, root.onError, (unit, db) => root.boundTo(unit, db), root.diskFull);
  }

  private boundTo(unit: UnitOfWork<unknown>, db: Kysely<DB>): Database {
    return new Database(this.kind, db, this.onError, null, null, null, null, unit, this, this.diskFull);
  }

  /**
   * Runs `work` in a transaction. A transaction PostgreSQL aborted to break a deadlock or a
   * serialization conflict wrote nothing and is run again (up to three times).
   */
  async transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    // Inside a unit of work, a savepoint: it commits with the unit, or not at all.
    if (this.unit) return this.unit.nested(work);
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
    if (this.rootDatabase) return this.root.assertDurable();
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
   * Outside transactions only (it takes a connection of its own); in a unit of work it runs as is,
   * in the unit's transaction.
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
    if (this.rootDatabase) return this.root.listen(channel, onNotify);
    if (this.pglite) return this.pglite.listen(channel, onNotify);
    const url = this.url;
    if (!url) throw new Error('no database to listen on');
    // A lost connection (PostgreSQL restarted) is opened again; notifications missed meanwhile
    // count as one, given once it is back.
    let current: pg.Client | null = null;
    let retry: NodeJS.Timeout | null = null;
    let stopped = false;
    const connect = async (): Promise<void> => {
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
      client.on('error', this.onError);
      client.on('notification', (message) => {
        if (message.channel === channel) onNotify();
      });
      try {
        await client.connect();
        await client.query(`listen "${channel.replace(/"/g, '')}"`);
      } catch (error) {
        void client.end().catch(() => {});
        throw error;
      }
      if (stopped) return client.end();
      current = client;
      const lost = () => {
        if (current !== client) return;
        current = null;
        void client.end().catch(() => {});
        reconnectSoon();
      };
      client.on('error', lost);
      client.on('end', lost);
    };
    const reconnectSoon = () => {
      if (stopped || retry || current) return;
      retry = setTimeout(() => {
        retry = null;
        connect().then(onNotify, (error: unknown) => {
          this.onError(error);
          reconnectSoon();
        });
      }, LISTEN_RETRY_MS);
      retry.unref();
    };
    await connect();
    return async () => {
      stopped = true;
      if (retry) clearTimeout(retry);
      const client = current;
      current = null;
      await client?.end();
    };
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.root.db);
  }

  /** PGlite only: the whole data directory as a tarball (test templates; backups: ./embedded-backup.ts). */
  async dumpPGlite(compression: 'none' | 'gzip' = 'none'): Promise<Blob> {
    if (this.rootDatabase) return this.root.dumpPGlite(compression);
    if (!this.pglite) throw new Error('Only an embedded database can be dumped this way.');
    return this.pglite.dumpDataDir(compression);
  }

  async close(): Promise<void> {
    if (this.rootDatabase) throw new Error('a unit of work ends with its request; it does not close the database');
    await this.db.destroy();
  }
}
