import { z } from 'zod';

export const idParamsSchema = z.strictObject({ id: z.uuid({ message: 'The id must be a UUID.' }) });

export const pageQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), next: z.string().nullable() });
}

export const okSchema = z.object({ ok: z.literal(true) });
