/** The one place meetings, invitation answers, delegations, agenda items and minutes become wire JSON. */
import { labelFromColumns } from '../../../shared/labels/label-columns';
import { presentLabel } from './label-presenter';
import type {
  AgendaItemView,
  Delegate,
  DelegationView,
  InvitationAnswerView,
  Meeting,
  MeetingSummary,
  MinutesView,
  Venue,
} from '../../../shared/contracts/dialogue';
import type { AgendaItemRow, AnswerRow, DelegationRow, MeetingRow, MinutesRow } from '../../db/repositories/meeting-repository';

const iso = (value: Date | string) => new Date(value).toISOString();
const isoOrNull = (value: Date | string | null) => (value === null ? null : iso(value));

export function presentMeetingSummary(row: MeetingRow): MeetingSummary {
  return {
    id: row.id,
    version: row.version,
    title: row.title,
    kind: row.kind as MeetingSummary['kind'],
    summary: row.summary,
    venue: row.venue as Venue,
    timeZone: row.time_zone,
    startsAt: iso(row.starts_at),
    endsAt: iso(row.ends_at),
    host: row.originator_nation,
    participants: row.participants,
    answerBy: isoOrNull(row.answer_by),
    status: row.status as MeetingSummary['status'],
    label: presentLabel(labelFromColumns(row)),
    partnerNode: row.home_node !== null,
    createdBy: { id: row.created_by, name: row.created_by_name },
  };
}

export function presentAnswer(row: AnswerRow): InvitationAnswerView {
  return {
    id: row.id,
    meetingId: row.meeting_id,
    nation: row.originator_nation,
    answer: row.answer as InvitationAnswerView['answer'],
    note: row.note,
    answeredBy: { id: row.answered_by, name: row.answered_by_name },
    answeredAt: iso(row.answered_at),
    version: row.version,
    label: presentLabel(labelFromColumns(row)),
  };
}

export function presentDelegation(row: DelegationRow): DelegationView {
  return {
    id: row.id,
    meetingId: row.meeting_id,
    nation: row.originator_nation,
    head: row.head as Delegate,
    members: row.members as Delegate[],
    updatedBy: { id: row.updated_by, name: row.updated_by_name },
    updatedAt: iso(row.updated_at),
    version: row.version,
    label: presentLabel(labelFromColumns(row)),
  };
}

export function presentMinutes(row: MinutesRow, organise: boolean): MinutesView {
  return {
    id: row.id,
    agendaItemId: row.agenda_item_id,
    meetingId: row.meeting_id,
    text: row.text,
    status: row.status as MinutesView['status'],
    updatedBy: { id: row.updated_by, name: row.updated_by_name },
    updatedAt: iso(row.updated_at),
    version: row.version,
    label: presentLabel(labelFromColumns(row)),
    can: { edit: organise && row.status === 'draft' },
  };
}

/** `number`: the item's place among the items of its meeting the reader may read (from 1). */
export function presentAgendaItem(row: AgendaItemRow, number: number, minutes: MinutesRow | null, organise: boolean): AgendaItemView {
  return {
    id: row.id,
    meetingId: row.meeting_id,
    number,
    title: row.title,
    description: row.description,
    ownerNation: row.owner_nation,
    slotStart: isoOrNull(row.slot_start),
    slotEnd: isoOrNull(row.slot_end),
    updatedBy: { id: row.updated_by, name: row.updated_by_name },
    updatedAt: iso(row.updated_at),
    version: row.version,
    label: presentLabel(labelFromColumns(row)),
    minutes: minutes && presentMinutes(minutes, organise),
    can: { edit: organise },
  };
}

export function presentMeeting(
  row: MeetingRow,
  parts: { answers: AnswerRow[]; delegations: DelegationRow[]; agenda: AgendaItemRow[]; minutes: Map<string, MinutesRow> },
  can: Meeting['can'],
): Meeting {
  return {
    ...presentMeetingSummary(row),
    answers: parts.answers.map(presentAnswer),
    delegations: parts.delegations.map(presentDelegation),
    agenda: parts.agenda.map((item, i) => presentAgendaItem(item, i + 1, parts.minutes.get(item.id) ?? null, can.organise)),
    can,
  };
}
