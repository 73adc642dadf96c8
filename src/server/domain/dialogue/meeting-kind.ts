/**
 * Meetings of the strategic dialogue in the registry (records/registry.ts): published by the host's
 * node, and received from peers before what hangs on them.
 */
import { labelFromColumns } from '../../../shared/labels/label-columns';
import { applyMeeting } from './dialogue-from-peers';
import { MEETING_TYPE, meetingObject } from './dialogue-stix';
import { EXTENSIONS } from '../stix/stix-vocab';
import { changedIds } from '../records/record-kind';
import type { RecordKind } from '../records/record-kind';

export const meetingKind = {
  stix: {
    types: [MEETING_TYPE],
    extension: EXTENSIONS.meeting,
    definition: {
      name: 'Concord meeting (x-concord-meeting)',
      description:
        'A meeting of the strategic dialogue hosted by one nation: title, kind, venue (a place or online) and its time zone, start and end, the nations taking part, the deadline for answers, planned or cancelled.',
      type: 'new-sdo',
    },
  },
  publish: async (objects, changes) =>
    (await objects.ownMeetings(changedIds(changes))).map((row) => {
      const label = labelFromColumns(row);
      return { kind: 'meeting', id: row.id, version: row.version, modified: row.updated_at, label, object: meetingObject(row, label) };
    }),
  fromPeer: { apply: applyMeeting },
} satisfies RecordKind;
