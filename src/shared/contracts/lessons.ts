/**
 * Lessons learned from joint training: observations a participating nation records during or after
 * an exercise (what was observed, the discussion, the conclusion, the recommendation), identified
 * as lessons and validated as lessons learned once their actions are done. An action is a
 * commitment of the exercise's after-action review meeting that names the observation as its
 * source (contracts/commitments.ts): one tracker for both.
 */
import { z } from 'zod';
import { labelInputSchema, labelSchema } from '../labels/label';
import { OBSERVATION_STAGES } from '../vocab/training';

const text = (max: number) => z.string().trim().max(max);
const required = (max: number, message: string) => z.string().trim().min(1, message).max(max);

const observationFields = {
  title: required(200, 'Give the observation a title.'),
  /** What was observed. */
  observation: required(4_000, 'Say what was observed.'),
  discussion: text(4_000).default(''),
  conclusion: text(4_000).default(''),
  recommendation: text(4_000).default(''),
  /** The exercise objective it is about, by its place in the exercise's list (from 0). */
  objective: z.number().int().min(0).max(49).nullable().default(null),
};

export const observationCreateRequestSchema = z.strictObject({
  ...observationFields,
  /** Under the exercise's label unless given; it must release the observation to the exercise's lead nation. */
  label: labelInputSchema.optional(),
});
export type ObservationCreateRequest = z.infer<typeof observationCreateRequestSchema>;

export const observationUpdateRequestSchema = z
  .strictObject({
    title: observationFields.title,
    observation: observationFields.observation,
    discussion: text(4_000),
    conclusion: text(4_000),
    recommendation: text(4_000),
    objective: z.number().int().min(0).max(49).nullable(),
    label: labelInputSchema,
  })
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'Send at least one field to change.');
export type ObservationUpdateRequest = z.infer<typeof observationUpdateRequestSchema>;

/** The next stage: `lesson-identified` from an observation, `lesson-learned` from a lesson identified. */
export const observationStageRequestSchema = z.strictObject({ stage: z.enum(OBSERVATION_STAGES) });
export type ObservationStageRequest = z.infer<typeof observationStageRequestSchema>;

export const observationListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  exercise: z.uuid({ message: 'The exercise id must be a UUID.' }).optional(),
  stage: z.enum(OBSERVATION_STAGES).optional(),
  /** Observations written by this nation. */
  nation: z
    .string()
    .regex(/^[A-Z]{3}$/, 'A nation code such as KAZ.')
    .optional(),
});
export type ObservationListQuery = z.infer<typeof observationListQuerySchema>;

export const observationSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  exerciseId: z.string(),
  exerciseTitle: z.string(),
  /** The nation whose observation it is. */
  nation: z.string(),
  title: z.string(),
  observation: z.string(),
  discussion: z.string(),
  conclusion: z.string(),
  recommendation: z.string(),
  objective: z.number().int().nullable(),
  /** The objective's text, when it names one the exercise still has. */
  objectiveText: z.string().nullable(),
  stage: z.enum(OBSERVATION_STAGES),
  label: labelSchema,
  createdBy: z.object({ id: z.string(), name: z.string() }),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Its actions the reader may read, and how many of them are neither done nor dropped. */
  actions: z.object({ total: z.number().int(), open: z.number().int() }),
  can: z.object({
    /** Change its text and label (its nation's planners and controllers, on its node, until validated). */
    edit: z.boolean(),
    /** The stage it may be moved to now by this reader, if any. */
    moveTo: z.enum(OBSERVATION_STAGES).nullable(),
  }),
});
export type ObservationView = z.infer<typeof observationSchema>;

export const REPORT_FORMATS = ['md', 'pdf'] as const;
export const exerciseReportQuerySchema = z.strictObject({ format: z.enum(REPORT_FORMATS).default('md') });
