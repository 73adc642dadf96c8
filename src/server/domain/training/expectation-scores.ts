/**
 * Scoring an exercise's expectations, as pure functions over what the records show: an
 * acknowledgement's time, a situation report's time, a controller's verdict. An expectation is met
 * when what it asks happened within its time of the inject firing, missed when its time ran out
 * (or the alert was declined), pending until then; a controller's verdict decides it either way.
 */
import type { ExpectationVerdict } from '../../../shared/vocab/training';
import type { StoredExpectation } from '../../db/schema';

/** What the records show for one fired inject: the desks' answers to its alert, the reports in its room. */
export interface InjectFacts {
  firedAt: Date | null;
  answers: readonly { deskId: string; kind: 'acknowledge' | 'decline'; at: Date }[];
  sitreps: readonly { nation: string; at: Date }[];
}

export interface ControllerVerdict {
  verdict: 'met' | 'missed';
  at: Date;
  note: string;
}

export interface Scored {
  verdict: ExpectationVerdict;
  decidedAt: Date | null;
  minutesTaken: number | null;
  note: string;
}

const minutesBetween = (from: Date, to: Date) => Math.round((to.getTime() - from.getTime()) / 6_000) / 10;

/** One expectation's verdict at `now`. */
export function scoreExpectation(expectation: StoredExpectation, facts: InjectFacts, now: Date, judged?: ControllerVerdict): Scored {
  if (judged) return { verdict: judged.verdict, decidedAt: judged.at, minutesTaken: null, note: judged.note };
  const pending: Scored = { verdict: 'pending', decidedAt: null, minutesTaken: null, note: '' };
  if (!facts.firedAt || expectation.kind === 'controller') return pending;
  const deadline = new Date(facts.firedAt.getTime() + expectation.withinMinutes * 60_000);
  const shown =
    expectation.kind === 'acknowledge'
      ? facts.answers.find((a) => a.deskId === expectation.deskId)
      : [...facts.sitreps]
          .sort((a, b) => a.at.getTime() - b.at.getTime())
          .find((s) => s.nation === expectation.nation && s.at >= facts.firedAt!);
  if (shown && !('kind' in shown && shown.kind === 'decline')) {
    const taken = minutesBetween(facts.firedAt, shown.at);
    return { verdict: shown.at <= deadline ? 'met' : 'missed', decidedAt: shown.at, minutesTaken: taken, note: '' };
  }
  if (shown) return { verdict: 'missed', decidedAt: shown.at, minutesTaken: null, note: '' };
  return now > deadline ? { verdict: 'missed', decidedAt: deadline, minutesTaken: null, note: '' } : pending;
}

export interface Tally {
  met: number;
  missed: number;
  pending: number;
}

/** Counts of verdicts, per objective (by position), per nation and in all. */
export function tally(scored: readonly { expectation: StoredExpectation; verdict: ExpectationVerdict }[]) {
  const empty = (): Tally => ({ met: 0, missed: 0, pending: 0 });
  const objectives = new Map<number, Tally>();
  const nations = new Map<string, Tally>();
  const total = empty();
  for (const { expectation, verdict } of scored) {
    total[verdict]++;
    if (expectation.objective !== null) {
      const t = objectives.get(expectation.objective) ?? empty();
      t[verdict]++;
      objectives.set(expectation.objective, t);
    }
    const n = nations.get(expectation.nation) ?? empty();
    n[verdict]++;
    nations.set(expectation.nation, n);
  }
  return { objectives, nations, total };
}
