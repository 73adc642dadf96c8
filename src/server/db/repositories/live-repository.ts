import { sql } from 'kysely';
import { LABEL_COLUMN_NAMES } from '../label-columns';
import type { Kysely } from 'kysely';
import type { DB, LabelColumns } from '../schema';

/** The table each kind of change record's label lives in (kinds without one are never streamed). */
const LABELLED_TABLES = {
  note: 'notes',
  incident: 'incidents',
  actor: 'actors',
  indicator: 'indicators',
  alert: 'alerts',
  'alert-response': 'alert_responses',
} as const;

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
    labelsOf: async (kind: StreamedKind, ids: string[]): Promise<(LabelColumns & { id: string })[]> =>
      ids.length === 0
        ? []
        : (
            await sql<LabelColumns & { id: string }>`select id, ${sql.join(LABEL_COLUMN_NAMES.map((c) => sql.ref(c)))}
              from ${sql.table(LABELLED_TABLES[kind])} where id in (${sql.join(ids)})`.execute(db)
          ).rows,
  };
}
