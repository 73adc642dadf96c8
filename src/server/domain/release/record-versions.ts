/**
 * Versions of records: each change keeps a snapshot with the label it carried, and history shows
 * only the versions whose own label the reader passes, each diffed against the previous one shown.
 */
import { labelFromColumns, labelToColumns } from '../../../shared/labels/label-columns';
import { changeRepository } from '../../db/repositories/change-repository';
import { recordVersionRepository } from '../../db/repositories/record-version-repository';
import type { Context } from '../../context';
import type { DB, LabelColumns } from '../../db/schema';
import type { UserActor } from '../auth/actor';
import type { Kysely } from 'kysely';
import type { Reader } from '../../../shared/labels/label';

/** Field names (sorted) whose value differs from the previous snapshot shown; the first has nothing to differ from. */
export function diffSnapshots<V extends { snapshot: unknown }>(versions: V[]): { row: V; changedFields: string[] }[] {
  let previous: Record<string, unknown> | null = null;
  return versions.map((v) => {
    const snapshot = v.snapshot as Record<string, unknown>;
    const before = previous;
    const changedFields = before
      ? [...new Set([...Object.keys(before), ...Object.keys(snapshot)])]
          .filter((k) => JSON.stringify(snapshot[k]) !== JSON.stringify(before[k]))
          .sort()
      : [];
    previous = snapshot;
    return { row: v, changedFields };
  });
}

/**
 * Keeps the new versions of actors or indicators (in record_versions), each with the label it
 * carries, and their change records, a few hundred rows to a statement.
 */
export async function recordVersions<Row extends LabelColumns & { id: string; version: number }>(
  db: Kysely<DB>,
  ctx: Context,
  actor: UserActor,
  kind: string,
  rows: Row[],
  snapshotOf: (row: Row) => Record<string, unknown>,
  change: string,
): Promise<void> {
  const now = ctx.clock.now();
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    await recordVersionRepository(db).insertMany(
      chunk.map((row) => ({
        record_kind: kind,
        id: row.id,
        version: row.version,
        change,
        changed_by: actor.user.id,
        changed_at: now,
        snapshot: JSON.stringify(snapshotOf(row)),
        ...labelToColumns(labelFromColumns(row)),
      })),
    );
    await changeRepository(db).record(
      chunk.map((row) => ({ at: now, record_kind: kind, record_id: row.id, version: row.version, change })),
    );
  }
}

const CHUNK = 500;

export async function readableHistory(db: Kysely<DB>, kind: string, id: string, reader: Reader) {
  return diffSnapshots(await recordVersionRepository(db).readableVersions(kind, id, reader));
}
