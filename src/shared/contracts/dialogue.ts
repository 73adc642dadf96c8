/**
 * Strategic dialogue: meetings hosted by one nation for the nations it invites, each nation's
 * answer to the invitation and its delegation, the agenda (each item under its own label) and the
 * minutes of each item.
 */
import { z } from 'zod';
import { isoDateTime } from './common';
import { isTimeZone } from '../time/time-zone';
import { labelInputSchema, labelSchema } from '../labels/label';
import { attachmentUploadSchema } from './picture-records';
import { INVITATION_ANSWERS, MEETING_KINDS, MEETING_STATUSES, MINUTES_STATUSES } from '../vocab/dialogue';

const text = (max: number) => z.string().trim().max(max);
const required = (max: number, message: string) => z.string().trim().min(1, message).max(max);
const nation = z.string().regex(/^[A-Z]{3}$/, 'A nation code such as KAZ.');

export const venueSchema = z.discriminatedUnion('online', [
  z.strictObject({ online: z.literal(true) }),
  z.strictObject({
    online: z.literal(false),
    name: required(200, 'Name the venue.'),
    country: nation,
    lat: z.number().min(-90).max(90),
    lon: z.number().min(-180).max(180),
  }),
]);
export type Venue = z.infer<typeof venueSchema>;

const timeZone = z.string().max(64).refine(isTimeZone, { message: 'An IANA time zone such as Asia/Karachi.' });

const meetingFields = {
  title: required(200, 'Name the meeting.'),
  kind: z.enum(MEETING_KINDS),
  summary: text(10_000).default(''),
  venue: venueSchema,
  /** The venue's time zone: the meeting's times are shown in it. */
  timeZone,
  startsAt: isoDateTime(),
  endsAt: isoDateTime(),
  /** The nations invited; the host nation takes part without being named. */
  participants: z.array(nation).min(1, 'Invite at least one nation.').max(64),
  /** The deadline for answering the invitation. */
  answerBy: isoDateTime().nullable().optional(),
};

export const meetingCreateRequestSchema = z.strictObject({ ...meetingFields, label: labelInputSchema });
export type MeetingCreateRequest = z.infer<typeof meetingCreateRequestSchema>;

export const meetingUpdateRequestSchema = z
  .strictObject({
    title: meetingFields.title,
    kind: meetingFields.kind,
    summary: text(10_000),
    venue: venueSchema,
    timeZone,
    startsAt: isoDateTime(),
    endsAt: isoDateTime(),
    participants: meetingFields.participants,
    answerBy: isoDateTime().nullable(),
    label: labelInputSchema,
  })
  .partial();
export type MeetingUpdateRequest = z.infer<typeof meetingUpdateRequestSchema>;

export const meetingListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  /** Meetings ending at or after this time (upcoming ones: now). */
  from: isoDateTime().optional(),
});

export const invitationAnswerRequestSchema = z.strictObject({
  answer: z.enum(INVITATION_ANSWERS),
  note: text(2_000).default(''),
  /** Under the meeting's audience when left out; it must reach the host nation. */
  label: labelInputSchema.optional(),
});
export type InvitationAnswerRequest = z.infer<typeof invitationAnswerRequestSchema>;

export const delegateSchema = z.strictObject({
  name: required(200, 'Name the delegate.'),
  rank: text(100).default(''),
  appointment: text(200).default(''),
});
export type Delegate = z.infer<typeof delegateSchema>;

export const delegationRequestSchema = z.strictObject({
  head: delegateSchema,
  members: z.array(delegateSchema).max(100).default([]),
  /** Under the meeting's audience when left out; it must reach the host nation. */
  label: labelInputSchema.optional(),
});
export type DelegationRequest = z.infer<typeof delegationRequestSchema>;

const agendaFields = {
  title: required(300, 'Name the agenda item.'),
  description: text(10_000).default(''),
  /** The nation that leads the item (one of the meeting's). */
  ownerNation: nation,
  slotStart: isoDateTime().nullable().optional(),
  slotEnd: isoDateTime().nullable().optional(),
};

export const agendaItemCreateRequestSchema = z.strictObject({
  ...agendaFields,
  /** Under the meeting's audience when left out; a sidebar item names only its nations. */
  label: labelInputSchema.optional(),
  /** The item it follows (null: first); at the end when left out. */
  after: z.uuid().nullable().optional(),
});
export type AgendaItemCreateRequest = z.infer<typeof agendaItemCreateRequestSchema>;

export const agendaItemUpdateRequestSchema = z
  .strictObject({
    title: agendaFields.title,
    description: text(10_000),
    ownerNation: nation,
    slotStart: isoDateTime().nullable(),
    slotEnd: isoDateTime().nullable(),
    label: labelInputSchema,
    /** Moves it after this item (null: first). */
    after: z.uuid().nullable(),
  })
  .partial();
export type AgendaItemUpdateRequest = z.infer<typeof agendaItemUpdateRequestSchema>;

export const minutesWriteRequestSchema = z.strictObject({
  text: required(100_000, 'Write the minutes.'),
  /** Under the agenda item's audience when left out. */
  label: labelInputSchema.optional(),
});
export type MinutesWriteRequest = z.infer<typeof minutesWriteRequestSchema>;

export const agendaAttachmentUploadSchema = attachmentUploadSchema.extend({
  /** Under the agenda item's audience when left out; it must reach the host nation. */
  label: labelInputSchema.optional(),
});
export type AgendaAttachmentUpload = z.infer<typeof agendaAttachmentUploadSchema>;

const person = z.object({ id: z.string(), name: z.string() });

export const meetingSummarySchema = z.object({
  id: z.string(),
  version: z.number().int(),
  title: z.string(),
  kind: z.enum(MEETING_KINDS),
  summary: z.string(),
  venue: venueSchema,
  timeZone: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  host: z.string(),
  participants: z.array(z.string()),
  answerBy: z.string().nullable(),
  status: z.enum(MEETING_STATUSES),
  label: labelSchema,
  /** Run by a partner's node (edited there only). */
  partnerNode: z.boolean(),
  createdBy: person,
});
export type MeetingSummary = z.infer<typeof meetingSummarySchema>;

export const invitationAnswerSchema = z.object({
  id: z.string(),
  meetingId: z.string(),
  nation: z.string(),
  answer: z.enum(INVITATION_ANSWERS),
  note: z.string(),
  answeredBy: person,
  answeredAt: z.string(),
  version: z.number().int(),
  label: labelSchema,
});
export type InvitationAnswerView = z.infer<typeof invitationAnswerSchema>;

export const delegationSchema = z.object({
  id: z.string(),
  meetingId: z.string(),
  nation: z.string(),
  head: delegateSchema,
  members: z.array(delegateSchema),
  updatedBy: person,
  updatedAt: z.string(),
  version: z.number().int(),
  label: labelSchema,
});
export type DelegationView = z.infer<typeof delegationSchema>;

export const minutesSchema = z.object({
  id: z.string(),
  agendaItemId: z.string(),
  meetingId: z.string(),
  text: z.string(),
  status: z.enum(MINUTES_STATUSES),
  updatedBy: person,
  updatedAt: z.string(),
  version: z.number().int(),
  label: labelSchema,
  can: z.object({ edit: z.boolean() }),
});
export type MinutesView = z.infer<typeof minutesSchema>;

/** A file attached to an agenda item: download it from /api/agenda-attachments/{id}. */
export const agendaAttachmentSchema = z.object({
  id: z.string(),
  agendaItemId: z.string(),
  fileName: z.string(),
  /** Detected from the content. */
  mediaType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  /** The nation that attached it (the host, or the nation leading the item). */
  nation: z.string(),
  createdBy: person,
  createdAt: z.string(),
  label: labelSchema,
});
export type AgendaAttachmentView = z.infer<typeof agendaAttachmentSchema>;

export const agendaItemSchema = z.object({
  id: z.string(),
  meetingId: z.string(),
  /**
   * Its number among the items the reader may read (1, 2, 3, …): an item the reader may not read
   * leaves no gap.
   */
  number: z.number().int(),
  title: z.string(),
  description: z.string(),
  ownerNation: z.string(),
  slotStart: z.string().nullable(),
  slotEnd: z.string().nullable(),
  updatedBy: person,
  updatedAt: z.string(),
  version: z.number().int(),
  label: labelSchema,
  minutes: minutesSchema.nullable(),
  /** Its files the reader may read, in the order attached. */
  attachments: z.array(agendaAttachmentSchema),
  can: z.object({
    edit: z.boolean(),
    /** Attach files: the host's organisers, and the delegates of the nation leading the item. */
    attach: z.boolean(),
  }),
});
export type AgendaItemView = z.infer<typeof agendaItemSchema>;

export const meetingSchema = meetingSummarySchema.extend({
  answers: z.array(invitationAnswerSchema),
  delegations: z.array(delegationSchema),
  agenda: z.array(agendaItemSchema),
  can: z.object({
    /** Edit, cancel and write the agenda and minutes (the host's organisers, on the host's node). */
    organise: z.boolean(),
    /** Answer the invitation and name the delegation (a participant's). */
    attend: z.boolean(),
  }),
});
export type Meeting = z.infer<typeof meetingSchema>;
