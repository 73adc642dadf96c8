import { sql } from 'kysely';
import type { Insertable, Kysely, Selectable } from 'kysely';
import { readableBy } from './sql/releasability-sql';
import type { Reader } from '../../../shared/labels/label';
import type { DB, NotesTable } from '../schema';

export type NoteRow = Selectable<NotesTable>;

export function noteRepository(db: Kysely<DB>) {
  return {
    insert: (row: Insertable<NotesTable>) => db.insertInto('notes').values(row).execute(),
    insertMany: (rows: Insertable<NotesTable>[]) => db.insertInto('notes').values(rows).execute(),
    /** The note if `reader` may read it; otherwise nothing, exactly as if it did not exist. */
    findReadable: (id: string, reader: Reader) =>
      db.selectFrom('notes').selectAll().where('id', '=', id).where(readableBy(reader, 'notes')).executeTakeFirst(),
    /** Existence only, for the audit of a refused read; never shown to a reader. */
    exists: async (id: string) => (await db.selectFrom('notes').select('id').where('id', '=', id).executeTakeFirst()) !== undefined,
    findForUpdate: (id: string) => db.selectFrom('notes').selectAll().where('id', '=', id).forUpdate().executeTakeFirst(),
    listReadable: (reader: Reader, limit: number, after: { createdAt: Date; id: string } | null) => {
      let query = db.selectFrom('notes').selectAll().where(readableBy(reader, 'notes'));
      if (after) query = query.where(sql<boolean>`(notes.created_at, notes.id) < (${after.createdAt}, ${after.id})`);
      return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    },
    markRecalled: (id: string, version: number, labelVersion: number, at: Date) =>
      db
        .updateTable('notes')
        .set({ state: 'recalled', version, label_version: labelVersion, updated_at: at })
        .where('id', '=', id)
        .execute(),
  };
}
