import { z } from 'zod';
import { labelInputSchema, labelSchema } from '../labels/label';

/**
 * A note is the small generic labelled record: it exercises the releasability rule end to end.
 * `sources` is a field group that may carry a stricter label than the note.
 */
export const noteCreateRequestSchema = z.strictObject({
  title: z.string().trim().min(1, 'Give the note a title.').max(200),
  body: z.string().max(20_000).default(''),
  label: labelInputSchema,
  sources: z
    .strictObject({
      text: z.string().min(1).max(5_000),
      label: labelInputSchema.optional(),
    })
    .optional(),
});
export type NoteCreateRequest = z.infer<typeof noteCreateRequestSchema>;

export const noteSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  title: z.string(),
  body: z.string(),
  label: labelSchema,
  /** Absent (not null) when the reader may not see the field group. */
  sources: z.object({ text: z.string(), label: labelSchema }).optional(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  can: z.object({ recall: z.boolean() }),
});
export type Note = z.infer<typeof noteSchema>;

export const noteListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
