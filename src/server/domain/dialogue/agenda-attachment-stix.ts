/**
 * An agenda item's attachment on the wire: a Concord object type (declared by its extension
 * definition, stix-vocab.ts) carrying the file itself, named as STIX names a file's bytes in an
 * `artifact` (`payload_bin`, `mime_type`, `hashes`), so participants' nodes — and TAXII readers
 * outside Concord — hold the file and can check it against its hash. Published by the node of the
 * nation that attached it, once: a file is never rewritten.
 */
import { z } from 'zod';
import { MAX_ATTACHMENT_BYTES } from '../attachments/attachment-files';
import { concordObjectTop } from '../hotline/hotline-stix';
import { EXTENSIONS } from '../stix/stix-vocab';
import { AGENDA_ITEM_TYPE, MEETING_TYPE } from './dialogue-stix';
import type { Label } from '../../../shared/labels/label';
import type { AgendaAttachmentsTable } from '../../db/schema';
import type { Selectable } from 'kysely';
import type { StixObject } from '../stix/stix-export';

export const AGENDA_ATTACHMENT_TYPE = 'x-concord-agenda-attachment';

const iso = (value: Date | string) => new Date(value).toISOString();
const refTo = (type: string) => z.string().startsWith(`${type}--`);

export const agendaAttachmentExtensionSchema = z.object({
  version: z.number().int().min(1),
  agenda_item_ref: refTo(AGENDA_ITEM_TYPE),
  meeting_ref: refTo(MEETING_TYPE),
  name: z.string().min(1).max(255),
  mime_type: z.string().min(1).max(200),
  size: z.number().int().min(1).max(MAX_ATTACHMENT_BYTES),
  hashes: z.object({ 'SHA-256': z.string().regex(/^[0-9a-f]{64}$/) }),
  payload_bin: z.base64().max(Math.ceil(MAX_ATTACHMENT_BYTES / 3) * 4),
  created_at: z.iso.datetime({ offset: true }),
});

export function agendaAttachmentObject(row: Selectable<AgendaAttachmentsTable>, label: Label): StixObject {
  return {
    ...concordObjectTop(AGENDA_ATTACHMENT_TYPE, row.id, row.created_at, label, label.originator.org, row.created_at),
    name: row.file_name,
    extensions: {
      [EXTENSIONS.agendaAttachment]: {
        extension_type: 'new-sdo',
        version: row.version,
        agenda_item_ref: `${AGENDA_ITEM_TYPE}--${row.agenda_item_id}`,
        meeting_ref: `${MEETING_TYPE}--${row.meeting_id}`,
        name: row.file_name,
        mime_type: row.media_type,
        size: row.size,
        hashes: { 'SHA-256': row.sha256 },
        payload_bin: Buffer.from(row.content).toString('base64'),
        created_at: iso(row.created_at),
      },
    },
  };
}
