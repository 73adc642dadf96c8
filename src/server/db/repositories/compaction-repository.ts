import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { DB } from '../schema';

/** The tables a purge of each record kind deletes from (federation/apply.ts, purgeRecord; replica-repository.ts, purge). */
export const PURGED_TABLES = {
  incident: ['incidents', 'incident_versions', 'attachments', 'saved_search_hits', 'record_links', 'stix_objects'],
  actor: ['actors', 'record_versions', 'record_links', 'stix_objects'],
  indicator: ['indicators', 'record_versions', 'record_links', 'stix_objects'],
} as const;
export type PurgedTable = (typeof PURGED_TABLES)[keyof typeof PURGED_TABLES][number];

/** Indexes that hold a record's content (words of its text, a name, a value), not only ids, by table. */
export const CONTENT_INDEXES: Partial<Record<PurgedTable, string[]>> = {
  incidents: ['incidents_search'],
  actors: ['actors_name'],
  indicators: ['indicators_value'],
};

/**
 * Maintenance after purges (federation/purge-compaction.ts): which kinds wait, and the statements
 * that rewrite what a purge left in the database's files. None of these runs in a transaction.
 */
export function compactionRepository(db: Kysely<DB>) {
  return {
    /** Notes, in the purging transaction, that a kind's tables wait to be compacted. */
    request: (kind: keyof typeof PURGED_TABLES, at: Date) =>
      db
        .insertInto('purge_compactions')
        .values({ record_kind: kind, requested_at: at })
        .onConflict((oc) => oc.column('record_kind').doUpdateSet({ requested_at: (eb) => eb.ref('excluded.requested_at') }))
        .execute(),
    pending: () => db.selectFrom('purge_compactions').select(['record_kind', 'requested_at']).execute(),
    /** Forgets a request compacted; one made again meanwhile (a later time) stays. */
    done: (kind: string, requestedAt: Date) =>
      db.deleteFrom('purge_compactions').where('record_kind', '=', kind).where('requested_at', '<=', requestedAt).execute(),
    /** The table's size on disk with its indexes and TOAST, in bytes. */
    size: async (table: PurgedTable) =>
      Number(
        (await sql<{ bytes: string | number }>`select pg_total_relation_size(${table}::regclass) as bytes`.execute(db)).rows[0]?.bytes,
      ),
    /** Writes the table and its indexes anew, without the deleted rows (the table is locked meanwhile). */
    rewrite: (table: PurgedTable) => sql`vacuum full ${sql.table(table)}`.execute(db),
    /** Frees the deleted rows' space (their bytes may stay in a page's free space until reused). */
    vacuum: (table: PurgedTable) => sql`vacuum ${sql.table(table)}`.execute(db),
    /** Builds an index anew; `concurrently` keeps the table writable meanwhile (PostgreSQL). */
    reindex: (index: string, concurrently: boolean) =>
      sql`reindex index ${concurrently ? sql`concurrently ` : sql``}${sql.table(index)}`.execute(db),
    /**
     * The embedded database (one session): deletes finished WAL segments rather than keeping them,
     * old bytes and all, for reuse; `persist` also for the next starts (postgresql.auto.conf).
     */
    removeUsedWal: async (options: { persist: boolean }) => {
      if (options.persist) await sql`alter system set wal_recycle = off`.execute(db);
      await sql`set wal_recycle = off`.execute(db);
    },
    /** Starts a new WAL segment, so the one that holds the purged rows is finished and can go. */
    switchWal: () => sql`select pg_switch_wal()`.execute(db),
    /** Writes every changed page to the files now (and lets finished WAL segments go). */
    checkpoint: () => sql`checkpoint`.execute(db),
  };
}
