/** The releasing officer's queue: drafts awaiting their release, and releasing several at once. */
import { z } from 'zod';
import { labelInputSchema, labelSchema } from '../labels/label';

/** The kinds with a release workflow (their API paths are the plural: /api/incidents, ...). */
export const RELEASABLE_KINDS = ['incident', 'actor', 'indicator'] as const;
export type ReleasableKind = (typeof RELEASABLE_KINDS)[number];

export const releaseQueueQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

export const releaseQueueItemSchema = z.object({
  kind: z.enum(RELEASABLE_KINDS),
  id: z.string(),
  version: z.number().int(),
  /** An incident's title, an actor's name, an indicator's value. */
  title: z.string(),
  /** Who asked for the release: the draft's author. */
  author: z.object({ id: z.string(), name: z.string() }),
  askedAt: z.string(),
  /** The originating organisation's name (the label names it by id). */
  originatorName: z.string(),
  /** The draft's working label (its organisation only) and the label proposed for release. */
  label: labelSchema,
  proposedLabel: labelSchema,
  /** A first approval of this version by another officer, waiting for a second (yours). */
  approval: z.object({ by: z.object({ id: z.string(), name: z.string() }), at: z.string(), label: labelSchema }).optional(),
});
export type ReleaseQueueItem = z.infer<typeof releaseQueueItemSchema>;

export const releaseQueueSchema = z.object({
  items: z.array(releaseQueueItemSchema),
  next: z.string().nullable(),
  /** How many drafts await your release in all (what the badge shows). */
  total: z.number().int(),
});
export type ReleaseQueue = z.infer<typeof releaseQueueSchema>;

export const releaseQueueCountSchema = z.object({ total: z.number().int() });

export const bulkReleaseRequestSchema = z.strictObject({
  items: z
    .array(
      z.strictObject({
        kind: z.enum(RELEASABLE_KINDS),
        id: z.uuid({ message: 'The id must be a UUID.' }),
        /** The version you saw (a record changed since is refused, not released). */
        version: z.number().int().min(1).optional(),
        /** The label to release under instead of the proposed one. */
        label: labelInputSchema.optional(),
      }),
    )
    .min(1, { message: 'Name at least one record to release.' })
    .max(100, { message: 'Release at most 100 records at once.' }),
});
export type BulkReleaseRequest = z.infer<typeof bulkReleaseRequestSchema>;

export const RELEASE_OUTCOMES = ['released', 'awaiting-second-approval', 'unchanged', 'refused'] as const;

export const bulkReleaseResultSchema = z.object({
  items: z.array(
    z.object({
      kind: z.enum(RELEASABLE_KINDS),
      id: z.string(),
      outcome: z.enum(RELEASE_OUTCOMES),
      /** Why a record was refused: the error code and message a single release would have answered. */
      reason: z.object({ code: z.string(), message: z.string() }).optional(),
    }),
  ),
});
export type BulkReleaseResult = z.infer<typeof bulkReleaseResultSchema>;
