/**
 * The releasing officer's queue: the drafts of their nation that they may read and release, of
 * every kind with a release workflow, newest first; and releasing several of them at once, each
 * decided on its own by the one release workflow (its own transaction, its own audit entry), so a
 * refused record leaves nothing half-written and does not hold the others back.
 */
import { may } from '../policy/policy';
import { fieldLabelOf } from '../../../shared/labels/field-labels';
import { labelFromColumns } from '../../../shared/labels/label-columns';
import { releaseQueueRepository } from '../../db/repositories/release-queue-repository';
import { AppError } from '../app-error';
import { decodeCursor, pageFromRows } from '../keyset-cursor';
import { RELEASABLE } from '../records/registry';
import { releaseRecord } from './release-workflow';
import type { BulkReleaseRequest, BulkReleaseResult } from '../../../shared/contracts/release-queue';
import type { Label } from '../../../shared/labels/label';
import type { Context } from '../../context';
import type { ReleaseQueueRow } from '../../db/repositories/release-queue-repository';
import type { UserActor } from '../auth/actor';
import type { StoredLabelFields } from './release-workflow';

const ownerOf = (actor: UserActor) => ({ reader: actor.reader, nation: actor.org.nation, userId: actor.user.id });

/** Whether the actor releases at all: only releasing officers have a queue (anyone else's is empty). */
const releases = (actor: UserActor) => may(actor, 'record.release');

export interface QueueEntry {
  row: ReleaseQueueRow;
  label: Label;
  proposed: Label;
  approval: { by: string; byName: string; at: Date; label: Label } | null;
}

function entryOf(row: ReleaseQueueRow): QueueEntry {
  const label = labelFromColumns(row);
  const proposed = fieldLabelOf(label, row.proposed_label as StoredLabelFields);
  return {
    row,
    label,
    proposed: { ...proposed, version: label.version + 1 },
    approval:
      row.approved_by && row.approved_at
        ? {
            by: row.approved_by,
            byName: row.approver_name ?? row.approved_by,
            at: new Date(row.approved_at),
            label: { ...fieldLabelOf(label, row.approval_label as StoredLabelFields), version: label.version + 1 },
          }
        : null,
  };
}

/** A page of the drafts awaiting the actor's release, newest first, and how many there are in all. */
export async function releaseQueue(
  ctx: Context,
  actor: UserActor,
  query: { limit: number; cursor?: string | undefined },
): Promise<{ items: QueueEntry[]; next: string | null; total: number }> {
  if (!releases(actor)) return { items: [], next: null, total: 0 };
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const repo = releaseQueueRepository(ctx.database.db);
  const rows = await repo.page(ownerOf(actor), query.limit + 1, after);
  const page = pageFromRows(rows, query.limit, (row) => row.created_at);
  return { items: page.items.map(entryOf), next: page.next, total: await repo.count(ownerOf(actor)) };
}

/** How many drafts await the actor's release (the badge): only what they may read and release. */
export async function releaseQueueCount(ctx: Context, actor: UserActor): Promise<number> {
  if (!releases(actor)) return 0;
  return releaseQueueRepository(ctx.database.db).count(ownerOf(actor));
}

/**
 * Releases each record named, on its own: released, waiting for a second approver, unchanged, or
 * refused with the reason a single release would have given (a record the actor may not read
 * answers exactly as a missing one).
 */
export async function releaseMany(ctx: Context, actor: UserActor, request: BulkReleaseRequest): Promise<BulkReleaseResult> {
  const items: BulkReleaseResult['items'] = [];
  const seen = new Set<string>();
  for (const item of request.items) {
    const key = `${item.kind}:${item.id}`;
    if (seen.has(key)) {
      items.push({
        kind: item.kind,
        id: item.id,
        outcome: 'refused',
        reason: { code: 'VALIDATION_FAILED', message: 'Named twice in this request; released once.' },
      });
      continue;
    }
    seen.add(key);
    try {
      const outcome = await releaseRecord(ctx, actor, RELEASABLE[item.kind].records, item.id, item.label, item.version);
      items.push({ kind: item.kind, id: item.id, outcome });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      items.push({ kind: item.kind, id: item.id, outcome: 'refused', reason: { code: error.code, message: error.message } });
    }
  }
  return { items };
}
