/**
 * Escalation policies of hotline desks. A policy is an ordered list of steps (notify a roster role,
 * then wait for an acknowledgement), repeated a number of times; rules with time windows (in the
 * policy's time zone) choose different steps at different hours, the last rule being the default.
 */
import { isTimeZone } from '../time/time-zone';
import { z } from 'zod';
import { isoDateTime } from './common';
import { CONTACT_KINDS, ROSTER_ROLES } from '../vocab/hotline';

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'A time of day as HH:MM (00:00 to 24:00).');

export const escalationStepSchema = z.strictObject({
  notify: z.enum(ROSTER_ROLES, { error: `Page one of the roles: ${ROSTER_ROLES.join(', ')}.` }),
  /** How long the role has to acknowledge before the next step. */
  waitMinutes: z
    .number({ error: 'Give the wait in whole minutes.' })
    .int('Give the wait in whole minutes.')
    .min(1, 'Wait at least 1 minute before the next step.')
    .max(1440, 'Wait at most 1440 minutes (24 hours) before the next step.'),
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
  steps: z
    .array(escalationStepSchema)
    .min(1, 'Add at least one step: whom to page first.')
    .max(10, 'At most 10 steps: the steps repeat by themselves (see repeat).'),
});

export const escalationPolicySchema = z
  .strictObject({
    /** IANA time zone the windows are read in, e.g. Asia/Tashkent. */
    timeZone: z.string().refine(isTimeZone, 'Not a known IANA time zone (for example Asia/Karachi).'),
    rules: z.array(escalationRuleSchema).min(1, 'A policy needs at least one rule with its steps.').max(10, 'At most 10 rules.'),
    /** How many more times the steps run after the first pass when no one acknowledges. */
    repeat: z
      .number({ error: 'Say how many more times the steps run (0 to 10).' })
      .int('Say how many more times the steps run (0 to 10).')
      .min(0, 'Repeat 0 to 10 times.')
      .max(10, 'Repeat at most 10 more times.'),
  })
  .refine((p) => p.rules.at(-1)?.window === undefined, {
    message: 'The last rule must have no window: it applies whenever no earlier window does.',
    path: ['rules'],
  });

export type EscalationStep = z.infer<typeof escalationStepSchema>;
export type TimeWindow = z.infer<typeof timeWindowSchema>;
export type EscalationPolicy = z.infer<typeof escalationPolicySchema>;

/** International form: a plus, the country code, then digits (spaces, dots, hyphens and brackets allowed). */
const INTERNATIONAL_NUMBER = /^\+[1-9][0-9 ().-]{5,24}[0-9]$/;
const NUMBER_KINDS = new Set<string>(['phone', 'secure-voice', 'mobile', 'fax']);

/** One way to reach a desk: its kind, the number or address, and a short note ("24/7", "STE"). */
export const deskContactSchema = z
  .strictObject({
    kind: z.enum(CONTACT_KINDS, { error: `A contact is one of: ${CONTACT_KINDS.join(', ')}.` }),
    value: z.string().trim().min(1, 'Give the number or address.').max(120, 'At most 120 characters.'),
    note: z.string().trim().max(120, 'Keep the note under 120 characters.').optional(),
  })
  .superRefine((c, issues) => {
    const digits = c.value.replace(/\D/g, '').length;
    if (NUMBER_KINDS.has(c.kind) && (!INTERNATIONAL_NUMBER.test(c.value) || digits < 7 || digits > 15)) {
      issues.addIssue({
        code: 'custom',
        path: ['value'],
        message: 'Write the number in international form, starting with + and the country code, e.g. +998 71 123 45 67.',
      });
    }
    if (c.kind === 'email' && !z.email().safeParse(c.value).success) {
      issues.addIssue({ code: 'custom', path: ['value'], message: 'Write an e-mail address such as duty@mod.example.' });
    }
  });
export type DeskContact = z.infer<typeof deskContactSchema>;

export const deskContactsRequestSchema = z.strictObject({
  contacts: z.array(deskContactSchema).max(12, 'A desk lists at most 12 contacts: keep the ones a partner should call.'),
});

/** Who is on duty now: the duty officers on shift, the primary holders, and how to reach the desk. */
export const onDutySchema = z.object({
  dutyOfficers: z.array(z.object({ userId: z.string(), username: z.string(), displayName: z.string(), until: z.string() })),
  primary: z.array(z.object({ userId: z.string(), username: z.string(), displayName: z.string() })),
});

/** A desk as every partner sees it (a point of contact they may send alerts to). */
export const deskSchema = z.object({
  id: z.string(),
  nation: z.string(),
  name: z.string(),
  /** Run on its nation's own node, a partner of this one: its escalation and answers happen there. */
  partnerNode: z.boolean(),
  /** How to reach the desk: published with it to every partner who may read the desk. */
  contacts: z.array(deskContactSchema),
  /** Only for the desk's own nation: who is on duty now (derived from the shifts and the roster). */
  onDuty: onDutySchema.optional(),
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
