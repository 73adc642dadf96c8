/**
 * Files attached to agenda items in the registry (records/registry.ts), read through the item and
 * its meeting: published by the node of the nation that attached them, received after the items.
 */
import { labelFromColumns } from '../../../shared/labels/label-columns';
import { applyAgendaAttachment } from './agenda-attachment-from-peers';
import { AGENDA_ATTACHMENT_TYPE, agendaAttachmentObject } from './agenda-attachment-stix';
import { EXTENSIONS } from '../stix/stix-vocab';
import { changedIds } from '../records/record-kind';
import type { RecordKind } from '../records/record-kind';

export const agendaAttachmentKind = {
  stix: {
    types: [AGENDA_ATTACHMENT_TYPE],
    extension: EXTENSIONS.agendaAttachment,
    definition: {
      name: 'Concord agenda attachment (x-concord-agenda-attachment)',
      description:
        'A file attached to an agenda item (a briefing, a draft text, a map): its name, media type, size, SHA-256 and bytes (payload_bin, base64), as in a STIX artifact.',
      type: 'new-sdo',
    },
  },
  publish: async (objects, changes) =>
    (await objects.unpublishedAgendaAttachments(changedIds(changes))).map((row) => {
      const label = labelFromColumns(row);
      return {
        kind: 'agenda-attachment',
        id: row.id,
        version: row.version,
        modified: row.created_at,
        label,
        object: agendaAttachmentObject(row, label),
      };
    }),
  fromPeer: { apply: applyAgendaAttachment },
} satisfies RecordKind;
