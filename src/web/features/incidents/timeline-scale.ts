/**
 * Time arithmetic of the timeline, in UTC: bucket ends, month ticks and the brush's steps. Kept
 * apart from the drawing so it is tested without a browser.
 */
import type { IncidentTimeline } from '../../../shared/contracts/incidents';

export const DAY = 86_400_000;
export type Unit = IncidentTimeline['unit'];

const SPAN: Record<string, number> = { exact: DAY / 24, day: DAY, week: 7 * DAY, month: 30 * DAY };

/** An incident drawn over the span its time precision allows (a bar, not a point). */
export function spanOf(incident: { occurredAt: string; timePrecision: string }): { start: number; end: number } {
  const start = Date.parse(incident.occurredAt);
  return { start, end: start + (SPAN[incident.timePrecision] ?? DAY) };
}

/** The start of a bucket (`YYYY-MM-DD`, UTC) and the start of the next one. */
export function bucketSpan(start: string, unit: Unit): { start: number; end: number } {
  const from = Date.parse(`${start}T00:00:00Z`);
  if (unit === 'day') return { start: from, end: from + DAY };
  if (unit === 'week') return { start: from, end: from + 7 * DAY };
  const d = new Date(from);
  return { start: from, end: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) };
}

/**
 * The first days of months between two moments, every month or every 2, 3, 6 or 12 so that at
 * most `most` ticks are drawn.
 */
export function monthTicks(from: number, to: number, most: number): number[] {
  const first = new Date(from);
  const year = first.getUTCFullYear();
  const startMonth = first.getUTCMonth() + (from === Date.UTC(year, first.getUTCMonth(), 1) ? 0 : 1);
  const all: number[] = [];
  for (let month = startMonth, at = Date.UTC(year, month, 1); at <= to; month++, at = Date.UTC(year, month, 1)) all.push(at);
  const step = [1, 2, 3, 6, 12, 24, 60].find((s) => all.length / s <= Math.max(1, most)) ?? 120;
  return all.filter((at) => {
    const d = new Date(at);
    return (d.getUTCFullYear() * 12 + d.getUTCMonth()) % step === 0;
  });
}

/** A UTC day boundary at or before a moment. */
export const dayFloor = (at: number) => Math.floor(at / DAY) * DAY;
/** A UTC day boundary at or after a moment. */
export const dayCeil = (at: number) => Math.ceil(at / DAY) * DAY;

/** The brush range moved (or, with `resize`, its end moved) by whole days; never inverted or outside the extent. */
export function stepRange(
  range: { start: number; end: number },
  extent: { start: number; end: number },
  days: number,
  resize: boolean,
): { start: number; end: number } {
  const shift = days * DAY;
  if (resize) return { start: range.start, end: Math.min(extent.end, Math.max(range.start + DAY, range.end + shift)) };
  const width = range.end - range.start;
  const start = Math.max(extent.start, Math.min(extent.end - width, range.start + shift));
  return { start, end: start + width };
}
