/**
 * How a peer's agenda attachments are received (after agenda items, in registry order). A file is
 * attached by the meeting's host or by the item's owner nation, each on its own node, once. The
 * file passes here every check an upload passes (attachment-files.ts): its bytes must match the
 * size and SHA-256 it names, its type is detected again from the content (a partner's word on it
 * is not taken), and its name is made to fit that type.
 */
import { labelToColumns } from '../../../shared/labels/label-columns';
import { agendaAttachmentRepository } from '../../db/repositories/agenda-attachment-repository';
import { meetingRepository } from '../../db/repositories/meeting-repository';
import { checkedFile } from '../attachments/attachment-files';
import { AppError } from '../app-error';
import { EXTENSIONS } from '../stix/stix-vocab';
import { checkedUuidOf, extension } from '../federation/received';
import { reject } from '../federation/rejected';
import { agendaAttachmentExtensionSchema } from './agenda-attachment-stix';
import { RECEIVED_ATTACHMENTS_PER_ITEM } from './agenda-attachments';
import { applyChild } from './dialogue-from-peers';
import type { Kysely } from 'kysely';
import type { Context } from '../../context';
import type { DB } from '../../db/schema';
import type { Received } from '../federation/received';
import type { PeerRow } from '../federation/peer-service';

export async function applyAgendaAttachment(
  ctx: Context,
  db: Kysely<DB>,
  peer: PeerRow,
  object: Received,
  dateAdded: Date,
): Promise<boolean> {
  const attachment = extension(object.object, EXTENSIONS.agendaAttachment, agendaAttachmentExtensionSchema, 'agenda attachment');
  const id = checkedUuidOf(object.stixId);
  const meetingId = checkedUuidOf(attachment.meeting_ref);
  const itemId = checkedUuidOf(attachment.agenda_item_ref);
  if (attachment.version !== 1) return reject(`agenda attachment ${id}: a file is never rewritten (version ${attachment.version})`);
  // The host (who writes the item) or the item's owner nation attach files: checked whenever the item is
  // here, and wherever a file is read (agenda-attachment-repository.ts), for one that came before its item.
  await meetingRepository(db).forUpdate(meetingId);
  const item = await meetingRepository(db).itemOwner(itemId);
  if (item && item.meeting_id !== meetingId) return reject(`agenda attachment ${id}: agenda item ${itemId} is another meeting’s`);
  if (item && peer.nation !== item.originator_nation && peer.nation !== item.owner_nation)
    return reject(`agenda attachment ${id}: ${peer.nation} neither hosts meeting ${meetingId} nor leads agenda item ${itemId}`);
  // A file held here already only joins the published history (applyChild); a new one is counted, then checked.
  const held = await meetingRepository(db).heldForUpdate('agenda-attachment', id);
  if (!held && (await agendaAttachmentRepository(db).countOf(itemId, peer.nation)) >= RECEIVED_ATTACHMENTS_PER_ITEM)
    return reject(`agenda attachment ${id}: ${peer.nation} already has ${RECEIVED_ATTACHMENTS_PER_ITEM} files on agenda item ${itemId}`);
  const content = Buffer.from(attachment.payload_bin, 'base64');
  if (content.length !== attachment.size)
    return reject(`agenda attachment ${id}: ${content.length} bytes, not the ${attachment.size} it names`);
  let file;
  try {
    file = await checkedFile({ fileName: attachment.name, content });
  } catch (error) {
    if (error instanceof AppError) return reject(`agenda attachment ${id}: ${error.message}`);
    throw error;
  }
  if (file.sha256 !== attachment.hashes['SHA-256']) return reject(`agenda attachment ${id}: its bytes do not match its SHA-256`);
  return applyChild(ctx, db, peer, object, dateAdded, {
    kind: 'agenda-attachment',
    meetingId,
    version: attachment.version,
    writer: 'participant',
    write: async (_repo, isNew, author) => {
      // Written once: a second copy of version 1 only joins the published history (applyChild).
      if (!isNew) return;
      await agendaAttachmentRepository(db).insert({
        id,
        agenda_item_id: itemId,
        meeting_id: meetingId,
        version: 1,
        file_name: file.fileName,
        media_type: file.mediaType,
        size: file.size,
        sha256: file.sha256,
        content: file.content,
        created_by: author,
        created_at: new Date(attachment.created_at),
        ...labelToColumns(object.label),
      });
    },
  });
}
