/**
 * The escalation state machine of one alert at one target desk — pure: no clock, no database.
 * The service keeps the state in a row and applies these transitions under that row's lock, so a
 * restart, a crash or two app processes never lose, repeat or double-fire a step:
 *
 * - `planFor` takes the steps in force when the alert is raised (the policy may change later; the
 *   alert keeps its plan) — the first rule whose time window holds the raise time, read in the
 *   policy's time zone, or the default rule.
 * - `startEscalation` notifies the first step's role; the role has the step's wait to acknowledge.
 * - `escalateIfDue` moves one step on when the wait has passed without an acknowledgement: the next
 *   role is notified and gets its whole wait from now (a step that fell due while the node was down
 *   fires at once on restart, and the next one follows after its full wait). After the last step,
 *   the steps run again `repeat` times; then the escalation is exhausted and the sender is told.
 * - `acknowledge` and `decline` close it (an exhausted one too: a late answer is still an answer).
 *   Closing a closed escalation, or a timer arriving for a step
 *   already passed or an escalation already closed, changes nothing: every transition is idempotent.
 *
 * Acknowledge is not resolve: an acknowledged alert stays open for the crisis work that follows.
 */
import type { EscalationPolicy, EscalationStep, TimeWindow } from '../../../shared/contracts/hotline';
import type { RosterRole } from '../../../shared/vocab/hotline';

export interface EscalationPlan {
  steps: EscalationStep[];
  repeat: number;
  /** Which rule of the policy was in force (for the record: "night rule"). */
  rule: number;
}

export type EscalationStatus = 'escalating' | 'acknowledged' | 'declined' | 'exhausted';

export interface EscalationState {
  status: EscalationStatus;
  /** 0 for the first pass through the steps, up to `repeat`. */
  round: number;
  step: number;
  /** When the current step's role was notified. */
  notifiedAt: Date;
  /** When the next step falls due; null once closed. */
  dueAt: Date | null;
  closedAt: Date | null;
}

export interface Transition {
  state: EscalationState;
  /** The role to notify now, if any. */
  notify: RosterRole | null;
  /** What happened, for the alert's log and the sender. */
  event: 'started' | 'escalated' | 'repeated' | 'exhausted' | 'acknowledged' | 'declined';
}

const MINUTE = 60_000;

/** The steps in force at `at`: the first rule whose window holds it, else the default (last) rule. */
export function planFor(policy: EscalationPolicy, at: Date): EscalationPlan {
  const local = localTime(at, policy.timeZone);
  const index = policy.rules.findIndex((rule) => !rule.window || inWindow(rule.window, local));
  const rule = policy.rules[index === -1 ? policy.rules.length - 1 : index];
  if (!rule) throw new Error('an escalation policy has at least one rule');
  return { steps: rule.steps, repeat: policy.repeat, rule: index === -1 ? policy.rules.length - 1 : index };
}

export function startEscalation(plan: EscalationPlan, at: Date): Transition {
  const first = stepAt(plan, 0);
  return {
    state: { status: 'escalating', round: 0, step: 0, notifiedAt: at, dueAt: after(at, first.waitMinutes), closedAt: null },
    notify: first.notify,
    event: 'started',
  };
}

/**
 * The next step when the current one's wait has passed at `now`, else null. `expected` (the round
 * and step a timer was set for) makes a late or repeated timer harmless: it moves nothing when the
 * escalation has already moved past that step.
 */
export function escalateIfDue(
  plan: EscalationPlan,
  state: EscalationState,
  now: Date,
  expected?: { round: number; step: number },
): Transition | null {
  if (state.status !== 'escalating' || !state.dueAt || state.dueAt.getTime() > now.getTime()) return null;
  if (expected && (expected.round !== state.round || expected.step !== state.step)) return null;
  const lastStep = state.step === plan.steps.length - 1;
  if (lastStep && state.round >= plan.repeat) {
    return { state: { ...state, status: 'exhausted', dueAt: null, closedAt: now }, notify: null, event: 'exhausted' };
  }
  const round = lastStep ? state.round + 1 : state.round;
  const step = lastStep ? 0 : state.step + 1;
  const next = stepAt(plan, step);
  return {
    state: { status: 'escalating', round, step, notifiedAt: now, dueAt: after(now, next.waitMinutes), closedAt: null },
    notify: next.notify,
    event: lastStep ? 'repeated' : 'escalated',
  };
}

/** Closes an open escalation as acknowledged; null (nothing to do) when it is already closed. */
export function acknowledge(state: EscalationState, at: Date): Transition | null {
  return close(state, at, 'acknowledged');
}

/** Closes an open escalation as declined (the desk says the alert is not for it). */
export function decline(state: EscalationState, at: Date): Transition | null {
  return close(state, at, 'declined');
}

function close(state: EscalationState, at: Date, status: 'acknowledged' | 'declined'): Transition | null {
  // A late answer after the steps ran out is still an answer (the sender was told no one answered).
  if (state.status !== 'escalating' && state.status !== 'exhausted') return null;
  return { state: { ...state, status, dueAt: null, closedAt: at }, notify: null, event: status };
}

function stepAt(plan: EscalationPlan, index: number): EscalationStep {
  const step = plan.steps[index];
  if (!step) throw new Error(`an escalation plan has no step ${index}`);
  return step;
}

const after = (at: Date, minutes: number) => new Date(at.getTime() + minutes * MINUTE);

interface LocalTime {
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  /** Minutes since local midnight. */
  minutes: number;
}

const WEEKDAY_NUMBERS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The weekday and time of day at `at` in `timeZone` (the platform's time zone database). */
export function localTime(at: Date, timeZone: string): LocalTime {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(at).map((p) => [p.type, p.value]));
  return { weekday: WEEKDAY_NUMBERS[parts.weekday ?? ''] ?? 0, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

const clockMinutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** A window starts on one of its days at `from` and ends at `to`, the next day when `to` is earlier. */
export function inWindow(window: TimeWindow, local: LocalTime): boolean {
  const from = clockMinutes(window.from);
  const to = clockMinutes(window.to);
  if (from < to) return window.days.includes(local.weekday) && local.minutes >= from && local.minutes < to;
  const previousDay = local.weekday === 1 ? 7 : local.weekday - 1;
  return (window.days.includes(local.weekday) && local.minutes >= from) || (window.days.includes(previousDay) && local.minutes < to);
}
