import type { ReleasableKind } from '../record-tables';
import { RELEASABLE_TABLES } from '../record-tables';
import { sql } from 'kysely';
import type { Insertable, Kysely } from 'kysely';
import { LABEL_COLUMN_NAMES } from '../../../shared/labels/label-columns';
import { readableBy } from './sql/releasability-sql';
import { anyText } from './sql/text-array';
import type { Reader } from '../../../shared/labels/label';
import type { DB, ImportedRecordsTable, LabelColumns } from '../schema';

/** The record kinds a STIX import writes, and their tables. */
export type ImportKind = ReleasableKind;
const TABLES = RELEASABLE_TABLES;

/** What the import needs to know of a record here: its version, when it last changed, its label. */
export type ImportTarget = LabelColumns & { id: string; version: number; updated_at: Date };

const CHUNK = 500;
async function inChunks<T>(rows: T[], write: (rows: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await write(rows.slice(i, i + CHUNK));
}

/** The statements of the STIX import (domain/stix/stix-import.ts): lookups before it plans, writes when it commits. */
export function stixImportRepository(db: Kysely<DB>) {
  return {
    /** Of these ids, the ones the reader may read, with what the import compares. */
    readable: async (kind: ImportKind, ids: string[], reader: Reader): Promise<ImportTarget[]> => {
      if (ids.length === 0) return [];
      const table = TABLES[kind];
      return db
        .selectFrom(table)
        .select(['id', 'version', 'updated_at', ...LABEL_COLUMN_NAMES])
        .where('id', '=', anyText(ids))
        .where(readableBy(reader, table))
        .execute();
    },
    /** Of these ids, the ones held by any record of the kind, whoever may read it (never shown: it only decides where a record is written). */
    taken: async (kind: ImportKind, ids: string[]): Promise<Set<string>> => {
      if (ids.length === 0) return new Set();
      const rows = await db.selectFrom(TABLES[kind]).select('id').where('id', '=', anyText(ids)).execute();
      return new Set(rows.map((r) => r.id));
    },
    /**
     * Of these STIX ids (of one kind), the ones recalled here, whoever may read what: a partner's
     * recall (a tombstone), this node's recall of a record published under it, a record at its id
     * recalled, or a record an import made of it recalled.
     */
    recalled: async (kind: ImportKind, stixIds: string[], ids: string[]): Promise<{ stixIds: Set<string>; ids: Set<string> }> => {
      if (stixIds.length === 0) return { stixIds: new Set(), ids: new Set() };
      const table = TABLES[kind];
      const [byStixId, atId] = await Promise.all([
        sql<{ stix_id: string }>`
          select stix_id from tombstones where stix_id = ${anyText(stixIds)}
          union select stix_id from recalls where stix_id = ${anyText(stixIds)}
          union select c.stix_id from imported_records c join ${sql.table(table)} t on t.id = c.record_id
            where c.record_kind = ${kind} and c.stix_id = ${anyText(stixIds)} and t.state = 'recalled'`
          .execute(db)
          .then((result) => result.rows),
        db.selectFrom(table).select('id').where('id', '=', anyText(ids)).where('state', '=', 'recalled').execute(),
      ]);
      return { stixIds: new Set(byStixId.map((r) => r.stix_id)), ids: new Set(atId.map((r) => r.id)) };
    },
    /** The records imports made from these STIX objects, oldest first. */
    copiesOf: (stixIds: string[]) =>
      stixIds.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('imported_records')
            .selectAll()
            .where('stix_id', '=', anyText(stixIds))
            .orderBy('imported_at')
            .orderBy('record_id')
            .execute(),
    /** Locks records about to change; the import checks again what it planned on. */
    lock: async (kind: ImportKind, ids: string[]) => {
      if (ids.length === 0) return [];
      return db
        .selectFrom(TABLES[kind])
        .select(['id', 'version', 'state', 'originator_org'])
        .where('id', '=', anyText(ids))
        .orderBy('id')
        .forUpdate()
        .execute();
    },
    insertLinks: (rows: Insertable<DB['record_links']>[]) =>
      inChunks(rows, (chunk) =>
        db
          .insertInto('record_links')
          .values(chunk)
          .onConflict((oc) => oc.doNothing())
          .execute(),
      ),
    insertProvenance: (rows: Insertable<ImportedRecordsTable>[]) =>
      inChunks(rows, (chunk) => db.insertInto('imported_records').values(chunk).execute()),
    bumpIncident: (id: string, version: number, at: Date) =>
      db.updateTable('incidents').set({ version, updated_at: at }).where('id', '=', id).execute(),
  };
}
