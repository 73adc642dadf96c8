/**
 * Nations' delegations to a meeting, read through the meeting (shared/vocab/record-kinds.ts), in
 * the registry (records/registry.ts): published by the node of the nation that writes them,
 * received from peers after the meetings.
 */
import { labelFromColumns } from '../../../shared/labels/label-columns';
import { applyDelegation } from './dialogue-from-peers';
import { DELEGATION_TYPE, delegationObject } from './dialogue-stix';
import { EXTENSIONS } from '../stix/stix-vocab';
import { changedIds } from '../records/record-kind';
import type { RecordKind } from '../records/record-kind';

export const delegationKind = {
  stix: {
    types: [DELEGATION_TYPE],
    extension: EXTENSIONS.delegation,
    definition: {
      name: 'Concord delegation (x-concord-delegation)',
      description: 'A nation’s delegation to a meeting: the meeting, its head and members, each with name, rank and appointment.',
      type: 'new-sdo',
    },
  },
  publish: async (objects, changes) =>
    (await objects.delegations(changedIds(changes))).map((row) => {
      const label = labelFromColumns(row);
      return {
        kind: 'delegation',
        id: row.id,
        version: row.version,
        modified: row.updated_at,
        label,
        object: delegationObject(row, label),
      };
    }),
  fromPeer: { apply: applyDelegation },
} satisfies RecordKind;
