import type { Insertable, Kysely, Selectable } from 'kysely';
import { readableBy } from '../releasability-sql';
import type { Reader } from '../../../shared/labels/label';
import type { DB, RecordVersionsTable } from '../schema';

export type RecordVersionRow = Selectable<RecordVersionsTable>;

/** Versions of actors and indicators (incidents keep theirs in incident_versions). */
export function recordVersionRepository(db: Kysely<DB>) {
  return {
    insert: (row: Insertable<RecordVersionsTable>) => db.insertInto('record_versions').values(row).execute(),
    /** The versions whose own label the reader passes, oldest first. */
    readableVersions: (kind: string, id: string, reader: Reader) =>
      db
        .selectFrom('record_versions')
        .selectAll()
        .where('record_kind', '=', kind)
        .where('id', '=', id)
        .where(readableBy(reader, 'record_versions'))
        .orderBy('version')
        .execute(),
  };
}
