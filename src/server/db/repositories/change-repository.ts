import type { Kysely } from 'kysely';
import type { DB } from '../schema';

/** Sequenced change records: the stream and the federation feed read from these. */
export function changeRepository(db: Kysely<DB>) {
  return {
    /** Adds change records, a thousand to a statement (five parameters each, well under PostgreSQL's 65,535). */
    record: async (rows: { at: Date; record_kind: string; record_id: string; version: number; change: string }[]) => {
      for (let i = 0; i < rows.length; i += 1_000)
        await db
          .insertInto('changes')
          .values(rows.slice(i, i + 1_000))
          .execute();
    },
  };
}
