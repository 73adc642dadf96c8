/**
 * A unit of work: a request whose change and answer must commit together (an idempotent request,
 * domain/idempotency/). Its `database` is a handle whose statements all run in ONE transaction,
 * opened at the first statement; the domain's own transactions inside it become savepoints. The
 * unit ends with `finish(answer)`: `seal` writes the answer in that transaction, which then
 * commits — so the change and its answer are both stored or neither is — or with `abandon`, which
 * rolls everything back.
 *
 * A write that commits in a transaction of its own making (the group commit of incident creates)
 * joins the unit instead: it calls the unit's seal inside its own transaction, with the answer the
 * request gives once it has the write's result, and the unit finishes when that transaction has
 * committed. A unit is either: once joined, its own transaction may not open, and the reverse.
 */
import { Kysely, PostgresDialect, sql } from 'kysely';
import { UnitConnection } from './dialects/unit-connection';
import { isDiskFull } from './disk-full';
import type { DiskFullWatch } from './disk-full';
import type { ConnectionSource } from './dialects/unit-connection';
import type { Database, Transaction } from './database';
import type { DB } from './schema';

/** Writes the unit's answer, last, in the transaction of its change. Throws to roll it back. */
export type UnitSeal<A> = (db: Kysely<DB>, answer: A) => Promise<void>;

/** What a write committed elsewhere gets when it joins a unit. */
export interface JoinedUnit {
  /** Writes the unit's answer in the joining transaction; waits for the answer first. */
  seal(db: Kysely<DB>): Promise<void>;
  /** The joining write's outcome for this unit: the unit finishes when it has settled. */
  committedBy(outcome: Promise<unknown>): void;
}

export class UnitOfWork<A> {
  readonly database: Database;
  private readonly connection: UnitConnection;
  private joined: { outcome: Promise<unknown> } | null = null;
  private readonly answer: Promise<A>;
  private giveAnswer!: (answer: A) => void;
  private refuseAnswer!: (reason: unknown) => void;
  private readonly afterEnd: (() => Promise<void>)[] = [];
  private readonly afterCommit: (() => void | Promise<void>)[] = [];
  private savepoints = 0;

  constructor(
    connections: ConnectionSource,
    private readonly seal: UnitSeal<A>,
    private readonly onError: (error: unknown) => void,
    bind: (unit: UnitOfWork<unknown>, db: Kysely<DB>) => Database,
    /** The full-disk watch of the database the unit belongs to: it sees the unit's statements and commit. */
    private readonly diskFull?: DiskFullWatch,
  ) {
    this.connection = new UnitConnection(connections);
    this.database = bind(
      this as UnitOfWork<unknown>,
      new Kysely<DB>({ dialect: new PostgresDialect({ pool: this.connection as never }), ...(diskFull ? { log: diskFull.observe } : {}) }),
    );
    this.answer = new Promise<A>((resolve, reject) => {
      this.giveAnswer = resolve;
      this.refuseAnswer = reject;
    });
    // Only a joined write waits for the answer; an abandoned unit's refusal is no one's failure.
    this.answer.catch(() => {});
  }

  /** A transaction of the domain inside the unit: a savepoint, so a failed one undoes only itself. */
  async nested<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    const db = this.database.db;
    const savepoint = sql.raw(`unit_${++this.savepoints}`);
    await sql`savepoint ${savepoint}`.execute(db);
    try {
      const result = await work({ db, afterCommit: (effect) => this.afterCommit.push(effect) });
      await sql`release savepoint ${savepoint}`.execute(db);
      return result;
    } catch (error) {
      await sql`rollback to savepoint ${savepoint}`.execute(db).catch(() => {});
      throw error;
    }
  }

  /** Runs `work` once the unit has ended, committed or not (audit entries that must outlive it: appendAuditKept). */
  whenEnded(work: () => Promise<void>): void {
    this.afterEnd.push(work);
  }

  /** For a write that commits in a transaction of its own: see the file's comment. */
  join(): JoinedUnit {
    if (this.joined || this.connection.opened)
      throw new Error('A unit of work commits in one transaction, and this one has written elsewhere already.');
    const joined = { outcome: Promise.resolve() as Promise<unknown> };
    this.joined = joined;
    // The embedded database has one connection, which the joining write holds until it commits.
    this.connection.refuse('A unit of work joined to another write cannot write by itself.');
    return {
      seal: async (db) => this.seal(db, await this.answer),
      committedBy: (outcome) => {
        joined.outcome = outcome;
      },
    };
  }

  /** Stores `answer` with the change and commits both; throws when they could not be committed. */
  async finish(answer: A): Promise<void> {
    try {
      if (this.joined) {
        this.giveAnswer(answer);
        await this.joined.outcome;
        return;
      }
      try {
        await this.seal(this.database.db, answer);
        await this.connection.commit();
        this.diskFull?.committed();
      } catch (error) {
        if (isDiskFull(error)) this.diskFull?.saw(error);
        await this.connection.rollback();
        throw error;
      }
    } finally {
      await this.end();
    }
    for (const effect of this.afterCommit) {
      try {
        await effect();
      } catch (error) {
        this.onError(error);
      }
    }
  }

  /** Rolls back whatever the unit did; a joined write fails this unit's part. */
  async abandon(reason: unknown): Promise<void> {
    this.refuseAnswer(reason);
    const outcome = this.joined?.outcome;
    await this.connection.rollback();
    await outcome?.catch(() => {});
    await this.end();
  }

  private async end(): Promise<void> {
    for (const work of this.afterEnd.splice(0)) {
      try {
        await work();
      } catch (error) {
        this.onError(error);
      }
    }
  }
}
