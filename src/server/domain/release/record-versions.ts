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

/** Keeps a version of an actor or indicator (in record_versions) and its change record. */
export async function recordVersion(
  db: Kysely<DB>,
  ctx: Context,
  actor: UserActor,
  kind: string,
  row: LabelColumns & { id: string; version: number },
  snapshot: Record<string, unknown>,
  change: string,
): Promise<void> {
  const now = ctx.clock.now();
  await recordVersionRepository(db).insert({
    record_kind: kind,
    id: row.id,
    version: row.version,
    change,
    changed_by: actor.user.id,
    changed_at: now,
    snapshot: JSON.stringify(snapshot),
    ...labelToColumns(labelFromColumns(row)),
  });
  await changeRepository(db).record([{ at: now, record_kind: kind, record_id: row.id, version: row.version, change }]);
}

export async function readableHistory(db: Kysely<DB>, kind: string, id: string, reader: Reader) {
  return diffSnapshots(await recordVersionRepository(db).readableVersions(kind, id, reader));
}
