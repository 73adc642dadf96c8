import { inIdOrder, insertNewRows } from './sql/insert-new';
import { anyText } from './sql/text-array';
import { sql } from 'kysely';
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import { readableBy } from './sql/releasability-sql';
import type { Reader } from '../../../shared/labels/label';
import type { ActorsTable, DB } from '../schema';

export type ActorRow = Selectable<ActorsTable>;

export function actorRepository(db: Kysely<DB>) {
  return {
    insert: (row: Insertable<ActorsTable>) => db.insertInto('actors').values(row).execute(),
    update: (id: string, set: Updateable<ActorsTable>) => db.updateTable('actors').set(set).where('id', '=', id).execute(),
    findReadable: (id: string, reader: Reader) =>
      db.selectFrom('actors').selectAll().where('id', '=', id).where(readableBy(reader, 'actors')).executeTakeFirst(),
    findReadableMany: (ids: string[], reader: Reader) =>
      ids.length === 0
        ? Promise.resolve([])
        : db.selectFrom('actors').selectAll().where('id', 'in', ids).where(readableBy(reader, 'actors')).execute(),
    exists: async (id: string) => (await db.selectFrom('actors').select('id').where('id', '=', id).executeTakeFirst()) !== undefined,
    /** The records of these ids, locked until the transaction ends (in id order, so writers lock in one order). */
    findManyForUpdate: (ids: string[]) =>
      inIdOrder(ids, (chunk) => db.selectFrom('actors').selectAll().where('id', '=', anyText(chunk)).orderBy('id').forUpdate().execute()),
    /** Inserts new records; answers the ids taken meanwhile (those rows are not written). */
    insertNew: (rows: Insertable<DB['actors']>[]) => insertNewRows(db, 'actors', rows),
    findForUpdate: (id: string) => db.selectFrom('actors').selectAll().where('id', '=', id).forUpdate().executeTakeFirst(),
    /** Newest first; keyset on (created_at, id). */
    listReadable: (reader: Reader, filter: { kind?: string; q?: string }, limit: number, after: { at: Date; id: string } | null) => {
      let query = db.selectFrom('actors').selectAll().where(readableBy(reader, 'actors'));
      if (filter.kind) query = query.where('kind', '=', filter.kind);
      if (filter.q) {
        const pattern = `%${filter.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        query = query.where(
          sql<boolean>`(lower(name) like ${pattern} or exists (select 1 from unnest(aliases) a where lower(a) like ${pattern}))`,
        );
      }
      if (after) query = query.where(sql<boolean>`(actors.created_at, actors.id) < (${after.at}, ${after.id})`);
      return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    },
  };
}
