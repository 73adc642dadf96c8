/**
 * What the alarm for unanswered alerts looks and sounds like, as plain data: which alert leads,
 * the tab title and favicon while any waits, how each severity sounds, and whether to offer
 * notifications on this device. The hook in alarm.ts plays it.
 */
import { ALERT_SEVERITIES } from '../../../shared/vocab/hotline';
import type { AlertSeverity } from '../../../shared/vocab/hotline';

export interface WaitingAlert {
  id: string;
  severity: AlertSeverity;
  exercise: boolean;
}

/** The alert that sets the pace: the most severe, a real one before an exercise of the same severity. */
export function leadingAlert<A extends WaitingAlert>(alerts: readonly A[]): A | undefined {
  const rank = (a: WaitingAlert) => ALERT_SEVERITIES.indexOf(a.severity) * 2 + (a.exercise ? 0 : 1);
  return alerts.reduce<A | undefined>((best, a) => (best === undefined || rank(a) > rank(best) ? a : best), undefined);
}

/** How each severity sounds: FLASH loudest and most often, ROUTINE a quiet reminder. */
export const ALARM_SOUND: Record<AlertSeverity, { everyMs: number; gain: number; tones: number[] }> = {
  flash: { everyMs: 2_000, gain: 0.6, tones: [988, 740, 988, 740] },
  immediate: { everyMs: 4_000, gain: 0.45, tones: [880, 660, 880] },
  priority: { everyMs: 8_000, gain: 0.3, tones: [784, 587] },
  routine: { everyMs: 15_000, gain: 0.15, tones: [660] },
};

/** The tab title while alerts wait: their count, the leading severity and, for an exercise, the word. */
export function alarmTitle(
  base: string,
  alerts: readonly WaitingAlert[],
  words: { severity: (s: AlertSeverity) => string; exercise: string },
): string {
  const lead = leadingAlert(alerts);
  if (!lead) return base;
  const severity = words.severity(lead.severity).toLocaleUpperCase();
  return `(${alerts.length}) ${lead.exercise ? `${words.exercise} ` : ''}${severity} — ${base}`;
}

/** Severity colours, shared by the banner's stylesheet and the favicon. */
export const SEVERITY_COLOUR: Record<AlertSeverity, string> = {
  flash: '#b3261e',
  immediate: '#c4410f',
  priority: '#8a6100',
  routine: '#1a5fb4',
};

/** A favicon that says "alert waiting": a filled disc in the severity's colour with "!" (striped for an exercise). */
export function alarmFavicon(lead: WaitingAlert): string {
  const colour = SEVERITY_COLOUR[lead.severity];
  const stripes = lead.exercise
    ? '<pattern id="s" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="4" height="8" fill="#111"/></pattern><circle cx="16" cy="16" r="15" fill="url(#s)"/>'
    : '';
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="15" fill="${colour}"/>${stripes}<text x="16" y="24" font-size="22" font-family="sans-serif" font-weight="bold" text-anchor="middle" fill="#fff">!</text></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

/** Notifications on this device are offered once, where the node sends push, and never after a refusal. */
export function shouldOfferPush(state: {
  nodeSendsPush: boolean;
  permission: NotificationPermission | 'unsupported';
  subscribed: boolean | null;
  dismissed: boolean;
}): boolean {
  return (
    state.nodeSendsPush &&
    (state.permission === 'default' || state.permission === 'granted') &&
    state.subscribed === false &&
    !state.dismissed
  );
}
