/**
 * Entries of a crisis room's log in the registry (records/registry.ts): read through their crisis
 * (shared/vocab/record-kinds.ts), published, and received from peers after the crises.
 */
import { labelFromColumns } from '../../../shared/labels/label-columns';
import { applyCrisisEntry } from './crisis-from-peers';
import { CRISIS_ENTRY_TYPE, crisisEntryObject } from './crisis-stix';
import { EXTENSIONS } from '../stix/stix-vocab';
import { changedIds } from '../records/record-kind';
import type { RecordKind } from '../records/record-kind';

export const crisisEntryKind = {
  stix: {
    types: [CRISIS_ENTRY_TYPE],
    extension: EXTENSIONS.crisisEntry,
    definition: {
      name: 'Concord crisis log entry (x-concord-crisis-entry)',
      description:
        'The crisis, kind (log, sitrep, request, offer, task, update), content, the entry an update moves, an offer’s request and requesting nation, a task’s owner and deadline, when entered.',
      type: 'new-sdo',
    },
  },
  // An entry is published once, as written; its moves travel as update entries of their own.
  publish: async (objects, changes) =>
    (await objects.crisisEntries(changedIds(changes.filter((c) => c.version === 1)))).map((row) => {
      const label = labelFromColumns(row);
      const object = crisisEntryObject(row, row.offer_requester, label);
      return { kind: 'crisis-entry', id: row.id, version: 1, modified: row.entered_at, label, object };
    }),
  fromPeer: { apply: applyCrisisEntry },
} satisfies RecordKind;
