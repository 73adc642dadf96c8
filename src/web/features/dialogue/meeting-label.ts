import type { Meeting } from '../../../shared/contracts/dialogue';
import type { LabelInput } from '../../../shared/labels/label';

/** The label a record of a meeting's host starts from in its forms: the meeting's level and caveats, released to its other nations, TLP:GREEN. */
export const meetingAudienceLabel = (meeting: Meeting): LabelInput => ({
  classification: meeting.label.classification,
  relTo: meeting.participants.filter((n) => n !== meeting.host),
  caveats: meeting.label.caveats,
  tlp: 'GREEN',
  recipients: { orgs: [], users: [] },
});
