/**
 * Joint training: exercises planned by a lead nation with the nations taking part — their units,
 * venue, key resources, objectives and planning milestones — and the busy blocks nations publish so
 * partners plan around their units without seeing what keeps them busy. Clashes are worked out for
 * a plan against what its planner may read, and against the public holidays of the nations taking
 * part.
 */
import { z } from 'zod';
import { isoDateTime } from './common';
import { calendarDate } from './commitments';
import { venueSchema } from './dialogue';
import { isTimeZone } from '../time/time-zone';
import { labelInputSchema, labelSchema } from '../labels/label';
import { INCIDENT_DOMAIN_CODES } from '../vocab/incident-types';
import { BUSY_BLOCK_STATUSES, CLASH_REASONS, EXERCISE_KINDS, EXERCISE_STATUSES, MILESTONE_KINDS } from '../vocab/training';

const text = (max: number) => z.string().trim().max(max);
const required = (max: number, message: string) => z.string().trim().min(1, message).max(max);
const nation = z.string().regex(/^[A-Z]{3}$/, 'A nation code such as KAZ.');
const timeZone = z.string().max(64).refine(isTimeZone, { message: 'An IANA time zone such as Asia/Karachi.' });

/** A unit taking part, named by its nation (the same name within a nation is the same unit). */
export const unitSchema = z.strictObject({
  nation,
  name: required(200, 'Name the unit.'),
});
export type Unit = z.infer<typeof unitSchema>;

export const objectiveSchema = z.strictObject({
  text: required(2_000, 'Say what the objective is.'),
  /** The threats it trains against (incident domains). */
  threats: z
    .array(z.enum(INCIDENT_DOMAIN_CODES as [string, ...string[]]))
    .max(8)
    .default([]),
  /** A commitment of the dialogue it carries out (one its planner may read). */
  commitmentId: z.uuid().nullable().default(null),
});
export type Objective = z.infer<typeof objectiveSchema>;

export const milestoneInputSchema = z.strictObject({
  /** Kept when the milestone is edited; a new one is given an id. */
  id: z.uuid().optional(),
  kind: z.enum(MILESTONE_KINDS),
  /** Its name on the calendar (the kind's name when empty). */
  title: text(200).default(''),
  startsAt: isoDateTime(),
  endsAt: isoDateTime(),
  /** The meeting that holds it, for a planning conference held as a meeting of the dialogue. */
  meetingId: z.uuid().nullable().default(null),
});
export type MilestoneInput = z.infer<typeof milestoneInputSchema>;

const planFields = {
  title: required(200, 'Name the exercise.'),
  kind: z.enum(EXERCISE_KINDS),
  summary: text(10_000).default(''),
  /** A place on the map, or `online: true` for an exercise distributed over several places. */
  venue: venueSchema,
  /** The venue's time zone: the exercise's times are shown in it. */
  timeZone,
  /** STARTEX. */
  startsAt: isoDateTime(),
  /** ENDEX. */
  endsAt: isoDateTime(),
  /** The nations taking part; the lead nation takes part without being named. */
  participants: z.array(nation).max(64).default([]),
  units: z.array(unitSchema).max(200).default([]),
  /** Key resources it books (a range, an airfield, a simulation centre). */
  resources: z.array(required(200, 'Name the resource.')).max(100).default([]),
  objectives: z.array(objectiveSchema).max(50).default([]),
  trainingAudience: text(2_000).default(''),
  milestones: z.array(milestoneInputSchema).max(50).default([]),
};

export const exerciseCreateRequestSchema = z.strictObject({ ...planFields, label: labelInputSchema });
export type ExerciseCreateRequest = z.infer<typeof exerciseCreateRequestSchema>;

/** A change names only what it changes; lists (units, milestones, …) are replaced whole. */
export const exerciseUpdateRequestSchema = z
  .strictObject({
    title: planFields.title,
    kind: planFields.kind,
    summary: text(10_000),
    venue: venueSchema,
    timeZone,
    startsAt: isoDateTime(),
    endsAt: isoDateTime(),
    participants: z.array(nation).max(64),
    units: z.array(unitSchema).max(200),
    resources: z.array(required(200, 'Name the resource.')).max(100),
    objectives: z.array(objectiveSchema).max(50),
    trainingAudience: text(2_000),
    milestones: z.array(milestoneInputSchema).max(50),
    label: labelInputSchema,
  })
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'Send at least one field to change.');
export type ExerciseUpdateRequest = z.infer<typeof exerciseUpdateRequestSchema>;

export const exerciseStatusRequestSchema = z.strictObject({ status: z.enum(EXERCISE_STATUSES) });

/** A plan checked for clashes before it is saved (the exercise being edited is left out of its own clashes). */
export const clashCheckRequestSchema = z.strictObject({
  exerciseId: z.uuid().nullable().default(null),
  venue: venueSchema,
  startsAt: isoDateTime(),
  endsAt: isoDateTime(),
  participants: z.array(nation).max(64).default([]),
  units: z.array(unitSchema).max(200).default([]),
  resources: z.array(required(200, 'Name the resource.')).max(100).default([]),
});
export type ClashCheckRequest = z.infer<typeof clashCheckRequestSchema>;

export const exerciseListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  /** Exercises ending at or after this time. */
  from: isoDateTime().optional(),
  status: z.enum(EXERCISE_STATUSES).optional(),
  /** Exercises a nation takes part in. */
  nation: nation.optional(),
});

const person = z.object({ id: z.string(), name: z.string() });

export const milestoneSchema = z.object({
  id: z.string(),
  kind: z.enum(MILESTONE_KINDS),
  title: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  /** The meeting holding it, when its reader may read that meeting. */
  meetingId: z.string().nullable(),
});
export type MilestoneView = z.infer<typeof milestoneSchema>;

export const exerciseSummarySchema = z.object({
  id: z.string(),
  version: z.number().int(),
  title: z.string(),
  kind: z.enum(EXERCISE_KINDS),
  status: z.enum(EXERCISE_STATUSES),
  venue: venueSchema,
  timeZone: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  /** The nation leading it. */
  lead: z.string(),
  participants: z.array(z.string()),
  units: z.array(unitSchema),
  label: labelSchema,
  /** Run by a partner's node (planned there only). */
  partnerNode: z.boolean(),
});
export type ExerciseSummary = z.infer<typeof exerciseSummarySchema>;

export const exerciseSchema = exerciseSummarySchema.extend({
  summary: z.string(),
  resources: z.array(z.string()),
  objectives: z.array(
    z.object({
      text: z.string(),
      threats: z.array(z.string()),
      /** Null also when its reader may not read the commitment. */
      commitmentId: z.string().nullable(),
    }),
  ),
  trainingAudience: z.string(),
  milestones: z.array(milestoneSchema),
  createdBy: person,
  updatedAt: z.string(),
  can: z.object({
    /** Change the plan, its status and milestones (the lead nation's planners, on its node). */
    plan: z.boolean(),
    /** The statuses a planner may move it to now. */
    moveTo: z.array(z.enum(EXERCISE_STATUSES)),
  }),
});
export type Exercise = z.infer<typeof exerciseSchema>;

/** What a clash is with: another exercise, a nation's busy block, or a public holiday. */
export const clashSchema = z.object({
  with: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('exercise'), id: z.string(), title: z.string(), lead: z.string(), label: labelSchema }),
    z.object({ kind: z.literal('busy-block'), id: z.string(), title: z.string(), nation: z.string(), label: labelSchema }),
    z.object({ kind: z.literal('holiday'), nation: z.string(), name: z.string() }),
  ]),
  /** When the two overlap. */
  from: z.string(),
  to: z.string(),
  reasons: z.array(
    z.object({
      reason: z.enum(CLASH_REASONS),
      /** The unit, venue, resource or nation in both. */
      detail: z.string(),
    }),
  ),
});
export type ClashView = z.infer<typeof clashSchema>;

export const clashesSchema = z.object({ clashes: z.array(clashSchema) });

const busyTimes = z.discriminatedUnion('allDay', [
  z.strictObject({ allDay: z.literal(false), startsAt: isoDateTime(), endsAt: isoDateTime() }),
  z.strictObject({
    allDay: z.literal(true),
    /** The first day, in the time zone. */
    startDate: calendarDate,
    /** The last day (inclusive). */
    endDate: calendarDate,
  }),
]);

const busyFields = {
  /** What partners see (say "Unavailable"): never more than the nation chooses to say. */
  title: required(200, 'Say what partners see, such as "Unavailable".'),
  /** The unit it keeps busy; none: the nation as a whole. */
  unit: text(200).nullable().default(null),
  timeZone,
};

export const busyBlockCreateRequestSchema = z.intersection(z.object({ ...busyFields, label: labelInputSchema }).strict(), busyTimes);
export type BusyBlockCreateRequest = z.infer<typeof busyBlockCreateRequestSchema>;

/** An iCalendar file whose events become draft busy blocks, each checked and published by a planner. */
export const busyBlockImportRequestSchema = z.strictObject({
  /** The .ics file's text. */
  calendar: z.string().min(1, 'Send the .ics file’s text.').max(2_097_152, 'An .ics file of at most 2 MiB.'),
  /** The unit its events keep busy; none: the nation as a whole. */
  unit: text(200).nullable().default(null),
  /** What partners see of each block ("Unavailable" when left out; never the events' own summaries, which may say why). */
  title: text(200).nullable().default(null),
  /** The zone of the file's all-day and floating times. */
  timeZone,
  label: labelInputSchema,
});
export type BusyBlockImportRequest = z.infer<typeof busyBlockImportRequestSchema>;

export const busyBlockListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  /** Blocks ending at or after this time. */
  from: isoDateTime().optional(),
  /** Drafts awaiting publication, or published blocks (both by default). */
  status: z.enum(['draft', 'published']).optional(),
});

export const busyBlockSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  title: z.string(),
  nation: z.string(),
  unit: z.string().nullable(),
  allDay: z.boolean(),
  startsAt: z.string(),
  endsAt: z.string(),
  timeZone: z.string(),
  /** A draft (imported, not yet published) counts in no clash and reaches no partner; a withdrawn one is gone from every list. */
  status: z.enum(BUSY_BLOCK_STATUSES),
  /** Its own label: a draft's releases it to its nation alone. */
  label: labelSchema,
  /** A draft's label once published (null once published). */
  proposedLabel: labelSchema.nullable(),
  can: z.object({ edit: z.boolean() }),
});
export type BusyBlockView = z.infer<typeof busyBlockSchema>;

export const busyBlockImportResultSchema = z.object({
  /** The draft blocks made, in the file's order. */
  created: z.array(z.string()),
  /** Events left out, each with why (no end, recurring beyond two years, …). */
  skipped: z.array(z.object({ uid: z.string().nullable(), summary: z.string(), why: z.string() })),
});
