/**
 * Hotline alerts: a nation raises an alert to desks of partner nations; each desk's nation runs
 * its escalation; acknowledgements and declines are records of the responding nation.
 */
import { z } from 'zod';
import { labelInputSchema, labelSchema } from '../labels/label';
import { ALERT_SEVERITIES, ROSTER_ROLES } from '../vocab/hotline';

export const alertCreateRequestSchema = z.strictObject({
  severity: z.enum(ALERT_SEVERITIES),
  summary: z.string().trim().min(1, 'Say in a line what happened.').max(200),
  details: z.string().max(10_000).default(''),
  label: labelInputSchema,
  targetDesks: z.array(z.uuid()).min(1, 'Choose at least one desk.').max(20),
  exercise: z.boolean().default(false),
});
export type AlertCreateRequest = z.infer<typeof alertCreateRequestSchema>;

export const alertResponseRequestSchema = z.strictObject({
  deskId: z.uuid(),
  note: z.string().max(2_000).optional(),
});

export const alertTargetSchema = z.object({
  deskId: z.string(),
  deskName: z.string(),
  nation: z.string(),
  /** The desk is run on its nation's own node: it escalates there, and its answer arrives from there. */
  partnerNode: z.boolean(),
  /**
   * The escalation's state, for the alert's originating nation and the desk's own (which also sees
   * the step and when it next moves); for others only as far as an answer they may read tells.
   */
  status: z.enum(['escalating', 'acknowledged', 'declined', 'exhausted']).optional(),
  escalation: z
    .object({
      round: z.number().int(),
      step: z.number().int(),
      /** When the next step fires (or the steps run out); null once answered or run out. */
      dueAt: z.string().nullable(),
      /** The alert's plan: how many steps, and how many more passes after the first. */
      steps: z.number().int(),
      repeat: z.number().int(),
      /** The role the current step paged. */
      paging: z.enum(ROSTER_ROLES),
      /** The role the next step pages at `dueAt`; null when the steps run out then. */
      next: z.enum(ROSTER_ROLES).nullable(),
      /** Only for the desk's own nation: the people each step paged, and when. */
      paged: z.array(z.object({ role: z.enum(ROSTER_ROLES), username: z.string(), displayName: z.string(), at: z.string() })).optional(),
    })
    .optional(),
  /** The desk's answer, when the reader may read it: who answered, when, and how long it took. */
  response: z
    .object({
      kind: z.enum(['acknowledge', 'decline']),
      at: z.string(),
      secondsToRespond: z.number().int(),
      note: z.string().optional(),
      /** Who answered, when this node knows them (a partner node's answer names its organisation). */
      by: z.object({ username: z.string(), displayName: z.string() }).optional(),
    })
    .optional(),
});

export const alertSchema = z.object({
  id: z.string(),
  severity: z.enum(ALERT_SEVERITIES),
  summary: z.string(),
  details: z.string(),
  exercise: z.boolean(),
  label: labelSchema,
  raisedBy: z.string(),
  raisedAt: z.string(),
  targets: z.array(alertTargetSchema),
  /** An escalation step has notified the reader of it (their role's turn came). */
  notified: z.boolean(),
  /** The desks the reader may answer for. */
  can: z.object({ respondFor: z.array(z.string()) }),
});
export type Alert = z.infer<typeof alertSchema>;

export const alertListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

/** The open escalations the caller answers for: what the notification centre counts until answered. */
export const awaitingAnswerSchema = z.object({
  items: z.array(
    z.object({
      alertId: z.string(),
      severity: z.enum(ALERT_SEVERITIES),
      summary: z.string(),
      exercise: z.boolean(),
      raisedAt: z.string(),
      deskId: z.string(),
      deskName: z.string(),
      status: z.enum(['escalating', 'exhausted']),
      dueAt: z.string().nullable(),
    }),
  ),
});
export type AwaitingAnswer = z.infer<typeof awaitingAnswerSchema>;
