/**
 * Strategic dialogue's STIX face: meetings, invitation answers, delegations, agenda items and
 * minutes as Concord object types, declared by extension definitions (stix-vocab.ts). Each travels
 * with a version per change, published by the node of the nation that writes it: a meeting, its
 * agenda and minutes by the host's node, an answer and a delegation by the answering nation's.
 */
import { z } from 'zod';
import { delegateSchema, venueSchema } from '../../../shared/contracts/dialogue';
import { INVITATION_ANSWERS, MEETING_KINDS, MEETING_STATUSES, MINUTES_STATUSES } from '../../../shared/vocab/dialogue';
import { concordObjectTop } from '../hotline/hotline-stix';
import { EXTENSIONS } from '../stix/stix-vocab';
import { orNull } from '../stix/stix-omit-empty';
import type { Label } from '../../../shared/labels/label';
import type { AgendaItemsTable, DelegationsTable, MeetingAnswersTable, MeetingsTable, MinutesTable } from '../../db/schema';
import type { Selectable } from 'kysely';
import type { StixObject } from '../stix/stix-export';

export const MEETING_TYPE = 'x-concord-meeting';
export const MEETING_ANSWER_TYPE = 'x-concord-meeting-answer';
export const DELEGATION_TYPE = 'x-concord-delegation';
export const AGENDA_ITEM_TYPE = 'x-concord-agenda-item';
export const MINUTES_TYPE = 'x-concord-minutes';

const iso = (value: Date | string) => new Date(value).toISOString();
const isoOrNull = (value: Date | string | null) => (value === null ? null : iso(value));
const dateTime = z.iso.datetime({ offset: true });
const text = (max: number) => z.string().max(max);
const nation = z.string().regex(/^[A-Z]{3}$/);
const refTo = (type: string) => z.string().startsWith(`${type}--`);
const version = z.number().int().min(1);

export const meetingExtensionSchema = z.object({
  version,
  title: z.string().min(1).max(200),
  kind: z.enum(MEETING_KINDS),
  summary: text(10_000).default(''),
  venue: venueSchema,
  time_zone: z.string().min(1).max(64),
  starts_at: dateTime,
  ends_at: dateTime,
  participants: z.array(nation).min(1).max(64),
  answer_by: orNull(dateTime),
  status: z.enum(MEETING_STATUSES),
  created_at: dateTime,
});

export const meetingAnswerExtensionSchema = z.object({
  version,
  meeting_ref: refTo(MEETING_TYPE),
  answer: z.enum(INVITATION_ANSWERS),
  note: text(2_000).default(''),
  answered_at: dateTime,
});

export const delegationExtensionSchema = z.object({
  version,
  meeting_ref: refTo(MEETING_TYPE),
  head: delegateSchema,
  members: z.array(delegateSchema).max(100).default([]),
  updated_at: dateTime,
});

export const agendaItemExtensionSchema = z.object({
  version,
  meeting_ref: refTo(MEETING_TYPE),
  position: z.number().finite(),
  title: z.string().min(1).max(300),
  description: text(10_000).default(''),
  owner_nation: nation,
  slot_start: orNull(dateTime),
  slot_end: orNull(dateTime),
  updated_at: dateTime,
});

export const minutesExtensionSchema = z.object({
  version,
  agenda_item_ref: refTo(AGENDA_ITEM_TYPE),
  meeting_ref: refTo(MEETING_TYPE),
  text: z.string().min(1).max(100_000),
  status: z.enum(MINUTES_STATUSES),
  updated_at: dateTime,
});

const top = (type: string, id: string, created: Date | string, label: Label, modified: Date | string) =>
  concordObjectTop(type, id, created, label, label.originator.org, modified);

export function meetingObject(row: Selectable<MeetingsTable>, label: Label): StixObject {
  return {
    ...top(MEETING_TYPE, row.id, row.created_at, label, row.updated_at),
    name: row.title,
    extensions: {
      [EXTENSIONS.meeting]: {
        extension_type: 'new-sdo',
        version: row.version,
        title: row.title,
        kind: row.kind,
        summary: row.summary,
        venue: row.venue,
        time_zone: row.time_zone,
        starts_at: iso(row.starts_at),
        ends_at: iso(row.ends_at),
        participants: row.participants,
        answer_by: isoOrNull(row.answer_by),
        status: row.status,
        created_at: iso(row.created_at),
      },
    },
  };
}

export function meetingAnswerObject(row: Selectable<MeetingAnswersTable>, label: Label): StixObject {
  return {
    ...top(MEETING_ANSWER_TYPE, row.id, row.answered_at, label, row.answered_at),
    extensions: {
      [EXTENSIONS.meetingAnswer]: {
        extension_type: 'new-sdo',
        version: row.version,
        meeting_ref: `${MEETING_TYPE}--${row.meeting_id}`,
        answer: row.answer,
        note: row.note,
        answered_at: iso(row.answered_at),
      },
    },
  };
}

export function delegationObject(row: Selectable<DelegationsTable>, label: Label): StixObject {
  return {
    ...top(DELEGATION_TYPE, row.id, row.updated_at, label, row.updated_at),
    extensions: {
      [EXTENSIONS.delegation]: {
        extension_type: 'new-sdo',
        version: row.version,
        meeting_ref: `${MEETING_TYPE}--${row.meeting_id}`,
        head: row.head,
        members: row.members,
        updated_at: iso(row.updated_at),
      },
    },
  };
}

export function agendaItemObject(row: Selectable<AgendaItemsTable>, label: Label): StixObject {
  return {
    ...top(AGENDA_ITEM_TYPE, row.id, row.updated_at, label, row.updated_at),
    name: row.title,
    extensions: {
      [EXTENSIONS.agendaItem]: {
        extension_type: 'new-sdo',
        version: row.version,
        meeting_ref: `${MEETING_TYPE}--${row.meeting_id}`,
        position: row.position,
        title: row.title,
        description: row.description,
        owner_nation: row.owner_nation,
        slot_start: isoOrNull(row.slot_start),
        slot_end: isoOrNull(row.slot_end),
        updated_at: iso(row.updated_at),
      },
    },
  };
}

export function minutesObject(row: Selectable<MinutesTable>, label: Label): StixObject {
  return {
    ...top(MINUTES_TYPE, row.id, row.updated_at, label, row.updated_at),
    extensions: {
      [EXTENSIONS.minutes]: {
        extension_type: 'new-sdo',
        version: row.version,
        agenda_item_ref: `${AGENDA_ITEM_TYPE}--${row.agenda_item_id}`,
        meeting_ref: `${MEETING_TYPE}--${row.meeting_id}`,
        text: row.text,
        status: row.status,
        updated_at: iso(row.updated_at),
      },
    },
  };
}
