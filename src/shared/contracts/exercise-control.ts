/**
 * Running an exercise: its control panel (start, pause, resume, end), its master scenario events
 * list (MSEL) of injects timed from STARTEX, and the expectations each inject carries, scored from
 * the records where they show it and by the exercise's controllers otherwise.
 */
import { z } from 'zod';
import { labelInputSchema, labelSchema } from '../labels/label';
import { ALERT_SEVERITIES } from '../vocab/hotline';
import { sitrepSchema } from './crises';
import { CONTROL_ACTIONS, EXPECTATION_KINDS, EXPECTATION_VERDICTS, INJECT_STATUSES } from '../vocab/training';

const text = (max: number) => z.string().trim().max(max);
const required = (max: number, message: string) => z.string().trim().min(1, message).max(max);
const nation = z.string().regex(/^[A-Z]{3}$/, 'A nation code such as KAZ.');

/** What the inject makes when it fires; the record is raised in the name of the controller who wrote the inject. */
export const injectActionSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('alert'),
    severity: z.enum(ALERT_SEVERITIES),
    summary: required(200, 'Say in a line what the alert reports.'),
    details: text(10_000).default(''),
    targetDesks: z.array(z.uuid()).min(1, 'Choose at least one desk.').max(20),
    label: labelInputSchema,
  }),
  z.strictObject({
    kind: z.literal('crisis'),
    title: required(200, 'Name the crisis room.'),
    summary: text(10_000).default(''),
    label: labelInputSchema,
  }),
  z.strictObject({
    kind: z.literal('sitrep'),
    /** The earlier inject of this MSEL that opens the crisis room it goes to. */
    crisisInjectId: z.uuid(),
    sitrep: sitrepSchema.omit({ asOf: true }),
    label: labelInputSchema,
  }),
  z.strictObject({
    kind: z.literal('message'),
    crisisInjectId: z.uuid(),
    text: required(10_000, 'Write the message.'),
    label: labelInputSchema,
  }),
]);
export type InjectAction = z.infer<typeof injectActionSchema>;

export const expectationInputSchema = z.strictObject({
  /** Kept when the inject is edited; a new one is given an id. */
  id: z.uuid().optional(),
  kind: z.enum(EXPECTATION_KINDS),
  /** The nation expected to act (a nation taking part). */
  nation,
  /** For `acknowledge`: the desk (one the alert targets, of `nation`). */
  deskId: z.uuid().nullable().default(null),
  /** Within how long of the inject firing. */
  withinMinutes: z
    .number()
    .int()
    .min(1)
    .max(60 * 24 * 14),
  /** The exercise objective it measures: its position in the objectives, from 0. */
  objective: z.number().int().min(0).max(49).nullable().default(null),
  /** What should happen, in the controllers' words. */
  text: text(2_000).default(''),
});
export type ExpectationInput = z.infer<typeof expectationInputSchema>;

export const injectRequestSchema = z.strictObject({
  /** The controllers' name for it (players see only the record it makes). */
  title: required(200, 'Name the inject.'),
  /** Minutes after STARTEX it fires (paused time not counted). */
  atMinutes: z
    .number()
    .int()
    .min(0, 'An inject fires at STARTEX or later.')
    .max(92 * 24 * 60),
  action: injectActionSchema,
  expectations: z.array(expectationInputSchema).max(20).default([]),
});
export type InjectRequest = z.infer<typeof injectRequestSchema>;

export const controlRequestSchema = z.strictObject({ action: z.enum(CONTROL_ACTIONS) });

export const verdictRequestSchema = z.strictObject({
  verdict: z.enum(['met', 'missed']),
  note: text(2_000).default(''),
});

const score = z.object({ met: z.number().int(), missed: z.number().int(), pending: z.number().int() });

export const expectationSchema = z.object({
  id: z.string(),
  kind: z.enum(EXPECTATION_KINDS),
  nation: z.string(),
  deskId: z.string().nullable(),
  withinMinutes: z.number().int(),
  objective: z.number().int().nullable(),
  text: z.string(),
  verdict: z.enum(EXPECTATION_VERDICTS),
  /** When the records show it met (the acknowledgement's or report's time), or when a controller judged it. */
  decidedAt: z.string().nullable(),
  /** How long it took, for one met from the records. */
  minutesTaken: z.number().nullable(),
  /** A controller's note with their verdict. */
  note: z.string(),
});
export type ExpectationView = z.infer<typeof expectationSchema>;

export const injectSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  title: z.string(),
  atMinutes: z.number().int(),
  action: injectActionSchema,
  expectations: z.array(expectationSchema),
  status: z.enum(INJECT_STATUSES),
  /** When it fires, while the exercise runs (null before STARTEX and while paused). */
  dueAt: z.string().nullable(),
  firedAt: z.string().nullable(),
  /** The record it made. */
  made: z.object({ kind: z.enum(['alert', 'crisis', 'crisis-entry']), id: z.string() }).nullable(),
  /** Why the hotline or crisis room refused it. */
  failure: z.string().nullable(),
  writtenBy: z.object({ id: z.string(), name: z.string() }),
});
export type InjectView = z.infer<typeof injectSchema>;

export const controlPanelSchema = z.object({
  exerciseId: z.string(),
  status: z.string(),
  run: z.object({
    startedAt: z.string().nullable(),
    pausedAt: z.string().nullable(),
    /** Exercise time: minutes since STARTEX, paused time not counted. */
    elapsedMinutes: z.number().nullable(),
    endedAt: z.string().nullable(),
  }),
  injects: z.array(injectSchema),
  scores: z.object({
    objectives: z.array(score.extend({ objective: z.number().int(), text: z.string() })),
    nations: z.array(score.extend({ nation: z.string() })),
    total: score,
  }),
  can: z.object({ control: z.boolean(), actions: z.array(z.enum(CONTROL_ACTIONS)), writeInjects: z.boolean() }),
});
export type ControlPanel = z.infer<typeof controlPanelSchema>;

/** The exercise's own picture: the alerts and crisis rooms its injects made, those the reader may read. */
export const exercisePictureSchema = z.object({
  alerts: z.array(
    z.object({ id: z.string(), severity: z.enum(ALERT_SEVERITIES), summary: z.string(), raisedAt: z.string(), label: labelSchema }),
  ),
  crises: z.array(z.object({ id: z.string(), title: z.string(), status: z.string(), declaredAt: z.string(), label: labelSchema })),
});
export type ExercisePicture = z.infer<typeof exercisePictureSchema>;

export const injectParamsSchema = z.strictObject({ id: z.uuid(), injectId: z.uuid() });
export const expectationParamsSchema = z.strictObject({ id: z.uuid(), injectId: z.uuid(), expectationId: z.uuid() });
