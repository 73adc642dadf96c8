import { sql } from 'kysely';
import { LABEL_COLUMN_NAMES } from '../../../shared/labels/label-columns';
import { LABELLED_TABLES } from '../record-tables';
import { READ_THROUGH } from './sql/read-through';
import type { Kysely } from 'kysely';
import type { DB, LabelColumns } from '../schema';

export type StreamedLabels = LabelColumns & { id: string; through?: LabelColumns };

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
    /** The current labels of records, with the label of the record each is read through, if any. */
    labelsOf: async (kind: StreamedKind, ids: string[]): Promise<StreamedLabels[]> => {
      if (ids.length === 0) return [];
      const table = LABELLED_TABLES[kind];
      const through = READ_THROUGH[kind];
      const own = sql.join(LABEL_COLUMN_NAMES.map((c) => sql.ref(`r.${c}`)));
      if (!through) {
        return (await sql<StreamedLabels>`select r.id, ${own} from ${sql.table(table)} r where r.id in (${sql.join(ids)})`.execute(db))
          .rows;
      }
      const other = sql.join(LABEL_COLUMN_NAMES.map((c) => sql`${sql.ref(`t.${c}`)} as ${sql.ref(`through_${c}`)}`));
      const rows = (
        await sql<Record<string, unknown>>`select r.id, ${own}, ${other} from ${sql.table(table)} r
          join ${sql.table(through.parentTable)} t on t.id = ${sql.ref(`r.${through.key}`)} where r.id in (${sql.join(ids)})`.execute(db)
      ).rows;
      return rows.map((row) => ({
        ...(Object.fromEntries(['id', ...LABEL_COLUMN_NAMES].map((c) => [c, row[c]])) as unknown as StreamedLabels),
        through: Object.fromEntries(LABEL_COLUMN_NAMES.map((c) => [c, row[`through_${c}`]])) as unknown as LabelColumns,
      }));
    },
  };
}
