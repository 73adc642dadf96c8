import type { EscalationStep } from '../../../shared/contracts/hotline';
import type { RosterRole } from '../../../shared/vocab/hotline';

export interface TimelineEntry {
  /** Minutes after the alert is raised. */
  at: number;
  /** The role paged then; null for the moment the steps run out and the sender is told. */
  role: RosterRole | null;
  /** The pass through the steps: 0 for the first, up to `repeat`. */
  round: number;
}

/**
 * What a rule's steps do to an unanswered alert, minute by minute: each step pages its role and
 * waits; after the last step the steps run again `repeat` more times; then they run out
 * (escalation.ts on the server moves the same way).
 */
export function timelineOf(steps: Pick<EscalationStep, 'notify' | 'waitMinutes'>[], repeat: number): TimelineEntry[] {
  if (steps.length === 0) return [];
  const entries: TimelineEntry[] = [];
  let at = 0;
  for (let round = 0; round <= repeat; round++) {
    for (const step of steps) {
      entries.push({ at, role: step.notify, round });
      at += Number.isFinite(step.waitMinutes) ? step.waitMinutes : 0;
    }
  }
  entries.push({ at, role: null, round: repeat });
  return entries;
}

/** Moves the item at `from` one place up (-1) or down (+1); out of range changes nothing. */
export function moved<T>(items: T[], from: number, by: -1 | 1): T[] {
  const to = from + by;
  if (to < 0 || to >= items.length) return items;
  const copy = [...items];
  [copy[from], copy[to]] = [copy[to]!, copy[from]!];
  return copy;
}
