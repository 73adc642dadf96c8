import { describe, expect, it } from 'vitest';
import { bucketSpan, DAY, monthTicks, spanOf, stepRange } from './timeline-scale';

const at = (iso: string) => Date.parse(iso);

describe('timeline scale', () => {
  it('draws an incident over the span its time precision allows', () => {
    expect(spanOf({ occurredAt: '2026-03-01T00:00:00Z', timePrecision: 'week' })).toEqual({
      start: at('2026-03-01T00:00:00Z'),
      end: at('2026-03-08T00:00:00Z'),
    });
  });

  it('ends a month bucket at the next month, whatever its length', () => {
    expect(bucketSpan('2026-02-01', 'month')).toEqual({ start: at('2026-02-01T00:00:00Z'), end: at('2026-03-01T00:00:00Z') });
    expect(bucketSpan('2026-02-02', 'week').end).toBe(at('2026-02-09T00:00:00Z'));
  });

  it('ticks every month start in range, thinned to at most the number asked', () => {
    expect(
      monthTicks(at('2026-01-15T00:00:00Z'), at('2026-04-01T00:00:00Z'), 12).map((t) => new Date(t).toISOString().slice(0, 10)),
    ).toEqual(['2026-02-01', '2026-03-01', '2026-04-01']);
    const years = monthTicks(at('2020-01-01T00:00:00Z'), at('2026-12-31T00:00:00Z'), 8);
    expect(years.length).toBeLessThanOrEqual(8);
    expect(years.map((t) => new Date(t).toISOString().slice(5, 10))).toEqual(years.map(() => '01-01'));
  });

  it('moves and resizes the brush by days without leaving the extent', () => {
    const extent = { start: at('2026-01-01T00:00:00Z'), end: at('2026-02-01T00:00:00Z') };
    const range = { start: at('2026-01-10T00:00:00Z'), end: at('2026-01-20T00:00:00Z') };
    expect(stepRange(range, extent, 1, false)).toEqual({ start: range.start + DAY, end: range.end + DAY });
    expect(stepRange(range, extent, -30, false)).toEqual({ start: extent.start, end: extent.start + 10 * DAY });
    expect(stepRange(range, extent, -30, true)).toEqual({ start: range.start, end: range.start + DAY });
  });
});
