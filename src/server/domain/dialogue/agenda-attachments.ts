/**
 * Files attached to agenda items: a briefing, a draft text, a map. The host's organisers attach
 * them to any item, and the delegates of the nation leading an item to that item (it presents
 * it); each file is checked as every file Concord keeps is (attachments/attachment-files.ts), is
 * its writer nation's record under its own label (the item's audience unless another is given, and
 * reaching the host nation), is read through the item and its meeting, and is written once. Unlike
 * an incident's attachments, they travel to the participants' nodes with their bytes
 * (agenda-attachment-stix.ts). Downloads are files only (their type, attachment disposition,
 * nosniff), and a file the reader may not read answers exactly as a missing one.
 */
import { releasedNations } from '../../../shared/labels/field-labels';
import { labelFromColumns, labelToColumns } from '../../../shared/labels/label-columns';
import { agendaAttachmentRepository } from '../../db/repositories/agenda-attachment-repository';
import { changeRepository } from '../../db/repositories/change-repository';
import { meetingRepository } from '../../db/repositories/meeting-repository';
import { checkedFile, named } from '../attachments/attachment-files';
import { AppError } from '../app-error';
import { appendAudit } from '../audit/audit-log';
import { readRecordOrRefuse } from '../audit/record-reads';
import { communityMembership } from '../directory/directory-service';
import { storedLabel } from '../release/release-workflow';
import { checkedLabel, mayAttach, meetingForWrite } from './meeting-service';
import type { LabelInput } from '../../../shared/labels/label';
import type { AgendaAttachmentRow } from '../../db/repositories/agenda-attachment-repository';
import type { Context } from '../../context';
import type { UserActor } from '../auth/actor';

/**
 * How many files one nation attaches to one agenda item (each up to the size limit of
 * attachment-files.ts), counted over the files its uploader may read — one out of their reach is,
 * for them, not there. A node takes at most RECEIVED_ATTACHMENTS_PER_ITEM from a partner nation,
 * whoever may read them: more is a flood, not a briefing.
 */
export const MAX_ATTACHMENTS_PER_ITEM = 20;
export const RECEIVED_ATTACHMENTS_PER_ITEM = 100;

export async function attachToAgendaItem(
  ctx: Context,
  actor: UserActor,
  itemId: string,
  input: { fileName: string; contentBase64: string; label?: LabelInput | undefined },
): Promise<AgendaAttachmentRow> {
  const repo = meetingRepository(ctx.database.db);
  const item = await repo.findItemReadable(itemId, actor.reader);
  const meeting = item && (await repo.findReadable(item.meeting_id, actor.reader));
  if (!item || !meeting) throw AppError.notFound('agenda item');
  if (meeting.status !== 'planned') throw new AppError('CONFLICT', 'The meeting was cancelled: it takes no more changes.');
  const need = mayAttach(actor, meeting, item);
  if (!need)
    throw new AppError(
      'FORBIDDEN',
      meeting.home_node !== null && meeting.originator_nation === actor.nation.code
        ? 'This meeting is run by its host nation’s node: attach files there.'
        : `Only the host nation’s organisers and the delegates of ${item.owner_nation}, which leads this item, attach files to it.`,
    );
  const file = await checkedFile({ fileName: input.fileName, content: Buffer.from(input.contentBase64, 'base64') });
  const host = meeting.originator_nation;
  // The item's audience, the host's nation named: an item released to its owner alone is the host's and the owner's.
  const audience = storedLabel(labelFromColumns(item));
  const label = await checkedLabel(
    ctx,
    actor,
    'agenda-attachment',
    input.label ?? { ...audience, relTo: [...new Set([...audience.relTo, host])] },
    1,
  );
  if (!releasedNations(label, await communityMembership(ctx.database.db, actor)).has(host))
    throw new AppError('VALIDATION_FAILED', `The host nation ${host} must be able to read the file.`, [
      { path: 'label.relTo', message: `Add ${host}.` },
    ]);
  return ctx.database.transaction(async (tx) => {
    await meetingForWrite(tx, actor, meeting.id, need);
    // Read again under the meeting's lock: the item may have been narrowed meanwhile.
    const held = await meetingRepository(tx.db).findItemReadable(itemId, actor.reader);
    if (!held) throw AppError.notFound('agenda item');
    if (need === 'attend' && held.owner_nation !== actor.nation.code)
      throw new AppError('CONFLICT', `The item is now led by ${held.owner_nation}: only its delegates attach files to it.`);
    const attachments = agendaAttachmentRepository(tx.db);
    if ((await attachments.countReadable(actor.reader, itemId, actor.nation.code)) >= MAX_ATTACHMENTS_PER_ITEM)
      throw new AppError('CONFLICT', `A nation attaches at most ${MAX_ATTACHMENTS_PER_ITEM} files to an agenda item.`);
    const id = ctx.ids.uuid();
    const now = ctx.clock.now();
    const row = {
      id,
      agenda_item_id: itemId,
      meeting_id: meeting.id,
      version: 1,
      file_name: file.fileName,
      media_type: file.mediaType,
      size: file.size,
      sha256: file.sha256,
      created_by: actor.user.id,
      created_at: now,
      ...labelToColumns(label),
    };
    await attachments.insert({ ...row, content: file.content });
    await changeRepository(tx.db).record([{ at: now, record_kind: 'agenda-attachment', record_id: id, version: 1, change: 'create' }]);
    await appendAudit(tx.db, ctx.clock, actor, [
      {
        action: 'meeting.attach',
        target: { kind: 'agenda-attachment', id },
        details: { meeting: meeting.id, item: itemId, mediaType: file.mediaType, size: file.size, sha256: file.sha256, relTo: label.relTo },
      },
    ]);
    return { ...row, created_by_name: actor.user.displayName };
  });
}

/** One attachment with its bytes; one the actor may not read (its own label, its item's or its meeting's) answers as a missing one. */
export async function getAgendaAttachment(ctx: Context, actor: UserActor, id: string) {
  const repo = agendaAttachmentRepository(ctx.database.db);
  return named(
    await readRecordOrRefuse(ctx, actor, 'agenda-attachment', id, {
      findReadable: () => repo.findReadable(id, actor.reader),
      exists: () => meetingRepository(ctx.database.db).exists('agenda-attachment', id),
    }),
  );
}
