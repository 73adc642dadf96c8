/**
 * Subscriptions to other TAXII 2.1 servers: a releasing officer names a collection, the credentials
 * to read it and the label for what arrives; Concord polls it and imports what it can map.
 */
import { z } from 'zod';
import { labelInputSchema } from '../labels/label';

export const taxiiAuthSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  z.strictObject({ kind: z.literal('basic'), username: z.string().min(1).max(200), password: z.string().min(1).max(500) }),
  z.strictObject({ kind: z.literal('bearer'), token: z.string().min(1).max(4_000) }),
]);
export type TaxiiAuth = z.infer<typeof taxiiAuthSchema>;

const apiRoot = z
  .url({ protocol: /^https?$/, message: 'The API root is an http(s) URL, e.g. https://taxii.example.org/api1/.' })
  .max(2_000)
  .transform((url) => (url.endsWith('/') ? url : `${url}/`));

export const subscriptionCreateRequestSchema = z.strictObject({
  name: z.string().trim().min(1, 'Name the feed.').max(120),
  apiRoot,
  collectionId: z.string().trim().min(1, 'Give the collection id (from the server’s collections list).').max(200),
  auth: taxiiAuthSchema.default({ kind: 'none' }),
  /** What arrives without a Concord label is released under this label (objects marked stricter stay with your organisation). */
  defaultLabel: labelInputSchema,
});
export type SubscriptionCreateRequest = z.infer<typeof subscriptionCreateRequestSchema>;

export const subscriptionUpdateRequestSchema = z.strictObject({
  name: z.string().trim().min(1).max(120).optional(),
  defaultLabel: labelInputSchema.optional(),
  paused: z.boolean().optional(),
  auth: taxiiAuthSchema.optional(),
});

export const subscriptionSchema = z.object({
  id: z.string(),
  name: z.string(),
  apiRoot: z.string(),
  collectionId: z.string(),
  /** The kind of credential only: secrets are never sent back. */
  authKind: z.enum(['none', 'basic', 'bearer']),
  defaultLabel: labelInputSchema,
  owner: z.object({ id: z.string(), username: z.string() }),
  createdAt: z.string(),
  paused: z.boolean(),
  /** The server's `added_after` position: objects it added after this are yet to come. */
  position: z.string().nullable(),
  lastPollAt: z.string().nullable(),
  lastSuccessAt: z.string().nullable(),
  lastError: z.string().nullable(),
  failures: z.number(),
  counts: z.object({
    /** Released here under the default label. */
    imported: z.number(),
    /** Marked stricter than the default label: kept as drafts of the owner's organisation. */
    originatorOnly: z.number(),
    /** Here already (same id). */
    present: z.number(),
    /** Here already, and updated by a newer version from the feed. */
    updated: z.number(),
    /** Not mapped: in the report. */
    unmapped: z.number(),
  }),
});
export type Subscription = z.infer<typeof subscriptionSchema>;

export const unmappedSchema = z.object({ at: z.string(), stixId: z.string(), type: z.string(), reason: z.string() });
export const unmappedListSchema = z.object({ items: z.array(unmappedSchema), nextCursor: z.string().nullable() });
export const unmappedQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().regex(/^\d+$/, 'The cursor is the nextCursor of the previous page.').optional(),
});
