/**
 * Desks in the registry (records/registry.ts): published and received from peers. A desk has no
 * label of its own: it is read by its nation's (hotline-stix.ts `deskLabel`).
 */
import { applyDesk } from './hotline-from-peers';
import { DESK_TYPE, deskLabel, deskObject } from './hotline-stix';
import { EXTENSIONS } from '../stix/stix-vocab';
import { changedIds } from '../records/record-kind';
import type { RecordKind } from '../records/record-kind';

export const deskKind = {
  stix: {
    types: [DESK_TYPE],
    extension: EXTENSIONS.desk,
    definition: {
      name: 'Concord hotline desk (x-concord-desk)',
      description: 'A nation’s point of contact for alerts: nation, name.',
      type: 'new-sdo',
    },
  },
  publish: async (objects, changes) => {
    const desks = await objects.ownDesks(changedIds(changes));
    const nations = desks.length > 0 ? await objects.nations() : [];
    return desks.map((row) => {
      const label = deskLabel(row, row.org_id, nations);
      const modified = row.updated_at ?? row.created_at;
      return { kind: 'desk', id: row.id, version: row.version, modified, label, object: deskObject(row, label) };
    });
  },
  fromPeer: { apply: (_ctx, db, peer, received, at) => applyDesk(db, peer, received, at) },
} satisfies RecordKind;
