/**
 * The hotline's fixed vocabulary. Points of contact are roles on a desk's roster, never named
 * people: whoever holds the role (or the duty shift) when an alert escalates is notified.
 */
import type { EscalationPolicy } from '../contracts/hotline';
export const ROSTER_ROLES = ['primary', 'deputy', 'duty-officer', 'headquarters'] as const;
export type RosterRole = (typeof ROSTER_ROLES)[number];

export const ALERT_SEVERITIES = ['routine', 'priority', 'immediate', 'flash'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** How a desk can be reached. */
export const CONTACT_KINDS = ['phone', 'secure-voice', 'mobile', 'fax', 'email', 'radio', 'other'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

/** Followed by a desk that has no policy of its own yet. */
export const DEFAULT_ESCALATION_POLICY: EscalationPolicy = {
  timeZone: 'UTC',
  repeat: 1,
  rules: [
    {
      steps: [
        { notify: 'primary', waitMinutes: 10 },
        { notify: 'deputy', waitMinutes: 10 },
        { notify: 'duty-officer', waitMinutes: 10 },
        { notify: 'headquarters', waitMinutes: 10 },
      ],
    },
  ],
};
