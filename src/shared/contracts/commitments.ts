/**
 * Commitments: what a meeting's joint statement or minutes commit nations to — text, owner
 * nations, due date — and each owner nation's progress reports (status, text, evidence: links to
 * other records). Where a commitment stands is its latest report the reader may read.
 */
import { z } from 'zod';
import { labelInputSchema, labelSchema } from '../labels/label';
import { COMMITMENT_SOURCES, COMMITMENT_STATUSES, EVIDENCE_KINDS } from '../vocab/dialogue';

const nation = z.string().regex(/^[A-Z]{3}$/, 'A nation code such as KAZ.');
const uuid = (what: string) => z.uuid({ message: `The ${what} id must be a UUID.` });

/** A calendar date (YYYY-MM-DD) that exists. */
export const calendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'A date as YYYY-MM-DD.')
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
  }, 'No such date.');

export const commitmentSourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('statement'), id: uuid('statement'), clauseId: z.string().max(100).optional() }),
  /** A decision or an action item recorded in an agenda item's minutes: `id` is the agenda item's. */
  z.strictObject({ kind: z.literal('minutes'), id: uuid('agenda item') }),
  /** An action on an exercise's observation or lesson (contracts/lessons.ts), recorded at its after-action review. */
  z.strictObject({ kind: z.literal('observation'), id: uuid('observation') }),
]);
export type CommitmentSource = z.infer<typeof commitmentSourceSchema>;

const commitmentText = z.string().trim().min(1, 'Say what is committed to.').max(4_000);
const owners = z
  .array(nation)
  .min(1, 'Name at least one owner nation.')
  .max(64)
  .refine((list) => new Set(list).size === list.length, 'Name each owner nation once.');

export const commitmentCreateRequestSchema = z.strictObject({
  text: commitmentText,
  ownerNations: owners,
  dueOn: calendarDate,
  source: commitmentSourceSchema.nullable().default(null),
  /** Under the meeting's label unless given; it must release the commitment to every owner nation. */
  label: labelInputSchema.optional(),
});
export type CommitmentCreateRequest = z.infer<typeof commitmentCreateRequestSchema>;

export const commitmentUpdateRequestSchema = z
  .strictObject({
    text: commitmentText.optional(),
    ownerNations: owners.optional(),
    dueOn: calendarDate.optional(),
    label: labelInputSchema.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'Send at least one field to change.');
export type CommitmentUpdateRequest = z.infer<typeof commitmentUpdateRequestSchema>;

export const evidenceRefSchema = z.strictObject({ kind: z.enum(EVIDENCE_KINDS), id: uuid('record') });
export type EvidenceRef = z.infer<typeof evidenceRefSchema>;

export const commitmentReportRequestSchema = z.strictObject({
  status: z.enum(COMMITMENT_STATUSES),
  text: z.string().trim().min(1, 'Say what was done.').max(4_000),
  /** Records that show it (each must be one you may read). */
  evidence: z
    .array(evidenceRefSchema)
    .max(20, 'At most 20 pieces of evidence.')
    .refine((list) => new Set(list.map((e) => e.id)).size === list.length, 'Cite each record once.')
    .default([]),
});
export type CommitmentReportRequest = z.infer<typeof commitmentReportRequestSchema>;

export const commitmentListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  /** One meeting's commitments. */
  meetingId: uuid('meeting').optional(),
  /** The actions on one observation or lesson (commitments naming it as their source). */
  observation: uuid('observation').optional(),
  /** Commitments this nation owns (alone or with others). */
  nation: nation.optional(),
  status: z.enum(COMMITMENT_STATUSES).optional(),
  /** Past their due date and neither done nor dropped. */
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
export type CommitmentListQuery = z.infer<typeof commitmentListQuerySchema>;

/** The tracker's filter: one meeting's, or all the reader may read. Other parameters are ignored. */
export const commitmentSummaryQuerySchema = z.object({ meetingId: uuid('meeting').optional() });

const person = z.object({ id: z.string(), name: z.string() });

export const evidenceViewSchema = z.object({
  kind: z.enum(EVIDENCE_KINDS),
  id: z.string(),
  /** The record's title or name, as the reader may read it. */
  title: z.string(),
});

export const commitmentReportSchema = z.object({
  id: z.string(),
  commitmentId: z.string(),
  nation: z.string(),
  status: z.enum(COMMITMENT_STATUSES),
  text: z.string(),
  /** Only the cited records the reader may read: one they may not read is left out, unmarked. */
  evidence: z.array(evidenceViewSchema),
  reportedBy: person,
  reportedAt: z.string(),
  label: labelSchema,
});
export type CommitmentReportView = z.infer<typeof commitmentReportSchema>;

export const commitmentSummarySchema = z.object({
  id: z.string(),
  meetingId: z.string(),
  meetingTitle: z.string(),
  host: z.string(),
  text: z.string(),
  ownerNations: z.array(z.string()),
  dueOn: z.string(),
  status: z.enum(COMMITMENT_STATUSES),
  /** Past its due date and neither done nor dropped. */
  overdue: z.boolean(),
  /** Where it was made, when the reader may read that: a statement's title or an agenda item's. */
  source: z.object({ kind: z.enum(COMMITMENT_SOURCES), id: z.string(), clauseId: z.string().optional(), title: z.string() }).nullable(),
  lastReportAt: z.string().nullable(),
  version: z.number().int(),
  label: labelSchema,
});
export type CommitmentSummary = z.infer<typeof commitmentSummarySchema>;

export const commitmentSchema = commitmentSummarySchema.extend({
  reports: z.array(commitmentReportSchema),
  createdBy: person,
  createdAt: z.string(),
  updatedAt: z.string(),
  can: z.object({
    /** Change its text, owners, due date or label (the host's organisers, on the host's node). */
    edit: z.boolean(),
    /** Report progress (an owner nation's delegates). */
    report: z.boolean(),
  }),
});
export type Commitment = z.infer<typeof commitmentSchema>;

/** The tracker: readable commitments counted per owner nation and status. */
export const commitmentTrackerSchema = z.object({
  /** How many commitments the reader may read (under the filter). */
  total: z.number().int(),
  nations: z.array(
    z.object({
      nation: z.string(),
      planned: z.number().int(),
      inProgress: z.number().int(),
      done: z.number().int(),
      dropped: z.number().int(),
      overdue: z.number().int(),
    }),
  ),
});
export type CommitmentTracker = z.infer<typeof commitmentTrackerSchema>;
