import { sql } from 'kysely';
import { LABEL_COLUMN_NAMES } from '../../../shared/labels/label-columns';
import { LABELLED_TABLES } from '../record-tables';
import { linksUp, withParents } from './sql/read-through';
import type { Kysely } from 'kysely';
import type { DB, LabelColumns } from '../schema';

/** A record's current label, with those of the records it is read through (nearest first), if any. */
export type StreamedLabels = LabelColumns & { id: string; through?: LabelColumns[] };

export type StreamedKind = keyof typeof LABELLED_TABLES;
export const isStreamedKind = (kind: string): kind is StreamedKind => kind in LABELLED_TABLES;

/** What live streams read: change records in order, and the current labels of the records they name. */
export function liveRepository(db: Kysely<DB>) {
  return {
    changesAfter: (seq: number, limit: number) =>
      db
        .selectFrom('changes')
        .select(['seq', 'record_kind', 'record_id', 'version', 'change'])
        .where('seq', '>', seq)
        .orderBy('seq')
        .limit(limit)
        .execute(),
    lastSeq: async () =>
      Number(
        (
          await db
            .selectFrom('changes')
            .select((eb) => eb.fn.max('seq').as('seq'))
            .executeTakeFirst()
        )?.seq ?? 0,
      ),
    /**
     * The current labels of records, with the labels of the records each is read through, if any (a
     * record whose parents are not all here is left out: it is read by no one yet).
     */
    labelsOf: async (kind: StreamedKind, ids: string[]): Promise<StreamedLabels[]> => {
      if (ids.length === 0) return [];
      const table = LABELLED_TABLES[kind];
      const own = sql.join(LABEL_COLUMN_NAMES.map((c) => sql.ref(`r.${c}`)));
      if (linksUp(kind).length === 0) {
        return (await sql<StreamedLabels>`select r.id, ${own} from ${sql.table(table)} r where r.id in (${sql.join(ids)})`.execute(db))
          .rows;
      }
      const { from, aliases } = withParents(kind, 'r');
      const others = aliases.flatMap((alias, i) =>
        LABEL_COLUMN_NAMES.map((c) => sql`${sql.ref(`${alias}.${c}`)} as ${sql.ref(`p${i}_${c}`)}`),
      );
      const rows = (
        await sql<Record<string, unknown>>`select r.id, ${own}, ${sql.join(others)} from ${from} where r.id in (${sql.join(ids)})`.execute(
          db,
        )
      ).rows;
      return rows.map((row) => ({
        ...(Object.fromEntries(['id', ...LABEL_COLUMN_NAMES].map((c) => [c, row[c]])) as unknown as StreamedLabels),
        through: aliases.map(
          (_, i) => Object.fromEntries(LABEL_COLUMN_NAMES.map((c) => [c, row[`p${i}_${c}`]])) as unknown as LabelColumns,
        ),
      }));
    },
  };
}
