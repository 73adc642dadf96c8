/**
 * Partners' records as this node keeps them (federation/apply.ts): which versions are here, the
 * rows a received version replaces, and the purge a recall makes. The apply holds the publisher's
 * lock, so nobody else adds one of these ids meanwhile.
 */
import type { ReleasableKind } from '../record-tables';
import { RELEASABLE_TABLES } from '../record-tables';
import { sql } from 'kysely';
import { INCIDENT_COLUMN_TYPES, INCIDENT_VERSION_COLUMN_TYPES, recordsetInsert } from './sql/bulk-insert';
import { copyNewRows, copyRows } from './sql/copy-rows';
import { anyText } from './sql/text-array';
import type { Insertable, Kysely } from 'kysely';
import type { DB, RecordVersionsTable } from '../schema';

export type ReplicaKind = ReleasableKind;
const TABLES = RELEASABLE_TABLES;

/** A row for a JSON recordset or COPY: its JSON columns (kept as text for Kysely) as values. */
function jsonColumnsParsed(row: object): Record<string, unknown> {
  const out: Record<string, unknown> = { ...row };
  for (const column of ['killed', 'wounded', 'abducted', 'sources', 'sources_label', 'proposed_label', 'snapshot'])
    if (typeof out[column] === 'string') out[column] = JSON.parse(out[column] as string) as unknown;
  return out;
}

export function replicaRepository(db: Kysely<DB>) {
  return {
    /** The published versions here of these STIX ids. */
    presentVersions: (stixIds: string[]) =>
      db.selectFrom('stix_objects').select(['stix_id', 'version']).where('stix_id', '=', anyText(stixIds)).execute(),
    /** The records of a kind here among `ids`, locked until the transaction ends. */
    lockedCurrent: (kind: ReplicaKind, ids: string[]) =>
      db.selectFrom(TABLES[kind]).select(['id', 'version', 'originator_nation']).where('id', '=', anyText(ids)).forUpdate().execute(),
    /**
     * Incidents (the bulk of a catch-up): those not here yet (`isNew`) through COPY, those here
     * replaced by one upsert with the rows as one JSON parameter.
     */
    writeIncidents: async (rows: object[], isNew: (row: object) => boolean) => {
      await copyRows(db, 'incidents', INCIDENT_COLUMN_TYPES, rows.filter(isNew).map(jsonColumnsParsed));
      const present = rows.filter((row) => !isNew(row));
      if (present.length > 0)
        await recordsetInsert('incidents', INCIDENT_COLUMN_TYPES, present.map(jsonColumnsParsed), { upsertOn: 'id' }).execute(db);
    },
    /** Inserts actors or indicators, or replaces every column but the id and the author of those present. */
    upsertRows: async (kind: 'actor' | 'indicator', rows: object[]) => {
      const columns = Object.keys(rows[0]!).filter((c) => c !== 'id' && c !== 'created_by');
      await (db.insertInto(TABLES[kind]) as ReturnType<Kysely<DB>['insertInto']>)
        .values(rows as never)
        .onConflict((oc) => oc.column('id').doUpdateSet(Object.fromEntries(columns.map((c) => [c, sql.ref(`excluded.${c}`)])) as never))
        .execute();
    },
    /** Received versions; one already here is kept (as `on conflict do nothing` would). */
    addIncidentVersions: (versions: object[]) =>
      copyNewRows(db, 'incident_versions', INCIDENT_VERSION_COLUMN_TYPES, versions.map(jsonColumnsParsed), ['id', 'version']),
    /** Received versions of an actor or indicator; one already here is kept. */
    addRecordVersions: async (kind: 'actor' | 'indicator', versions: Omit<Insertable<RecordVersionsTable>, 'record_kind'>[]) => {
      await db
        .insertInto('record_versions')
        .values(versions.map((v) => ({ record_kind: kind, ...v })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    },
    /** Deletes a record's content here: its row, versions, links, attachments and hits (compaction-repository.ts lists these tables). */
    purge: async (kind: string, id: string) => {
      if (kind === 'incident') {
        await db.deleteFrom('attachments').where('incident_id', '=', id).execute();
        await db.deleteFrom('saved_search_hits').where('incident_id', '=', id).execute();
        await db.deleteFrom('incident_versions').where('id', '=', id).execute();
        await db.deleteFrom('incidents').where('id', '=', id).execute();
      } else {
        await db.deleteFrom('record_versions').where('record_kind', '=', kind).where('id', '=', id).execute();
        await db
          .deleteFrom(kind === 'actor' ? 'actors' : 'indicators')
          .where('id', '=', id)
          .execute();
      }
      await db
        .deleteFrom('record_links')
        .where((eb) =>
          eb.or([eb.and([eb('from_kind', '=', kind), eb('from_id', '=', id)]), eb.and([eb('to_kind', '=', kind), eb('to_id', '=', id)])]),
        )
        .execute();
    },
  };
}
