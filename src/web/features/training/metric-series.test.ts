import { describe, expect, it } from 'vitest';
import {
  clipText,
  firstAndLatest,
  formatMinutes,
  labelEvery,
  markerPath,
  metricFiltersFromSearch,
  metricsAddress,
  metricsExportUrl,
  nationsOf,
  niceScale,
  plotTrend,
  shownRows,
  styleOf,
  trendOf,
} from './metric-series';
import type { MetricRowView, MetricsView } from '../../../shared/contracts/exercise-metrics';

const A = '0d9f6c1e-3b2a-4c5d-8e7f-1a2b3c4d5e6f';
const B = '1d9f6c1e-3b2a-4c5d-8e7f-1a2b3c4d5e6f';
const C = '2d9f6c1e-3b2a-4c5d-8e7f-1a2b3c4d5e6f';

const row = (exerciseId: string, nation: string, median: number, more: Partial<MetricRowView> = {}): MetricRowView => ({
  exerciseId,
  measure: 'acknowledge',
  nation,
  desk: null,
  count: 2,
  medianMinutes: median,
  meanMinutes: median,
  slowestMinutes: median,
  ...more,
});

// The server's order: exercises as they ran (C before A before B), then measure, nation, desks after their nation.
const view: MetricsView = {
  exercises: [
    { id: C, title: 'Steppe Shield', lead: 'KAZ', startedAt: '2026-01-10T06:00:00.000Z' },
    { id: A, title: 'Border liaison tabletop', lead: 'PAK', startedAt: '2026-03-02T04:00:00.000Z' },
    { id: B, title: 'Pamir Response', lead: 'TJK', startedAt: '2026-05-20T03:00:00.000Z' },
  ],
  rows: [
    row(C, 'KAZ', 12),
    row(C, 'KAZ', 10, { desk: { id: 'd1', name: 'KAZ operations' }, count: 1 }),
    row(C, 'KAZ', 14, { desk: { id: 'd2', name: 'KAZ border desk' }, count: 1 }),
    row(C, 'PAK', 30),
    row(C, 'KAZ', 45, { measure: 'first-report' }),
    // PAK acknowledged nothing in A: a gap in its line.
    row(A, 'KAZ', 8),
    row(A, 'UZB', 5),
    row(B, 'KAZ', 6.5),
    row(B, 'PAK', 21.5),
    row(B, 'UZB', 37),
  ],
};

describe('the metrics page’s address', () => {
  it('reads the measure, nation and exercise, falling back to acknowledgements and leaving out malformed ones', () => {
    expect(metricFiltersFromSearch('')).toEqual({ measure: 'acknowledge' });
    expect(metricFiltersFromSearch(`?measure=first-report&nation=KAZ&exercise=${A}`)).toEqual({
      measure: 'first-report',
      nation: 'KAZ',
      exercise: A,
    });
    expect(metricFiltersFromSearch('?measure=speed&nation=kaz&exercise=not-an-id')).toEqual({ measure: 'acknowledge' });
  });

  it('writes them back, the default measure left out of the page’s address but named in the export’s', () => {
    expect(metricsAddress({ measure: 'acknowledge' })).toBe('/exercises/metrics');
    const all = { measure: 'offer-accepted' as const, nation: 'UZB', exercise: B };
    expect(metricFiltersFromSearch(metricsAddress(all).slice('/exercises/metrics'.length))).toEqual(all);
    expect(metricsExportUrl({ measure: 'acknowledge' })).toBe('/api/exercises/metrics/export?measure=acknowledge');
    expect(metricsExportUrl({ measure: 'first-report', nation: 'KAZ', exercise: A })).toBe(
      `/api/exercises/metrics/export?exercise=${A}&measure=first-report&nation=KAZ`,
    );
  });
});

describe('the rows shown', () => {
  it('keeps the measure’s rows, a nation’s desks after it, narrowed to one nation when chosen', () => {
    expect(shownRows(view, { measure: 'acknowledge', nation: 'KAZ' }).map((r) => [r.exerciseId, r.desk?.name ?? null])).toEqual([
      [C, null],
      [C, 'KAZ operations'],
      [C, 'KAZ border desk'],
      [A, null],
      [B, null],
    ]);
    expect(shownRows(view, { measure: 'first-report' }).map((r) => r.medianMinutes)).toEqual([45]);
  });

  it('offers the nations measured for the measure, and the chosen one even without rows', () => {
    expect(nationsOf(view, 'acknowledge')).toEqual(['KAZ', 'PAK', 'UZB']);
    expect(nationsOf(view, 'first-report')).toEqual(['KAZ']);
    expect(nationsOf(view, 'first-report', 'TJK')).toEqual(['KAZ', 'TJK']);
  });
});

describe('the trend', () => {
  it('has one series per nation, its medians in the order the exercises ran, a gap where it has no row', () => {
    const trend = trendOf(view, { measure: 'acknowledge' });
    expect(trend.exercises.map((e) => e.title)).toEqual(['Steppe Shield', 'Border liaison tabletop', 'Pamir Response']);
    expect(trend.series).toEqual([
      { nation: 'KAZ', points: [12, 8, 6.5] },
      { nation: 'PAK', points: [30, null, 21.5] },
      { nation: 'UZB', points: [null, 5, 37] },
    ]);
  });

  it('leaves out exercises without a row of the measure or nation, and the desks’ rows', () => {
    expect(trendOf(view, { measure: 'first-report' })).toEqual({
      exercises: [view.exercises[0]],
      series: [{ nation: 'KAZ', points: [45] }],
    });
    const pak = trendOf(view, { measure: 'acknowledge', nation: 'PAK' });
    expect(pak.exercises.map((e) => e.id)).toEqual([C, B]);
    expect(pak.series).toEqual([{ nation: 'PAK', points: [30, 21.5] }]);
    expect(trendOf({ exercises: [], rows: [] }, { measure: 'acknowledge' })).toEqual({ exercises: [], series: [] });
  });

  it('tells a nation’s first and latest median', () => {
    expect(firstAndLatest({ nation: 'PAK', points: [30, null, 21.5] })).toEqual({ first: 30, latest: 21.5, measured: 2 });
    expect(firstAndLatest({ nation: 'UZB', points: [null, null] })).toBeNull();
  });
});

describe('the scale', () => {
  it('rounds the top up to a nice number, in at most four steps of 1, 2 or 5 times a power of ten', () => {
    expect(niceScale(37)).toEqual({ max: 40, step: 10 });
    expect(niceScale(40)).toEqual({ max: 40, step: 10 });
    expect(niceScale(41)).toEqual({ max: 60, step: 20 });
    expect(niceScale(7.3)).toEqual({ max: 8, step: 2 });
    expect(niceScale(120)).toEqual({ max: 150, step: 50 });
    // Tenths, without a float's tail.
    expect(niceScale(0.3)).toEqual({ max: 0.3, step: 0.1 });
    expect(niceScale(0.35)).toEqual({ max: 0.4, step: 0.1 });
    // Nothing measured, or every answer at once: a minute.
    expect(niceScale(0)).toEqual({ max: 1, step: 0.25 });
  });

  it('places the exercises in equal columns and the minutes from the bottom up, a gap breaking the line', () => {
    const box = { width: 348, height: 240, top: 20, right: 0, bottom: 20, left: 48 };
    const plot = plotTrend(trendOf(view, { measure: 'acknowledge' }), box);
    // 300 wide in three columns; 200 high for 0 to 40 minutes.
    expect(plot.column).toBe(100);
    expect([plot.x(0), plot.x(1), plot.x(2)]).toEqual([98, 198, 298]);
    expect(plot.ticks).toEqual([
      { value: 0, y: 220 },
      { value: 10, y: 170 },
      { value: 20, y: 120 },
      { value: 30, y: 70 },
      { value: 40, y: 20 },
    ]);
    const [kaz, pak, uzb] = plot.lines;
    expect(kaz?.d).toBe('M98 160 L198 180 L298 187.5');
    expect(pak?.d).toBe('M98 70 M298 112.5');
    expect(pak?.points.map((p) => p.index)).toEqual([0, 2]);
    expect(uzb?.d).toBe('M198 195 L298 35');
  });

  it('draws a single exercise in the middle, and nothing measured on a one-minute axis', () => {
    const box = { width: 100, height: 110, top: 10, right: 0, bottom: 0, left: 0 };
    const one = plotTrend({ exercises: [view.exercises[0]!], series: [{ nation: 'KAZ', points: [0] }] }, box);
    expect(one.x(0)).toBe(50);
    expect(one.lines[0]?.d).toBe('M50 110');
    expect(one.ticks.map((t) => t.value)).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it('labels every exercise when the columns are wide enough, every nth otherwise', () => {
    expect(labelEvery(5, 120, 90)).toBe(1);
    expect(labelEvery(20, 40, 90)).toBe(3);
    expect(labelEvery(1, 10, 90)).toBe(1);
  });
});

describe('the words and marks', () => {
  it('clips a long title with an ellipsis, counting characters rather than code units', () => {
    expect(clipText('Steppe Shield', 20)).toBe('Steppe Shield');
    expect(clipText('Steppe Shield', 8)).toBe('Steppe …');
    expect(clipText('Степной щит', 5)).toBe('Степ…');
  });

  it('writes minutes as the reader’s language does, to a tenth', () => {
    expect(formatMinutes(6.5, 'en')).toBe('6.5');
    expect(formatMinutes(6.5, 'ru')).toBe('6,5');
    expect(formatMinutes(1234, 'en')).toBe('1,234');
    expect(formatMinutes(12, 'en')).toBe('12');
  });

  it('gives every nation a colour and a marker, repeating after the last', () => {
    expect(styleOf(0)).toEqual({ colour: '#0072b2', shape: 'circle' });
    expect(styleOf(1).shape).toBe('square');
    expect(styleOf(9)).toEqual(styleOf(0));
    expect(markerPath('square', 10, 10, 2)).toBe('M8 8 L12 8 L12 12 L8 12 Z');
    expect(markerPath('circle', 10, 10, 2)).toMatch(/^M8 10 A2 2 0 1 0 12 10/);
  });
});
