import { z } from 'zod';
import { ALERT_SEVERITIES, ROSTER_ROLES } from '../vocab/hotline';
import { incidentFilterQuerySchema } from './incidents';

/** A saved incident search: the list's filters under a name. */
export const savedSearchRequestSchema = z.strictObject({
  name: z.string().trim().min(1, 'Name the search.').max(120),
  filter: incidentFilterQuerySchema.refine(
    (f) => Object.keys(f).length > 0,
    'Choose at least one filter: a search that matches everything would notify on every incident.',
  ),
});
export type SavedSearchRequest = z.infer<typeof savedSearchRequestSchema>;

export const savedSearchSchema = z.object({
  id: z.string(),
  name: z.string(),
  filter: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});
export type SavedSearch = z.infer<typeof savedSearchSchema>;

export const notificationSchema = z.discriminatedUnion('kind', [
  z.object({
    id: z.string(),
    kind: z.literal('saved-search'),
    /** The search that matched; absent once it is deleted. */
    search: z.object({ id: z.string(), name: z.string() }).optional(),
    /** How many new incidents matched (only ones the recipient may read). */
    count: z.number().int(),
    createdAt: z.string(),
    read: z.boolean(),
  }),
  z.object({
    id: z.string(),
    kind: z.literal('alert'),
    /** The alert to open; the recipient may read it. */
    alertId: z.string(),
    /** A minimal line: severity, desk and what to do — never the alert's content. */
    line: z.string(),
    /** The same, as parts the web app words in the reader's language (absent on older notifications). */
    topic: z
      .object({
        event: z.enum(['step', 'exhausted']),
        severity: z.enum(ALERT_SEVERITIES),
        exercise: z.boolean(),
        deskId: z.string(),
        deskName: z.string(),
        role: z.enum(ROSTER_ROLES).nullable(),
      })
      .optional(),
    createdAt: z.string(),
    read: z.boolean(),
  }),
  z.object({
    id: z.string(),
    kind: z.literal('commitment'),
    /** The commitment to open; shown only while the recipient may still read it. */
    commitmentId: z.string(),
    /** Falling due within days, or past due and not reported done. */
    event: z.enum(['due-soon', 'overdue']),
    /** The minimal line as sent (the due date, never the commitment's text). */
    line: z.string(),
    createdAt: z.string(),
    read: z.boolean(),
  }),
  z.object({
    id: z.string(),
    kind: z.literal('release'),
    /** How many new drafts of the recipient's nation reached their release queue (only ones they may read). */
    count: z.number().int(),
    createdAt: z.string(),
    read: z.boolean(),
  }),
]);
export type Notification = z.infer<typeof notificationSchema>;
