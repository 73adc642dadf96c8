/**
 * Nations' answers to a meeting's invitation, read through the meeting
 * (shared/vocab/record-kinds.ts), in the registry (records/registry.ts): published by the node of
 * the nation that answers, received from peers after the meetings.
 */
import { labelFromColumns } from '../../../shared/labels/label-columns';
import { applyMeetingAnswer } from './dialogue-from-peers';
import { MEETING_ANSWER_TYPE, meetingAnswerObject } from './dialogue-stix';
import { EXTENSIONS } from '../stix/stix-vocab';
import { changedIds } from '../records/record-kind';
import type { RecordKind } from '../records/record-kind';

export const meetingAnswerKind = {
  stix: {
    types: [MEETING_ANSWER_TYPE],
    extension: EXTENSIONS.meetingAnswer,
    definition: {
      name: 'Concord invitation answer (x-concord-meeting-answer)',
      description: 'A nation’s answer to a meeting’s invitation: the meeting, accepted, declined or tentative, a note, when answered.',
      type: 'new-sdo',
    },
  },
  publish: async (objects, changes) =>
    (await objects.meetingAnswers(changedIds(changes))).map((row) => {
      const label = labelFromColumns(row);
      return {
        kind: 'meeting-answer',
        id: row.id,
        version: row.version,
        modified: row.answered_at,
        label,
        object: meetingAnswerObject(row, label),
      };
    }),
  fromPeer: { apply: applyMeetingAnswer },
} satisfies RecordKind;
