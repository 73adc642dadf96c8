import { anyText } from './sql/text-array';
import { sql } from 'kysely';
import type { Kysely, Selectable } from 'kysely';
import { readableBy } from './sql/releasability-sql';
import type { Reader } from '../../../shared/labels/label';
import type { DB, RecordLinksTable } from '../schema';

export type LinkRow = Selectable<RecordLinksTable>;
export interface SharingRow {
  id: string;
  title: string;
  domain: string;
  subtype: string;
  occurred_at: Date;
  place_name: string | null;
  country: string;
  shared_id: string;
  shared_value: string;
}

/** Links between records. Reads return raw links; callers show only ends the reader may read. */
export function linkRepository(db: Kysely<DB>) {
  return {
    linksFrom: (kind: string, id: string) =>
      db.selectFrom('record_links').selectAll().where('from_kind', '=', kind).where('from_id', '=', id).execute(),
    /** Links that point at a record (links are held by incidents). */
    linksTo: (kind: string, id: string) =>
      db.selectFrom('record_links').selectAll().where('to_kind', '=', kind).where('to_id', '=', id).execute(),
    linksFromMany: (kind: string, ids: string[]) =>
      ids.length === 0
        ? Promise.resolve([])
        : db.selectFrom('record_links').selectAll().where('from_kind', '=', kind).where('from_id', '=', anyText(ids)).execute(),
    /** Replaces the links of one kind held by a record. */
    replace: async (
      from: { kind: string; id: string },
      toKind: string,
      links: { id: string; relation: string }[],
      by: string,
      at: Date,
    ) => {
      await db
        .deleteFrom('record_links')
        .where('from_kind', '=', from.kind)
        .where('from_id', '=', from.id)
        .where('to_kind', '=', toKind)
        .execute();
      if (links.length === 0) return;
      await db
        .insertInto('record_links')
        .values(
          links.map((l) => ({
            from_kind: from.kind,
            from_id: from.id,
            relation: l.relation,
            to_kind: toKind,
            to_id: l.id,
            created_by: by,
            created_at: at,
          })),
        )
        .execute();
    },
    /**
     * Incidents sharing an actor or indicator with `incidentId`, among incidents AND shared records the
     * reader may read. Each shared value contributes at most `perValue` incidents (the most recent),
     * so one common value cannot flood the answer.
     */
    sharingLinks: async (incidentId: string, reader: Reader, toKind: 'actor' | 'indicator', perValue: number) => {
      const shared = sql.table(toKind === 'actor' ? 'actors' : 'indicators');
      const sharedValue = toKind === 'actor' ? sql`shared.name` : sql`shared.value`;
      const result = await sql<SharingRow>`
        select hit.id, hit.title, hit.domain, hit.subtype, hit.occurred_at, hit.place_name, hit.country,
               shared.id as shared_id, ${sharedValue} as shared_value
        from record_links mine
        join ${shared} as shared on shared.id = mine.to_id
        cross join lateral (
          select other.id, other.title, other.domain, other.subtype, other.occurred_at, other.place_name, other.country
          from record_links theirs
          join incidents other on other.id = theirs.from_id
          where theirs.to_kind = ${toKind} and theirs.to_id = mine.to_id
            and theirs.from_kind = 'incident' and theirs.from_id <> ${incidentId}
            and ${readableBy(reader, 'other')}
          order by other.occurred_at desc
          limit ${perValue}
        ) hit
        where mine.from_kind = 'incident' and mine.from_id = ${incidentId} and mine.to_kind = ${toKind}
          and ${readableBy(reader, 'shared')}
      `.execute(db);
      return result.rows;
    },
  };
}
