import type { Kysely } from 'kysely';
import type { DB } from '../schema';

export function releaseApprovalRepository(db: Kysely<DB>) {
  return {
    find: (recordKind: string, recordId: string) =>
      db
        .selectFrom('release_approvals')
        .selectAll()
        .where('record_kind', '=', recordKind)
        .where('record_id', '=', recordId)
        .executeTakeFirst(),
    /** The first approval of a release (of a label, for a version); replaces an earlier one. */
    put: (row: {
      record_kind: string;
      record_id: string;
      label: unknown;
      approved_by: string;
      approved_at: Date;
      record_version: number;
    }) =>
      db
        .insertInto('release_approvals')
        .values({ ...row, label: JSON.stringify(row.label) })
        .onConflict((oc) =>
          oc.columns(['record_kind', 'record_id']).doUpdateSet({
            label: JSON.stringify(row.label),
            approved_by: row.approved_by,
            approved_at: row.approved_at,
            record_version: row.record_version,
          }),
        )
        .execute(),
    /** Removes the approval waiting for a record; whether there was one. */
    clear: async (recordKind: string, recordId: string) =>
      Number(
        (
          await db
            .deleteFrom('release_approvals')
            .where('record_kind', '=', recordKind)
            .where('record_id', '=', recordId)
            .executeTakeFirst()
        ).numDeletedRows,
      ) > 0,
  };
}
