/**
 * The hotline's fixed vocabulary. Points of contact are roles on a desk's roster, never named
 * people: whoever holds the role (or the duty shift) when an alert escalates is notified.
 */
export const ROSTER_ROLES = ['primary', 'deputy', 'duty-officer', 'headquarters'] as const;
export type RosterRole = (typeof ROSTER_ROLES)[number];

export const ALERT_SEVERITIES = ['routine', 'priority', 'immediate', 'flash'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** How a desk can be reached. */
export const CONTACT_KINDS = ['phone', 'secure-voice', 'mobile', 'fax', 'email', 'radio', 'other'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];
