/**
 * How fast the partners answered in their exercises, from the records' own times: time to
 * acknowledge an alert (per desk and per nation), time to a nation's first situation report in a
 * crisis room, and time from a request for assistance to an accepted offer (per requesting nation).
 * Pure: the facts come in already read through the rule for the person asking, so a nation's
 * metrics never rest on a record it may not read.
 */

import { METRIC_MEASURES } from '../../../shared/vocab/training';
import type { MetricMeasure as Measure } from '../../../shared/vocab/training';

export interface MetricFacts {
  /** Acknowledgements of alerts an exercise's injects raised. */
  acknowledgements: readonly { exerciseId: string; deskId: string; deskName: string; nation: string; raisedAt: Date; at: Date }[];
  /** Situation reports in rooms an exercise's injects opened. */
  reports: readonly { exerciseId: string; crisisId: string; nation: string; openedAt: Date; at: Date }[];
  /** Requests for assistance in those rooms and when an offer answering each was accepted (null: none yet). */
  requests: readonly { exerciseId: string; requestId: string; nation: string; requestedAt: Date; acceptedAt: Date | null }[];
}

export interface MetricRow {
  exerciseId: string;
  measure: Measure;
  nation: string;
  /** For acknowledgements by desk; null on the nation's row. */
  desk: { id: string; name: string } | null;
  /** How many answers the row measures. */
  count: number;
  medianMinutes: number;
  meanMinutes: number;
  slowestMinutes: number;
}

/** Never below zero: an answer stamped before its question (a partner's clock running behind) counts as at once. */
const minutes = (from: Date, to: Date) => Math.max(0, (to.getTime() - from.getTime()) / 60_000);
const round = (value: number) => Math.round(value * 10) / 10;

function summary(values: readonly number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return {
    count: sorted.length,
    medianMinutes: round(median),
    meanMinutes: round(sorted.reduce((sum, v) => sum + v, 0) / sorted.length),
    slowestMinutes: round(sorted[sorted.length - 1]!),
  };
}

/** Groups `items` by `key`, in first-seen order. */
function groups<T>(items: readonly T[], key: (item: T) => string): T[][] {
  const by = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    by.set(k, [...(by.get(k) ?? []), item]);
  }
  return [...by.values()];
}

/** The metrics rows, by exercise, measure, nation, then desk (a nation's row before its desks'). */
export function exerciseMetrics(facts: MetricFacts): MetricRow[] {
  const rows: MetricRow[] = [];
  for (const g of groups(facts.acknowledgements, (a) => `${a.exerciseId} ${a.nation}`)) {
    const first = g[0]!;
    rows.push({
      exerciseId: first.exerciseId,
      measure: 'acknowledge',
      nation: first.nation,
      desk: null,
      ...summary(g.map((a) => minutes(a.raisedAt, a.at))),
    });
    for (const d of groups(g, (a) => a.deskId))
      rows.push({
        exerciseId: first.exerciseId,
        measure: 'acknowledge',
        nation: first.nation,
        desk: { id: d[0]!.deskId, name: d[0]!.deskName },
        ...summary(d.map((a) => minutes(a.raisedAt, a.at))),
      });
  }
  // A nation's first report in each room counts once, from the room's opening.
  const firsts = groups(facts.reports, (r) => `${r.crisisId} ${r.nation}`).map((g) =>
    g.reduce((earliest, r) => (r.at < earliest.at ? r : earliest)),
  );
  for (const g of groups(firsts, (r) => `${r.exerciseId} ${r.nation}`))
    rows.push({
      exerciseId: g[0]!.exerciseId,
      measure: 'first-report',
      nation: g[0]!.nation,
      desk: null,
      ...summary(g.map((r) => minutes(r.openedAt, r.at))),
    });
  const answered = facts.requests.filter((r) => r.acceptedAt !== null);
  for (const g of groups(answered, (r) => `${r.exerciseId} ${r.nation}`))
    rows.push({
      exerciseId: g[0]!.exerciseId,
      measure: 'offer-accepted',
      nation: g[0]!.nation,
      desk: null,
      ...summary(g.map((r) => minutes(r.requestedAt, r.acceptedAt!))),
    });
  const order = (row: MetricRow) =>
    `${row.exerciseId} ${METRIC_MEASURES.indexOf(row.measure)} ${row.nation} ${row.desk ? `1 ${row.desk.name}` : '0'}`;
  return rows.sort((a, b) => order(a).localeCompare(order(b)));
}

export interface MetricExercise {
  id: string;
  title: string;
  lead: string;
  /** When it ran (the control panel's STARTEX), or its planned STARTEX. */
  startedAt: Date;
}

/** The trend's order: exercises by when they ran. */
export const byStart = (a: MetricExercise, b: MetricExercise) => a.startedAt.getTime() - b.startedAt.getTime() || a.id.localeCompare(b.id);
