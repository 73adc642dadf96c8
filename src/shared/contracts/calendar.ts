/** The calendar: everything dated a person may read, on screen, as an .ics download and as a subscription. */
import { z } from 'zod';
import { isoDateTime } from './common';
import { labelSchema } from '../labels/label';

export const calendarQuerySchema = z.strictObject({
  /** Events ending at or after it. */
  from: isoDateTime().optional(),
  /** Events starting before it. */
  to: isoDateTime().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
  cursor: z.string().max(200).optional(),
});

export const calendarDownloadQuerySchema = z.strictObject({
  from: isoDateTime().optional(),
  to: isoDateTime().optional(),
  /** `ics` (the default) for calendar software; `json` lists what the file holds. */
  format: z.enum(['ics', 'json']).default('ics'),
});

export const calendarEventSchema = z.object({
  /** A meeting, an exercise (STARTEX to ENDEX), one of an exercise's milestones, or a nation's busy block. */
  kind: z.enum(['meeting', 'exercise', 'milestone', 'busy']),
  /** The event's own id: its record's, or a milestone's. */
  id: z.string(),
  /** The record it belongs to: a milestone's exercise; otherwise the event's own id. */
  recordId: z.string(),
  title: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  timeZone: z.string(),
  place: z.string().nullable(),
  cancelled: z.boolean(),
  /** The nation hosting or leading it; a busy block's own nation. */
  nation: z.string(),
  /** Whole days in its time zone (a busy block entered as days). */
  allDay: z.boolean(),
  label: labelSchema,
  path: z.string(),
});
export type CalendarEventView = z.infer<typeof calendarEventSchema>;

export const calendarFeedSchema = z.object({
  feed: z.object({ createdAt: z.string(), lastReadAt: z.string().nullable() }).nullable(),
});

export const calendarFeedMadeSchema = z.object({
  /** The subscription address with its token: shown this once. */
  url: z.string(),
  createdAt: z.string(),
});
