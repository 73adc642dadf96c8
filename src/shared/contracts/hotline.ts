/**
 * Escalation policies of hotline desks. A policy is an ordered list of steps (notify a roster role,
 * then wait for an acknowledgement), repeated a number of times; rules with time windows (in the
 * policy's time zone) choose different steps at different hours, the last rule being the default.
 */
import { z } from 'zod';
import { isoDateTime } from './common';
import { ROSTER_ROLES } from '../vocab/hotline';

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'A time of day as HH:MM (00:00 to 24:00).');

export const escalationStepSchema = z.strictObject({
  notify: z.enum(ROSTER_ROLES),
  /** How long the role has to acknowledge before the next step. */
  waitMinutes: z.number().int().min(1).max(1440),
});

export const timeWindowSchema = z
  .strictObject({
    /** The days the window starts on (ISO: 1 = Monday). */
    days: z.array(z.number().int().min(1).max(7)).min(1).max(7),
    from: clockTime,
    /** Earlier than `from` for a window across midnight. */
    to: clockTime,
  })
  .refine((w) => w.from !== w.to && w.from !== '24:00', {
    message: 'A window needs `from` before 24:00 and different from `to`.',
    path: ['to'],
  });

export const escalationRuleSchema = z.strictObject({
  window: timeWindowSchema.optional(),
  steps: z.array(escalationStepSchema).min(1).max(10),
});

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const escalationPolicySchema = z
  .strictObject({
    /** IANA time zone the windows are read in, e.g. Asia/Tashkent. */
    timeZone: z.string().refine(isTimeZone, 'Not a known IANA time zone (for example Asia/Karachi).'),
    rules: z.array(escalationRuleSchema).min(1).max(10),
    /** How many more times the steps run after the first pass when no one acknowledges. */
    repeat: z.number().int().min(0).max(10),
  })
  .refine((p) => p.rules.at(-1)?.window === undefined, {
    message: 'The last rule must have no window: it applies whenever no earlier window does.',
    path: ['rules'],
  });

export type EscalationStep = z.infer<typeof escalationStepSchema>;
export type TimeWindow = z.infer<typeof timeWindowSchema>;
export type EscalationPolicy = z.infer<typeof escalationPolicySchema>;

/** A desk as every partner sees it (a point of contact they may send alerts to). */
export const deskSchema = z.object({
  id: z.string(),
  nation: z.string(),
  name: z.string(),
  /** Run on its nation's own node, a partner of this one: its escalation and answers happen there. */
  partnerNode: z.boolean(),
  /** Only for the desk's own nation: who holds which role, the duty shifts ahead, the policy. */
  roster: z.array(z.object({ role: z.enum(ROSTER_ROLES), userId: z.string(), username: z.string() })).optional(),
  shifts: z
    .array(z.object({ id: z.string(), userId: z.string(), username: z.string(), startsAt: z.string(), endsAt: z.string() }))
    .optional(),
  policy: z.object({ version: z.number().int(), policy: escalationPolicySchema }).nullable().optional(),
  /** Only for the desk's own nation: its active people, who may hold roles and shifts. */
  people: z.array(z.object({ id: z.string(), username: z.string(), displayName: z.string() })).optional(),
});
export type Desk = z.infer<typeof deskSchema>;

export const deskCreateRequestSchema = z.strictObject({ name: z.string().trim().min(1, 'Name the desk.').max(120) });

const userIds = z.array(z.uuid()).max(20).default([]);
export const rosterRequestSchema = z.strictObject({ primary: userIds, deputy: userIds, headquarters: userIds });

export const shiftCreateRequestSchema = z
  .strictObject({ userId: z.uuid(), startsAt: isoDateTime(), endsAt: isoDateTime() })
  .refine((s) => Date.parse(s.endsAt) > Date.parse(s.startsAt), { message: 'A shift ends after it starts.', path: ['endsAt'] });

export const deskShiftParamsSchema = z.strictObject({ id: z.uuid(), shiftId: z.uuid() });
