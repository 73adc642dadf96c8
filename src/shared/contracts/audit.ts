import { z } from 'zod';
import { isoDateTime, pageOf, pageQuerySchema } from './common';

export const AUDIT_OUTCOMES = ['ok', 'denied', 'rejected'] as const;

/** Filters of the audit log: who acted, what they did (an action or every action under it), when, with what outcome. */
export const auditQuerySchema = pageQuerySchema.extend({
  actor: z.string().min(1).max(120).optional(),
  action: z
    .string()
    .max(120)
    .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)*$/, { message: 'An action such as incident.release, or a prefix such as incident.' })
    .optional(),
  outcome: z.enum(AUDIT_OUTCOMES).optional(),
  from: isoDateTime().optional(),
  to: isoDateTime().optional(),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

/** One entry as the chain holds it: what it names, never the content of the records it names. */
export const auditEntrySchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  actorId: z.string().nullable(),
  action: z.string(),
  outcome: z.string(),
  target: z.object({ kind: z.string(), id: z.string() }).nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditPageSchema = pageOf(auditEntrySchema);
export type AuditPage = z.infer<typeof auditPageSchema>;
