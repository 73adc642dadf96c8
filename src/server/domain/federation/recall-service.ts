/**
 * Recall (FEDERATION.md): the originator withdraws one of its records. Here the record becomes
 * readable by its originating organisation only (every published version too); a recall signed by
 * this node is published in the same transaction, for every node that was served any version of
 * the record (and every node its label releases to). Each receiver purges the record, keeps a
 * tombstone and publishes a signed receipt, which this node pulls; per partner the recall is
 * pending, applied or overdue.
 */
import { can } from '../policy/policy';
import { labelFromColumns, labelToColumns } from '../../../shared/labels/label-columns';
import { recallRepository } from '../../db/repositories/recall-repository';
import { RECALL_TYPE, publishedRow, stixObjectRepository } from '../../db/repositories/stix-object-repository';
import { AppError } from '../app-error';
import { appendAudit } from '../audit/audit-log';
import { EXTENSIONS } from '../stix/stix-vocab';
import { signObject } from './record-signature';
import type { Recall } from '../../../shared/contracts/federation';
import type { Selectable } from 'kysely';
import type { Context } from '../../context';
import type { RecallsTable } from '../../db/schema';
import type { UserActor } from '../auth/actor';
import type { ReleasableRecords, ReleasableRow } from '../release/release-workflow';

/**
 * Recalls a record: releasing officers of the originating organisation; a recall is terminal.
 * Answers with its per-partner status.
 */
export async function recallRecord<Row extends ReleasableRow>(
  ctx: Context,
  actor: UserActor,
  records: ReleasableRecords<Row>,
  id: string,
  reason: string,
): Promise<Recall> {
  const { kind, noun } = records;
  const recallId = ctx.ids.uuid();
  await ctx.database.transaction(async (tx) => {
    const current = await records.findForUpdate(tx.db, id);
    if (!current || !(await records.findReadable(tx.db, id, actor.reader))) throw AppError.notFound(kind);
    if (!can(actor, 'record.recall', current)) {
      throw new AppError('FORBIDDEN', `Only a releasing officer of the originating organisation may recall this ${noun}.`);
    }
    if (current.state === 'recalled') throw new AppError('CONFLICT', `This ${noun} is recalled already.`);
    const store = stixObjectRepository(tx.db);
    await store.lockPublisher();
    const now = ctx.clock.now();
    const label = labelFromColumns(current);
    await records.update(tx.db, id, {
      ...labelToColumns({ ...label, state: 'recalled', version: label.version + 1 }),
      release_state: current.release_state,
      proposed_label: JSON.stringify(current.proposed_label),
      version: current.version + 1,
      updated_at: now,
    });
    const row = await records.findForUpdate(tx.db, id);
    if (!row) throw new Error(`${noun} vanished`);
    await records.recordVersions(tx.db, ctx, actor, [row], 'recall');

    const recalledRef = records.stixIdOf(row);
    const stixId = `${RECALL_TYPE}--${recallId}`;
    await recallRepository(tx.db).insert({
      id: recallId,
      stix_id: recalledRef,
      record_kind: kind,
      record_id: id,
      reason,
      recalled_by: actor.user.id,
      recalled_at: now,
    });
    await store.markRecalled(kind, id);
    const object = {
      type: RECALL_TYPE,
      spec_version: '2.1',
      id: stixId,
      created: now.toISOString(),
      modified: now.toISOString(),
      created_by_ref: `identity--${current.originator_org}`,
      extensions: {
        [EXTENSIONS.recall]: {
          extension_type: 'new-sdo',
          recalled_ref: recalledRef,
          record_kind: kind,
          reason,
          recalled_at: now.toISOString(),
        },
      },
    };
    const dateAdded = await store.nextDateAdded(now);
    // Signed under the label the record was released with: it reaches whoever could have it.
    await store.insert([
      publishedRow({
        object: signObject(object, label, ctx.node),
        kind: 'recall',
        recordId: recalledRef,
        version: 1,
        modified: now,
        dateAdded,
        originNode: ctx.node.nodeId,
        label,
      }),
    ]);
    await appendAudit(tx.db, ctx.clock, actor, [
      { action: `${kind}.recall`, target: { kind, id }, details: { version: row.version, reason, recall: recallId } },
    ]);
  });
  return (await recallStatus(ctx, actor, recallId))!;
}

/**
 * A recall of this node's with each partner's status; null when its record is not one `actor` may
 * read (it names a record, which only its readers may learn of).
 */
export async function recallStatus(ctx: Context, actor: UserActor, recallId: string): Promise<Recall | null> {
  const recall = await recallRepository(ctx.database.db).findReadable(recallId, actor.reader);
  return recall ? withPartners(ctx, recall) : null;
}

async function withPartners(ctx: Context, recall: Selectable<RecallsTable>): Promise<Recall> {
  const repo = recallRepository(ctx.database.db);
  const [partners, receipts] = await Promise.all([repo.deliveredTo(recall.stix_id), repo.receipts(recall.id)]);
  // A node may confirm a recall of a record it never had (it arrived first): it keeps the tombstone.
  const confirmedOnly = await repo.peers(receipts.map((r) => r.node_id).filter((id) => !partners.some((p) => p.node_id === id)));
  const overdueAt = new Date(recall.recalled_at).getTime() + ctx.config.recallOverdueMinutes * 60_000;
  return {
    id: recall.id,
    stixId: recall.stix_id,
    recordKind: recall.record_kind,
    recordId: recall.record_id,
    reason: recall.reason,
    recalledAt: new Date(recall.recalled_at).toISOString(),
    partners: [...partners, ...confirmedOnly]
      .map((p) => {
        const receipt = receipts.find((r) => r.node_id === p.node_id);
        return {
          nodeId: p.node_id,
          nation: p.nation,
          status: receipt ? ('applied' as const) : ctx.clock.now().getTime() > overdueAt ? ('overdue' as const) : ('pending' as const),
          appliedAt: receipt ? new Date(receipt.applied_at).toISOString() : null,
        };
      })
      .sort((a, b) => a.nation.localeCompare(b.nation)),
  };
}

/** Recalls of this node's records (of one record, or the latest 100) that `actor` may read, newest first, with their partners' status. */
export async function listRecalls(ctx: Context, actor: UserActor, recordId?: string, limit = 100): Promise<Recall[]> {
  const recalls = await recallRepository(ctx.database.db).listReadable(actor.reader, recordId, limit);
  return Promise.all(recalls.map((recall) => withPartners(ctx, recall)));
}
