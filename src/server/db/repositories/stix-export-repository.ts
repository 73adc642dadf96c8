import { sql } from 'kysely';
import { LABEL_COLUMN_NAMES } from '../../../shared/labels/label-columns';
import type { Kysely } from 'kysely';
import type { DB, LabelColumns } from '../schema';

/** A published object of a record version, as the bundle export serves it: its forms as the JSON text stored. */
export interface PublishedVersionRow {
  seq: number;
  stix_id: string;
  record_kind: string;
  record_id: string;
  version: number;
  object: string;
  stripped: string | null;
  label: LabelColumns;
}

/** What the STIX bundle export reads beside the records: their published objects and their creators' organisations. */
export function stixExportRepository(db: Kysely<DB>) {
  return {
    /** The organisations that created records, for their identities. */
    organisations: (ids: string[]) =>
      ids.length === 0
        ? Promise.resolve([])
        : db.selectFrom('organisations').select(['id', 'name', 'nation']).where('id', 'in', ids).execute(),
    /**
     * Every published object (the record's and its companions') of the records with these ids, in
     * publishing order; the caller keeps the versions it exports.
     */
    publishedObjects: async (recordIds: string[]): Promise<PublishedVersionRow[]> => {
      if (recordIds.length === 0) return [];
      const rows = await db
        .selectFrom('stix_objects')
        .select(['seq', 'stix_id', 'record_kind', 'record_id', 'version', ...LABEL_COLUMN_NAMES])
        .select([sql<string>`object::text`.as('object'), sql<string | null>`stripped::text`.as('stripped')])
        .where('record_id', 'in', recordIds)
        .orderBy('seq')
        .execute();
      return rows.map((row) => ({
        seq: Number(row.seq),
        stix_id: row.stix_id,
        record_kind: row.record_kind,
        record_id: row.record_id,
        version: row.version,
        object: row.object,
        stripped: row.stripped,
        label: Object.fromEntries(LABEL_COLUMN_NAMES.map((column) => [column, row[column]])) as unknown as LabelColumns,
      }));
    },
  };
}
