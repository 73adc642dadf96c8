/**
 * Joint statements in the registry (records/registry.ts), read through their meeting
 * (shared/vocab/record-kinds.ts): published by the host's node, received from peers after meetings.
 */
import { labelFromColumns } from '../../../shared/labels/label-columns';
import { applyStatement } from './statement-from-peers';
import { STATEMENT_TYPE, statementObject } from './statement-stix';
import { EXTENSIONS } from '../stix/stix-vocab';
import { changedIds } from '../records/record-kind';
import type { RecordKind } from '../records/record-kind';

export const statementKind = {
  stix: {
    types: [STATEMENT_TYPE],
    extension: EXTENSIONS.statement,
    definition: {
      name: 'Concord joint statement (x-concord-statement)',
      description:
        'A joint statement of a meeting, drafted by its host: title, preamble, the clauses each with its versions, the text version, drafting, under silence (until when), adopted or withdrawn, the pen-holder’s decisions on amendments, and once adopted the signed document that freezes it.',
      type: 'new-sdo',
    },
  },
  publish: async (objects, changes) =>
    (await objects.ownStatements(changedIds(changes))).map((row) => {
      const label = labelFromColumns(row);
      return { kind: 'statement', id: row.id, version: row.version, modified: row.updated_at, label, object: statementObject(row, label) };
    }),
  fromPeer: { apply: applyStatement },
} satisfies RecordKind;
