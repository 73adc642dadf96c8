import { inIdOrder, insertNewRows } from './sql/insert-new';
import { anyText } from './sql/text-array';
import { sql } from 'kysely';
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import { readableBy } from './sql/releasability-sql';
import type { Reader } from '../../../shared/labels/label';
import type { DB, IndicatorsTable } from '../schema';

export type IndicatorRow = Selectable<IndicatorsTable>;

export function indicatorRepository(db: Kysely<DB>) {
  return {
    insert: (row: Insertable<IndicatorsTable>) => db.insertInto('indicators').values(row).execute(),
    update: (id: string, set: Updateable<IndicatorsTable>) => db.updateTable('indicators').set(set).where('id', '=', id).execute(),
    findReadable: (id: string, reader: Reader) =>
      db.selectFrom('indicators').selectAll().where('id', '=', id).where(readableBy(reader, 'indicators')).executeTakeFirst(),
    findReadableMany: (ids: string[], reader: Reader) =>
      ids.length === 0
        ? Promise.resolve([])
        : db.selectFrom('indicators').selectAll().where('id', 'in', ids).where(readableBy(reader, 'indicators')).execute(),
    exists: async (id: string) => (await db.selectFrom('indicators').select('id').where('id', '=', id).executeTakeFirst()) !== undefined,
    /** The records of these ids, locked until the transaction ends (in id order, so writers lock in one order). */
    findManyForUpdate: (ids: string[]) =>
      inIdOrder(ids, (chunk) =>
        db.selectFrom('indicators').selectAll().where('id', '=', anyText(chunk)).orderBy('id').forUpdate().execute(),
      ),
    /** Inserts new records; answers the ids taken meanwhile (those rows are not written). */
    insertNew: (rows: Insertable<DB['indicators']>[]) => insertNewRows(db, 'indicators', rows),
    findForUpdate: (id: string) => db.selectFrom('indicators').selectAll().where('id', '=', id).forUpdate().executeTakeFirst(),
    /** Newest first; keyset on (created_at, id). */
    listReadable: (reader: Reader, filter: { type?: string; q?: string }, limit: number, after: { at: Date; id: string } | null) => {
      let query = db.selectFrom('indicators').selectAll().where(readableBy(reader, 'indicators'));
      if (filter.type) query = query.where('type', '=', filter.type);
      if (filter.q) query = query.where('value', 'like', `%${filter.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      if (after) query = query.where(sql<boolean>`(indicators.created_at, indicators.id) < (${after.at}, ${after.id})`);
      return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    },
  };
}
