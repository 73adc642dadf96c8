import type { Kysely } from 'kysely';
import type { DB } from '../schema';

/** Sequenced change records: the stream and the federation feed read from these. */
export function changeRepository(db: Kysely<DB>) {
  return {
    record: (rows: { at: Date; record_kind: string; record_id: string; version: number; change: string }[]) =>
      rows.length === 0
        ? Promise.resolve()
        : db
            .insertInto('changes')
            .values(rows)
            .execute()
            .then(() => undefined),
  };
}
