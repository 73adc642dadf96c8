/**
 * The minutes of an agenda item, read through the item and its meeting
 * (shared/vocab/record-kinds.ts), in the registry (records/registry.ts): published by the host's
 * node, received from peers after the agenda items.
 */
import { labelFromColumns } from '../../../shared/labels/label-columns';
import { applyMinutes } from './dialogue-from-peers';
import { MINUTES_TYPE, minutesObject } from './dialogue-stix';
import { EXTENSIONS } from '../stix/stix-vocab';
import { changedIds } from '../records/record-kind';
import type { RecordKind } from '../records/record-kind';

export const minutesKind = {
  stix: {
    types: [MINUTES_TYPE],
    extension: EXTENSIONS.minutes,
    definition: {
      name: 'Concord minutes (x-concord-minutes)',
      description: 'The minutes of an agenda item: the item and its meeting, the text, draft or adopted.',
      type: 'new-sdo',
    },
  },
  publish: async (objects, changes) =>
    (await objects.minutes(changedIds(changes))).map((row) => {
      const label = labelFromColumns(row);
      return { kind: 'minutes', id: row.id, version: row.version, modified: row.updated_at, label, object: minutesObject(row, label) };
    }),
  fromPeer: { apply: applyMinutes },
} satisfies RecordKind;
