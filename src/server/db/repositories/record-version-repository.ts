import type { Insertable, Kysely, Selectable } from 'kysely';
import { readableBy } from './sql/releasability-sql';
import type { Reader } from '../../../shared/labels/label';
import type { DB, RecordVersionsTable } from '../schema';

export type RecordVersionRow = Selectable<RecordVersionsTable>;

/** Versions of actors and indicators (incidents keep theirs in incident_versions). */
export function recordVersionRepository(db: Kysely<DB>) {
  return {
    insertMany: (rows: Insertable<RecordVersionsTable>[]) =>
      rows.length === 0 ? Promise.resolve([]) : db.insertInto('record_versions').values(rows).execute(),
    /** The versions whose own label the reader passes, oldest first, with their authors' names. */
    readableVersions: (kind: string, id: string, reader: Reader) =>
      db
        .selectFrom('record_versions')
        .leftJoin('users', 'users.id', 'record_versions.changed_by')
        .selectAll('record_versions')
        .select('users.display_name as changed_by_name')
        .where('record_versions.record_kind', '=', kind)
        .where('record_versions.id', '=', id)
        .where(readableBy(reader, 'record_versions'))
        .orderBy('record_versions.version')
        .execute(),
  };
}
