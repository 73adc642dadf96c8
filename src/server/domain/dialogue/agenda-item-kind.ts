/**
 * Items of a meeting's agenda, each under its own label, read through the meeting
 * (shared/vocab/record-kinds.ts), in the registry (records/registry.ts): published by the node of
 * the nation that writes them, received from peers after the meetings.
 */
import { labelFromColumns } from '../../../shared/labels/label-columns';
import { applyAgendaItem } from './dialogue-from-peers';
import { AGENDA_ITEM_TYPE, agendaItemObject } from './dialogue-stix';
import { EXTENSIONS } from '../stix/stix-vocab';
import { changedIds } from '../records/record-kind';
import type { RecordKind } from '../records/record-kind';

export const agendaItemKind = {
  stix: {
    types: [AGENDA_ITEM_TYPE],
    extension: EXTENSIONS.agendaItem,
    definition: {
      name: 'Concord agenda item (x-concord-agenda-item)',
      description:
        'An item of a meeting’s agenda: the meeting, its place among the items, title, description, the nation leading it, its time slot.',
      type: 'new-sdo',
    },
  },
  publish: async (objects, changes) =>
    (await objects.agendaItems(changedIds(changes))).map((row) => {
      const label = labelFromColumns(row);
      return {
        kind: 'agenda-item',
        id: row.id,
        version: row.version,
        modified: row.updated_at,
        label,
        object: agendaItemObject(row, label),
      };
    }),
  fromPeer: { apply: applyAgendaItem },
} satisfies RecordKind;
