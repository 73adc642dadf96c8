/**
 * Crisis rooms: a crisis declared by one nation for the participating nations (its label's), an
 * ordered shared log of labelled entries — log lines, situation reports on a template, requests for
 * assistance and offers, tasks, and the updates that move them — a status board, and closure with
 * an after-action report.
 */
import { z } from 'zod';
import { isoDateTime } from './common';
import { labelInputSchema, labelSchema } from '../labels/label';
import { ENTRY_ACTIONS, OFFER_STATES, REQUEST_STATES, SITUATION_LEVELS, TASK_STATES } from '../vocab/crisis';

const text = (max: number) => z.string().trim().max(max);
const required = (max: number, message: string) => z.string().trim().min(1, message).max(max);

export const crisisDeclareRequestSchema = z.strictObject({
  title: required(200, 'Name the crisis in a line.'),
  summary: text(10_000).default(''),
  label: labelInputSchema,
  exercise: z.boolean().default(false),
  /** The alert the crisis grew from, if any (it must be one the declarer may read). */
  alertId: z.uuid().optional(),
});
export type CrisisDeclareRequest = z.infer<typeof crisisDeclareRequestSchema>;

export const crisisCloseRequestSchema = z.strictObject({
  summary: required(10_000, 'Say how the crisis ended.'),
  lessons: text(10_000).default(''),
});
export type CrisisCloseRequest = z.infer<typeof crisisCloseRequestSchema>;

/** The situation report template. */
export const sitrepSchema = z.strictObject({
  asOf: isoDateTime(),
  level: z.enum(SITUATION_LEVELS),
  situation: required(10_000, 'Describe the situation.'),
  actionsTaken: text(10_000).default(''),
  assessment: text(10_000).default(''),
  nextSteps: text(10_000).default(''),
  needs: text(10_000).default(''),
});
export type Sitrep = z.infer<typeof sitrepSchema>;

const entryBase = { crisisId: z.uuid(), label: labelInputSchema };

export const crisisEntryCreateRequestSchema = z.discriminatedUnion('kind', [
  z.strictObject({ ...entryBase, kind: z.literal('log'), text: required(10_000, 'Write the log entry.') }),
  z.strictObject({ ...entryBase, kind: z.literal('sitrep'), sitrep: sitrepSchema }),
  z.strictObject({
    ...entryBase,
    kind: z.literal('request'),
    what: required(2_000, 'Say what assistance is needed.'),
    quantity: text(200).default(''),
    neededBy: isoDateTime().optional(),
  }),
  z.strictObject({
    ...entryBase,
    kind: z.literal('offer'),
    what: required(2_000, 'Say what is offered.'),
    availableFrom: isoDateTime().optional(),
    /** The request it answers (its nation then accepts or declines it). */
    requestId: z.uuid().optional(),
  }),
  z.strictObject({
    ...entryBase,
    kind: z.literal('task'),
    title: required(200, 'Name the task.'),
    details: text(10_000).default(''),
    ownerNation: z.string().regex(/^[A-Z]{3}$/, 'A nation code such as KAZ.'),
    ownerUserId: z.uuid().optional(),
    deadline: isoDateTime(),
  }),
]);
export type CrisisEntryCreateRequest = z.infer<typeof crisisEntryCreateRequestSchema>;

export const crisisEntryActionRequestSchema = z.strictObject({
  action: z.enum(ENTRY_ACTIONS),
  note: text(2_000).optional(),
});
export type CrisisEntryActionRequest = z.infer<typeof crisisEntryActionRequestSchema>;

export const crisisEntrySchema = z.object({
  id: z.string(),
  crisisId: z.string(),
  kind: z.enum(['log', 'sitrep', 'request', 'offer', 'task', 'update']),
  label: labelSchema,
  nation: z.string(),
  enteredBy: z.object({ id: z.string(), name: z.string() }),
  enteredAt: z.string(),
  exercise: z.boolean(),
  text: z.string().optional(),
  sitrep: sitrepSchema.optional(),
  request: z
    .object({
      what: z.string(),
      quantity: z.string(),
      neededBy: z.string().nullable(),
      /** As far as the reader can tell: offers they may not read do not move it. */
      state: z.enum(REQUEST_STATES),
      offers: z.number().int(),
    })
    .optional(),
  offer: z
    .object({ what: z.string(), availableFrom: z.string().nullable(), requestId: z.string().nullable(), state: z.enum(OFFER_STATES) })
    .optional(),
  task: z
    .object({
      title: z.string(),
      details: z.string(),
      ownerNation: z.string(),
      owner: z.object({ id: z.string(), name: z.string() }).nullable(),
      deadline: z.string(),
      state: z.enum(TASK_STATES),
      overdue: z.boolean(),
    })
    .optional(),
  update: z.object({ subjectId: z.string(), action: z.enum(ENTRY_ACTIONS), note: z.string().optional() }).optional(),
  /** What the reader may do to it now. */
  can: z.object({ actions: z.array(z.enum(ENTRY_ACTIONS)) }),
});
export type CrisisEntry = z.infer<typeof crisisEntrySchema>;

export const crisisEntryListQuerySchema = z.strictObject({
  crisis: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

const countsOf = <T extends readonly string[]>(states: T) =>
  z.object(Object.fromEntries(states.map((s) => [s, z.number().int()])) as Record<T[number], z.ZodNumber>);

/** The status board: computed for the reader from the entries they may read. */
export const crisisBoardSchema = z.object({
  participants: z.array(
    z.object({
      nation: z.string(),
      /** From the nation's latest situation report the reader may read. */
      level: z.enum(SITUATION_LEVELS).nullable(),
      asOf: z.string().nullable(),
      sitrepId: z.string().nullable(),
    }),
  ),
  requests: countsOf(REQUEST_STATES),
  offers: countsOf(OFFER_STATES),
  tasks: countsOf(TASK_STATES).extend({ overdue: z.number().int() }),
  entries: z.number().int(),
  lastEntryAt: z.string().nullable(),
});
export type CrisisBoard = z.infer<typeof crisisBoardSchema>;

export const crisisSchema = z.object({
  id: z.string(),
  title: z.string(),
  summary: z.string(),
  exercise: z.boolean(),
  status: z.enum(['open', 'closed']),
  label: labelSchema,
  /** The nations the crisis is released to. */
  participants: z.array(z.string()),
  alertId: z.string().nullable(),
  declaredBy: z.object({ id: z.string(), name: z.string() }),
  declaredAt: z.string(),
  closedAt: z.string().nullable(),
  closingSummary: z.string().nullable(),
  lessons: z.string().nullable(),
  /** Declared on a partner's node: it is closed there, and entries written here travel to it. */
  partnerNode: z.boolean(),
  board: crisisBoardSchema,
  can: z.object({ contribute: z.boolean(), close: z.boolean() }),
});
export type Crisis = z.infer<typeof crisisSchema>;

/** List items: the crisis without its board. */
export const crisisSummarySchema = crisisSchema.omit({ board: true, can: true });
export type CrisisSummary = z.infer<typeof crisisSummarySchema>;

export const crisisListQuerySchema = z.strictObject({
  status: z.enum(['open', 'closed']).optional(),
  /** Only the crises declared from this alert. */
  alert: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

export const crisisReportQuerySchema = z.strictObject({
  format: z.enum(['markdown', 'pdf']).default('markdown'),
});

/** Counts for the dashboard: live crises and alerts only, never exercises. */
export const crisisResponseSummarySchema = z.object({
  /** Readable crises that are not exercises. */
  total: z.number().int(),
  openCrises: z.number().int(),
  /** Readable alerts that are not exercises, raised in the last 24 hours. */
  alertsLastDay: z.number().int(),
});
