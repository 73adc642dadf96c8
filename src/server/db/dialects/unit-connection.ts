/**
 * One connection held by a unit of work (../unit-of-work.ts), presented to Kysely as a pool: it is
 * taken from the database's own pool (PGlitePool or CopyAwarePgPool) and opened with BEGIN at the
 * unit's first statement, every statement of the unit runs on it, and it goes back to the pool
 * when the unit commits or rolls back. Nothing is taken until a statement needs it, so a unit that
 * writes elsewhere (a group commit) never holds the embedded database's only connection.
 */

interface PooledConnection {
  query(text: string, parameters: readonly unknown[]): Promise<unknown>;
  release(destroy?: boolean): void;
}

/** What the database's pools offer. */
export interface ConnectionSource {
  connect(): Promise<PooledConnection>;
}

export class UnitConnection {
  private held: Promise<PooledConnection> | null = null;
  private refusal: string | null = null;

  constructor(private readonly source: ConnectionSource) {}

  /** Whether a statement has opened the transaction. */
  get opened(): boolean {
    return this.held !== null;
  }

  /** From now on a statement that would open the transaction fails with `reason` instead. */
  refuse(reason: string): void {
    this.refusal = reason;
  }

  async connect(): Promise<PooledConnection> {
    if (!this.held) {
      if (this.refusal) throw new Error(this.refusal);
      this.held = this.begin();
    }
    const connection = await this.held;
    // Kysely releases after each statement; the connection stays with the unit until it ends.
    return { query: (text, parameters) => connection.query(text, parameters), release: () => {} };
  }

  private async begin(): Promise<PooledConnection> {
    const connection = await this.source.connect();
    try {
      await connection.query('begin', []);
      return connection;
    } catch (error) {
      connection.release(true);
      throw error;
    }
  }

  /** Commits what the unit wrote (nothing to do when nothing was). */
  async commit(): Promise<void> {
    const connection = await this.take();
    if (!connection) return;
    try {
      await connection.query('commit', []);
    } catch (error) {
      connection.release(true);
      throw error;
    }
    connection.release();
  }

  /** Rolls back; a connection that cannot even do that is dropped (its transaction dies with it). */
  async rollback(): Promise<void> {
    const connection = await this.take().catch(() => null);
    if (!connection) return;
    try {
      await connection.query('rollback', []);
      connection.release();
    } catch {
      connection.release(true);
    }
  }

  /** The held connection, once: after commit or rollback the unit has ended. */
  private async take(): Promise<PooledConnection | null> {
    const held = this.held;
    this.held = null;
    this.refusal = 'This unit of work has ended.';
    return held;
  }

  /** Kysely's pool interface; the unit's connection is given back by commit or rollback. */
  async end(): Promise<void> {}
}
