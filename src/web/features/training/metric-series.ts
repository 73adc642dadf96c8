/**
 * Exercise metrics as a trend: the page's filters in its address, the rows of one measure turned
 * into a line per nation across the exercises in the order they ran, scaled to the chart's box.
 * Kept apart from the drawing so it is tested without a browser.
 */
import { METRIC_MEASURES } from '../../../shared/vocab/training';
import type { MetricRowView, MetricsView } from '../../../shared/contracts/exercise-metrics';
import type { MetricMeasure } from '../../../shared/vocab/training';

export type MetricExerciseView = MetricsView['exercises'][number];

/** What the page shows: one measure, every nation or one, every exercise or one. */
export interface MetricFilters {
  measure: MetricMeasure;
  /** The answering nation. */
  nation?: string;
  exercise?: string;
}

/** Alerts are what most exercises inject, so acknowledgements are the measure shown first. */
export const DEFAULT_MEASURE: MetricMeasure = 'acknowledge';

const NATION = /^[A-Z]{3}$/;
// As the server's contract checks it (zod's uuid), so a malformed address is not sent to be refused.
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/;

/** The filters the address holds; anything malformed is left out (the measure falls back to the default). */
export function metricFiltersFromSearch(search: string): MetricFilters {
  const params = new URLSearchParams(search);
  const measure = params.get('measure') ?? '';
  const nation = params.get('nation') ?? '';
  const exercise = params.get('exercise') ?? '';
  return {
    measure: (METRIC_MEASURES as readonly string[]).includes(measure) ? (measure as MetricMeasure) : DEFAULT_MEASURE,
    ...(NATION.test(nation) ? { nation } : {}),
    ...(UUID.test(exercise) ? { exercise } : {}),
  };
}

function paramsOf(filters: MetricFilters, always: boolean): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.exercise) params.set('exercise', filters.exercise);
  if (always || filters.measure !== DEFAULT_MEASURE) params.set('measure', filters.measure);
  if (filters.nation) params.set('nation', filters.nation);
  return params;
}

/** The page's address for these filters (the default measure left out: `/exercises/metrics`). */
export function metricsAddress(filters: MetricFilters): string {
  const query = paramsOf(filters, false).toString();
  return query ? `/exercises/metrics?${query}` : '/exercises/metrics';
}

/** The CSV of what the page shows (the measure always named: the export's own default is every measure). */
export function metricsExportUrl(filters: MetricFilters): string {
  return `/api/exercises/metrics/export?${paramsOf(filters, true).toString()}`;
}

/** The rows the page shows, in the server's order: by exercise, nation, then the nation's desks after it. */
export function shownRows(view: MetricsView, filters: MetricFilters): MetricRowView[] {
  return view.rows.filter((r) => r.measure === filters.measure && (!filters.nation || r.nation === filters.nation));
}

/** The nations measured for `measure`, by code, and the one chosen even when it has no rows (so the choice stays shown). */
export function nationsOf(view: MetricsView, measure: MetricMeasure, chosen?: string): string[] {
  const codes = new Set(view.rows.filter((r) => r.measure === measure).map((r) => r.nation));
  if (chosen) codes.add(chosen);
  return [...codes].sort();
}

export interface Series {
  nation: string;
  /** The nation's median minutes in each exercise of the trend, in order; null where it has no row (a gap). */
  points: (number | null)[];
}

export interface Trend {
  /** The exercises with a row shown, in the order they ran. */
  exercises: MetricExerciseView[];
  /** One per nation, by code. */
  series: Series[];
}

/** The nations' median minutes for the filters' measure across the exercises in the order they ran (nation rows only: desks are in the table). */
export function trendOf(view: MetricsView, filters: MetricFilters): Trend {
  const rows = shownRows(view, filters).filter((r) => r.desk === null);
  const measured = new Set(rows.map((r) => r.exerciseId));
  const exercises = view.exercises.filter((e) => measured.has(e.id));
  const median = new Map(rows.map((r) => [`${r.exerciseId} ${r.nation}`, r.medianMinutes]));
  const nations = [...new Set(rows.map((r) => r.nation))].sort();
  return {
    exercises,
    series: nations.map((nation) => ({ nation, points: exercises.map((e) => median.get(`${e.id} ${nation}`) ?? null) })),
  };
}

/** A nation's first and latest median in the trend (null: never measured), for the chart's description. */
export function firstAndLatest(series: Series): { first: number; latest: number; measured: number } | null {
  const values = series.points.filter((p): p is number => p !== null);
  if (values.length === 0) return null;
  return { first: values[0]!, latest: values[values.length - 1]!, measured: values.length };
}

/**
 * The y axis's top and step: the step 1, 2 or 5 times a power of ten that splits `largest` into at
 * most `steps` parts, the top the first multiple of it at or above `largest` (nothing measured, or
 * all at once: one minute).
 */
export function niceScale(largest: number, steps = 4): { max: number; step: number } {
  if (!(largest > 0)) return { max: 1, step: 0.25 };
  const rough = largest / steps;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough - 1e-9) ?? 10 * power;
  // Rounded, so that 0.1 + 0.2 does not make a tick of 0.30000000000000004.
  const max = Number((Math.ceil(largest / step - 1e-9) * step).toPrecision(12));
  return { max, step };
}

/** The drawing area inside the SVG: its size and the margins left for the axes' words. */
export interface Box {
  width: number;
  height: number;
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export interface PlottedPoint {
  /** The exercise's place in the trend. */
  index: number;
  value: number;
  x: number;
  y: number;
}

export interface PlottedSeries {
  nation: string;
  /** The line: one `M … L …` run per stretch of exercises without a gap. */
  d: string;
  points: PlottedPoint[];
}

export interface Plot {
  /** The centre of exercise `index`'s column. */
  x: (index: number) => number;
  y: (minutes: number) => number;
  /** Each exercise's column width. */
  column: number;
  ticks: { value: number; y: number }[];
  lines: PlottedSeries[];
}

const px = (n: number) => Math.round(n * 10) / 10;

/** The trend scaled to `box`: the exercises in equal columns left to right, minutes from 0 at the bottom to the nice top. */
export function plotTrend(trend: Trend, box: Box): Plot {
  const inner = { width: Math.max(1, box.width - box.left - box.right), height: Math.max(1, box.height - box.top - box.bottom) };
  const count = Math.max(1, trend.exercises.length);
  const column = inner.width / count;
  const largest = Math.max(0, ...trend.series.flatMap((s) => s.points.filter((p): p is number => p !== null)));
  const { max, step } = niceScale(largest);
  const x = (index: number) => px(box.left + (index + 0.5) * column);
  const y = (minutes: number) => px(box.top + inner.height - (Math.min(minutes, max) / max) * inner.height);
  const ticks: { value: number; y: number }[] = [];
  for (let i = 0; i * step <= max + 1e-9; i++) {
    const value = Number((i * step).toPrecision(12));
    ticks.push({ value, y: y(value) });
  }
  const lines = trend.series.map((s) => {
    const points: PlottedPoint[] = [];
    let d = '';
    let previous: number | null = null;
    s.points.forEach((value, index) => {
      if (value === null) return;
      const point = { index, value, x: x(index), y: y(value) };
      points.push(point);
      // A gap (an exercise without the nation's row) starts a new run rather than bridging it.
      d += `${d ? ' ' : ''}${previous === index - 1 ? 'L' : 'M'}${point.x} ${point.y}`;
      previous = index;
    });
    return { nation: s.nation, d, points };
  });
  return { x, y, column: px(column), ticks, lines };
}

/** Which exercises get a label under the axis: every `n`th, so that labels are at least `gap` apart. */
export function labelEvery(count: number, column: number, gap: number): number {
  if (count <= 1 || column >= gap) return 1;
  return Math.ceil(gap / Math.max(1, column));
}

/** `text` shortened to `most` characters, an ellipsis saying so. */
export function clipText(text: string, most: number): string {
  const chars = [...text];
  if (chars.length <= most) return text;
  return most <= 1 ? '…' : `${chars.slice(0, most - 1).join('')}…`;
}

/** Minutes as the reader's language writes numbers, to a tenth at most (as the server rounds them). */
export function formatMinutes(minutes: number, language: string): string {
  return new Intl.NumberFormat(language, { maximumFractionDigits: 1 }).format(minutes);
}

/** A nation's colour and marker, by its place among the nations measured (the shape repeats the colour's meaning). */
export const NATION_STYLES = [
  { colour: '#0072b2', shape: 'circle' },
  { colour: '#b35900', shape: 'square' },
  { colour: '#1b7837', shape: 'triangle' },
  { colour: '#a8327a', shape: 'diamond' },
  { colour: '#6a3d9a', shape: 'triangle-down' },
  { colour: '#00798c', shape: 'circle' },
  { colour: '#8c6d1f', shape: 'square' },
  { colour: '#b2182b', shape: 'triangle' },
  { colour: '#4d4d4d', shape: 'diamond' },
] as const;
export type MarkerShape = (typeof NATION_STYLES)[number]['shape'];

export function styleOf(place: number): (typeof NATION_STYLES)[number] {
  return NATION_STYLES[((place % NATION_STYLES.length) + NATION_STYLES.length) % NATION_STYLES.length]!;
}

/** The path of a marker of `shape` centred on (x, y), `r` from its centre to its edge. */
export function markerPath(shape: MarkerShape, x: number, y: number, r: number): string {
  const p = (dx: number, dy: number) => `${px(x + dx)} ${px(y + dy)}`;
  switch (shape) {
    case 'circle':
      return `M${p(-r, 0)} A${r} ${r} 0 1 0 ${p(r, 0)} A${r} ${r} 0 1 0 ${p(-r, 0)} Z`;
    case 'square':
      return `M${p(-r, -r)} L${p(r, -r)} L${p(r, r)} L${p(-r, r)} Z`;
    case 'triangle':
      return `M${p(0, -r * 1.2)} L${p(r * 1.1, r * 0.8)} L${p(-r * 1.1, r * 0.8)} Z`;
    case 'triangle-down':
      return `M${p(0, r * 1.2)} L${p(r * 1.1, -r * 0.8)} L${p(-r * 1.1, -r * 0.8)} Z`;
    case 'diamond':
      return `M${p(0, -r * 1.3)} L${p(r * 1.3, 0)} L${p(0, r * 1.3)} L${p(-r * 1.3, 0)} Z`;
  }
}
