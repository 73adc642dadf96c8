/**
 * A nation's word on a joint statement in the registry (records/registry.ts), read through the
 * statement: published by the nation's node, received from peers after the statements.
 */
import { labelFromColumns } from '../../../shared/labels/label-columns';
import { applyStatementPosition } from './statement-from-peers';
import { STATEMENT_POSITION_TYPE, statementPositionObject } from './statement-stix';
import { EXTENSIONS } from '../stix/stix-vocab';
import { changedIds } from '../records/record-kind';
import type { RecordKind } from '../records/record-kind';

export const statementPositionKind = {
  stix: {
    types: [STATEMENT_POSITION_TYPE],
    extension: EXTENSIONS.statementPosition,
    definition: {
      name: 'Concord statement position (x-concord-statement-position)',
      description:
        'A nation’s word on a joint statement: its positions on each clause and on the whole (concur, concur with a reservation, non-concur) each on a version and signed by the nation’s node, its proposed amendments and comments, and its signed no-objection at the end of a silence.',
      type: 'new-sdo',
    },
  },
  publish: async (objects, changes) =>
    (await objects.statementPositions(changedIds(changes))).map((row) => {
      const label = labelFromColumns(row);
      return {
        kind: 'statement-position',
        id: row.id,
        version: row.version,
        modified: row.updated_at,
        label,
        object: statementPositionObject(row, label),
      };
    }),
  fromPeer: { apply: applyStatementPosition },
} satisfies RecordKind;
