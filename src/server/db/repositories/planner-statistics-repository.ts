import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { DB } from '../schema';

/** The query planner's statistics (ANALYZE), which the embedded database never gathers by itself. */
export function plannerStatisticsRepository(db: Kysely<DB>) {
  return {
    /**
     * Tables changed since their last ANALYZE by more than PostgreSQL's autovacuum lets pass
     * (50 rows and 10 % of the table), most changed first.
     */
    stale: async () =>
      (
        await sql<{ table: string }>`
          select relname as table from pg_stat_user_tables
          where schemaname = current_schema() and n_mod_since_analyze > 50 + 0.1 * n_live_tup
          order by n_mod_since_analyze desc`.execute(db)
      ).rows.map((row) => row.table),
    analyze: (table: string) => sql`analyze ${sql.table(table)}`.execute(db),
    /** The planner's idea of a table's size (-1 before its first ANALYZE). */
    estimatedRows: async (table: string) =>
      Number(
        (await sql<{ n: number }>`select reltuples as n from pg_class where oid = to_regclass(${table})`.execute(db)).rows[0]?.n ?? -1,
      ),
  };
}
