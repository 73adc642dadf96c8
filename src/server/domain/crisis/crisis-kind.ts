/** Crisis rooms in the registry (records/registry.ts): published, and received from peers before their entries. */
import { labelFromColumns } from '../../../shared/labels/label-columns';
import { applyCrisis } from './crisis-from-peers';
import { CRISIS_TYPE, crisisObject } from './crisis-stix';
import { EXTENSIONS } from '../stix/stix-vocab';
import { changedIds } from '../records/record-kind';
import type { RecordKind } from '../records/record-kind';

export const crisisKind = {
  stix: {
    types: [CRISIS_TYPE],
    extension: EXTENSIONS.crisis,
    definition: {
      name: 'Concord crisis room (x-concord-crisis)',
      description: 'Title, summary, exercise flag, the alert it grew from, declared and closed (with summary and lessons).',
      type: 'new-sdo',
    },
  },
  publish: async (objects, changes) =>
    (await objects.ownCrises(changedIds(changes))).map((row) => {
      const label = labelFromColumns(row);
      const modified = row.closed_at ?? row.declared_at;
      return { kind: 'crisis', id: row.id, version: row.version, modified, label, object: crisisObject(row, label) };
    }),
  fromPeer: { apply: applyCrisis },
} satisfies RecordKind;
