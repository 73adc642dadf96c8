/** The one place meetings, invitation answers, delegations, agenda items, their files and minutes become wire JSON. */
import { labelFromColumns } from '../../../shared/labels/label-columns';
import { presentLabel } from './label-presenter';
import type {
  AgendaAttachmentView,
  AgendaItemView,
  Delegate,
  DelegationView,
  InvitationAnswerView,
  Meeting,
  MeetingSummary,
  MinutesView,
  Venue,
} from '../../../shared/contracts/dialogue';
import type { AgendaAttachmentRow } from '../../db/repositories/agenda-attachment-repository';
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

export function presentAgendaAttachment(row: AgendaAttachmentRow): AgendaAttachmentView {
  return {
    id: row.id,
    agendaItemId: row.agenda_item_id,
    fileName: row.file_name,
    mediaType: row.media_type,
    size: row.size,
    sha256: row.sha256,
    nation: row.originator_nation,
    createdBy: { id: row.created_by, name: row.created_by_name },
    createdAt: iso(row.created_at),
    label: presentLabel(labelFromColumns(row)),
  };
}

/**
 * `number`: the item's place among the items of its meeting the reader may read (from 1);
 * `attachments`: its files the reader may read; `can`: what the reader may do with it.
 */
export function presentAgendaItem(
  row: AgendaItemRow,
  number: number,
  minutes: MinutesRow | null,
  attachments: AgendaAttachmentRow[],
  can: { organise: boolean; attach: boolean },
): AgendaItemView {
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
    minutes: minutes && presentMinutes(minutes, can.organise),
    attachments: attachments.map(presentAgendaAttachment),
    can: { edit: can.organise, attach: can.attach },
  };
}

export function presentMeeting(
  row: MeetingRow,
  parts: {
    answers: AnswerRow[];
    delegations: DelegationRow[];
    agenda: AgendaItemRow[];
    minutes: Map<string, MinutesRow>;
    attachments: AgendaAttachmentRow[];
    /** The items the reader may attach files to. */
    attachable: Set<string>;
  },
  can: Meeting['can'],
): Meeting {
  return {
    ...presentMeetingSummary(row),
    answers: parts.answers.map(presentAnswer),
    delegations: parts.delegations.map(presentDelegation),
    agenda: parts.agenda.map((item, i) =>
      presentAgendaItem(
        item,
        i + 1,
        parts.minutes.get(item.id) ?? null,
        parts.attachments.filter((a) => a.agenda_item_id === item.id),
        { organise: can.organise, attach: parts.attachable.has(item.id) },
      ),
    ),
    can,
  };
}
