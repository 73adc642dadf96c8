/**
 * The one way records of the shared picture are written: the API's creates of actors and
 * indicators, the CSV import and the STIX import (a bundle file, TAXII add, a TAXII feed) write
 * through these two verbs, so an import writes nothing its importer could not write by hand. Both work in the
 * caller's transaction and take the kind's storage (`ReleasableRecords`); each record gets the
 * same versions (its kind's snapshot, with the label it carries) and change records however it
 * came in. The caller audits, naming the records written.
 *
 * (Creating one incident through the API is group-committed in one statement for its latency
 * (incident-service.ts); it asks the same guards.)
 */
import { canNow, may } from '../policy/policy';
import { releaseApprovalRepository } from '../../db/repositories/release-approval-repository';
import { AppError } from '../app-error';
import type { Kysely } from 'kysely';
import type { Context } from '../../context';
import type { DB, LabelColumns } from '../../db/schema';
import type { UserActor } from '../auth/actor';
import type { ReleasableRecords, ReleasableRow } from './release-workflow';

/** What the guard reads of a new record's row. */
export type NewRecordRow = Pick<LabelColumns, 'originator_org' | 'originator_nation'> & { id: string; release_state: string };

/**
 * Why `actor` may not write these new records, if they may not: recording needs the recording
 * permission, a record is written in the writer's own organisation's name, and one written
 * released (an import of released records) needs a releasing officer.
 */
export function refusalOfNew(actor: UserActor, rows: readonly NewRecordRow[]): AppError | null {
  if (!may(actor, 'incident.create')) return new AppError('FORBIDDEN', 'Your roles do not allow recording records of the shared picture.');
  if (rows.some((r) => r.originator_org !== actor.org.id || r.originator_nation !== actor.org.nation))
    return new AppError('FORBIDDEN', 'Records are written in your own organisation’s name only.');
  if (rows.some((r) => r.release_state === 'released') && !may(actor, 'record.release'))
    return new AppError('FORBIDDEN', 'Only a releasing officer may write records already released.');
  return null;
}

/**
 * Writes new records of one kind, with their first versions and change records `change`; answers
 * the ids another writer took meanwhile (those rows are not written, nothing of theirs changes).
 * `freshIds`: the ids were just drawn, so the kind's bulk path (COPY) may write them.
 */
export async function addRecords<Row extends ReleasableRow, New extends NewRecordRow>(
  db: Kysely<DB>,
  ctx: Context,
  actor: UserActor,
  records: ReleasableRecords<Row, New>,
  rows: readonly New[],
  change: string,
  options: { freshIds?: boolean } = {},
): Promise<string[]> {
  if (rows.length === 0) return [];
  const refusal = refusalOfNew(actor, rows);
  if (refusal) throw refusal;
  // Ids just drawn for these records cannot be taken: a bulk path writes them as they are (a CSV import).
  if (options.freshIds && records.copyNew) {
    await records.copyNew(db, ctx, actor, [...rows], change);
    return [];
  }
  const lost = await records.insertNew(db, [...rows]);
  const taken = new Set(lost);
  const stored = await records.findManyForUpdate(
    db,
    rows.map((r) => r.id).filter((id) => !taken.has(id)),
  );
  await records.recordVersions(db, ctx, actor, stored, change);
  return lost;
}

/** A new version of a record's content, planned on version `from`. */
export interface ContentUpdate {
  id: string;
  from: number;
  /** Content columns (never the label); `updated_at` when the content is dated otherwise than now. */
  set: Record<string, unknown>;
}

/**
 * Writes new versions of records' content (never their labels), by the API's edit rule: each
 * record must still be at the version planned on, active, and its originating organisation's,
 * which the actor may edit; otherwise nothing is written and `changed` is thrown. Like any edit,
 * it voids a first release approval waiting for a second (that approved other content).
 */
export async function addVersions<Row extends ReleasableRow & { id: string }>(
  db: Kysely<DB>,
  ctx: Context,
  actor: UserActor,
  records: ReleasableRecords<Row>,
  updates: readonly ContentUpdate[],
  change: string,
  changed: () => AppError,
): Promise<void> {
  if (updates.length === 0) return;
  const ids = updates.map((u) => u.id);
  const locked = new Map((await records.findManyForUpdate(db, ids)).map((row) => [row.id, row]));
  for (const u of updates) {
    const row = locked.get(u.id);
    if (!row || row.version !== u.from || !canNow(actor, 'record.edit', row)) throw changed();
  }
  const now = ctx.clock.now();
  for (const u of updates) await records.updateContent(db, u.id, { updated_at: now, ...u.set, version: u.from + 1 });
  await records.recordVersions(db, ctx, actor, await records.findManyForUpdate(db, ids), change);
  const approvals = releaseApprovalRepository(db);
  for (const id of ids) await approvals.clear(records.kind, id);
}
