/**
 * Commitments in the registry (records/registry.ts), read through their meeting
 * (shared/vocab/record-kinds.ts): published by the meeting host's node, received from peers after
 * the meetings.
 */
import { labelFromColumns } from '../../../shared/labels/label-columns';
import { applyCommitment } from './commitment-from-peers';
import { COMMITMENT_TYPE, commitmentObject } from './commitment-stix';
import { EXTENSIONS } from '../stix/stix-vocab';
import { changedIds } from '../records/record-kind';
import type { RecordKind } from '../records/record-kind';

export const commitmentKind = {
  stix: {
    types: [COMMITMENT_TYPE],
    extension: EXTENSIONS.commitment,
    definition: {
      name: 'Concord commitment (x-concord-commitment)',
      description:
        'What a meeting’s joint statement or minutes commit nations to: the meeting, the text, the owner nations, the due date, and where it was made (a statement’s clause or an agenda item’s minutes).',
      type: 'new-sdo',
    },
  },
  publish: async (objects, changes) =>
    (await objects.commitments(changedIds(changes))).map((row) => {
      const label = labelFromColumns(row);
      return {
        kind: 'commitment',
        id: row.id,
        version: row.version,
        modified: row.updated_at,
        label,
        object: commitmentObject(row, label),
      };
    }),
  fromPeer: { apply: applyCommitment },
} satisfies RecordKind;
