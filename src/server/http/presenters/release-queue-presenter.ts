/** Wire JSON of the releasing officer's queue. */
import { presentLabel } from './label-presenter';
import type { ReleaseQueueItem } from '../../../shared/contracts/release-queue';
import type { QueueEntry } from '../../domain/release/release-queue';

export function presentQueueEntry({ row, label, proposed, approval }: QueueEntry): ReleaseQueueItem {
  return {
    kind: row.kind,
    id: row.id,
    version: row.version,
    title: row.title,
    author: { id: row.created_by, name: row.author_name ?? row.created_by },
    askedAt: new Date(row.created_at).toISOString(),
    originatorName: row.originator_name ?? row.originator_org,
    label: presentLabel(label),
    proposedLabel: presentLabel(proposed),
    ...(approval
      ? { approval: { by: { id: approval.by, name: approval.byName }, at: approval.at.toISOString(), label: presentLabel(approval.label) } }
      : {}),
  };
}
