/**
 * The calendar's date arithmetic, pure: which period a view shows and how it steps, the weeks of a
 * month (Monday first), the days an event covers (timed events by their UTC days, as the app states
 * every moment; whole-day events by their dates in their own time zone), where an event's bar lies
 * in the planning view, the lanes overlapping bars take, and the planning view's rows per nation or
 * per unit. Days are `YYYY-MM-DD` strings throughout.
 */
import { addDays, offsetMinutes } from '../../../shared/time/time-zone';

export const CALENDAR_VIEWS = ['month', 'quarter', 'year', 'planning'] as const;
export type CalendarView = (typeof CALENDAR_VIEWS)[number];
/** How long a period is: the grid views' own, or the one the planning view is set to. */
export const SPANS = ['month', 'quarter', 'year'] as const;
export type Span = (typeof SPANS)[number];
/** The planning view's rows: one per nation, or one per unit (and one per nation for what names no unit). */
export const ROW_MODES = ['nation', 'unit'] as const;
export type RowMode = (typeof ROW_MODES)[number];

/** Where the calendar stands: the view, the planning view's span and rows, and the period's first month. */
export interface CalendarPlace {
  view: CalendarView;
  span: Span;
  rows: RowMode;
  year: number;
  /** 0 = January. */
  month: number;
}

const MONTHS_IN: Record<Span, number> = { month: 1, quarter: 3, year: 12 };

/** The span the place shows: the view's own, or the planning view's. */
export const spanOf = (place: Pick<CalendarPlace, 'view' | 'span'>): Span => (place.view === 'planning' ? place.span : place.view);

/** The first month of the period holding `month` (a quarter starts in January, April, July or October). */
function periodStartMonth(span: Span, month: number): number {
  if (span === 'year') return 0;
  if (span === 'quarter') return month - (month % 3);
  return month;
}

/** The period the place shows, as instants: from its first day's midnight UTC to the next period's (exclusive). */
export function periodOf(place: Pick<CalendarPlace, 'view' | 'span' | 'year' | 'month'>): { from: Date; to: Date } {
  const span = spanOf(place);
  const first = periodStartMonth(span, place.month);
  return {
    from: new Date(Date.UTC(place.year, first, 1)),
    to: new Date(Date.UTC(place.year, first + MONTHS_IN[span], 1)),
  };
}

/** The period `by` periods on (negative: back), its first month as the place's month. */
export function stepPlace(place: CalendarPlace, by: number): CalendarPlace {
  const span = spanOf(place);
  const at = new Date(Date.UTC(place.year, periodStartMonth(span, place.month) + by * MONTHS_IN[span], 1));
  return { ...place, year: at.getUTCFullYear(), month: at.getUTCMonth() };
}

/** The period holding `now` (in UTC). */
export const todayPlace = (place: CalendarPlace, now: Date): CalendarPlace => ({
  ...place,
  year: now.getUTCFullYear(),
  month: now.getUTCMonth(),
});

/** The months (0–11, with their year) the period covers, in order. */
export function monthsOf(place: CalendarPlace): { year: number; month: number }[] {
  const span = spanOf(place);
  const first = periodStartMonth(span, place.month);
  return Array.from({ length: MONTHS_IN[span] }, (_, i) => {
    const at = new Date(Date.UTC(place.year, first + i, 1));
    return { year: at.getUTCFullYear(), month: at.getUTCMonth() };
  });
}

/** The quarter (1–4) a month (0–11) lies in. */
export const quarterOf = (month: number) => Math.floor(month / 3) + 1;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `YYYY-MM-DD` of an instant, in UTC. */
export const utcDay = (at: Date | string) => new Date(at).toISOString().slice(0, 10);

/** `YYYY-MM-DD` of an instant in a time zone (UTC when the zone is unknown). */
export function dayInZone(at: Date | string, timeZone: string): string {
  const instant = new Date(at);
  let offset: number;
  try {
    offset = offsetMinutes(instant, timeZone);
  } catch {
    offset = 0;
  }
  return new Date(instant.getTime() + offset * 60_000).toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (`b` − `a`). */
export const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

/** Every day from `from` (inclusive) to `to` (exclusive). */
export function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day < to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** ISO weekday of a day: 1 = Monday … 7 = Sunday. */
export function weekday(day: string): number {
  const d = new Date(`${day}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

export interface GridDay {
  day: string;
  /** In the month the grid is of (the others fill its first and last weeks). */
  inMonth: boolean;
}

/** The weeks of a month, Monday first, each of seven days, the first and last filled from the months beside it. */
export function monthWeeks(year: number, month: number): GridDay[][] {
  const first = `${year}-${pad(month + 1)}-01`;
  const next = utcDay(new Date(Date.UTC(year, month + 1, 1)));
  let day = addDays(first, 1 - weekday(first));
  const weeks: GridDay[][] = [];
  while (day < next) {
    const week: GridDay[] = [];
    for (let i = 0; i < 7; i++) {
      week.push({ day, inMonth: day >= first && day < next });
      day = addDays(day, 1);
    }
    weeks.push(week);
  }
  return weeks;
}

/** What the calendar needs of an event to place it. */
export interface Timed {
  startsAt: string;
  endsAt: string;
  allDay: boolean;
  timeZone: string;
}

/**
 * The first and last day (inclusive) an event covers: a whole-day event's dates in its own time
 * zone, a timed event's UTC days. An event ending at midnight does not reach into the next day.
 */
export function eventDays(event: Timed): { first: string; last: string } {
  const starts = new Date(event.startsAt).getTime();
  const lastMoment = new Date(Math.max(starts, new Date(event.endsAt).getTime() - 1));
  if (event.allDay) return { first: dayInZone(event.startsAt, event.timeZone), last: dayInZone(lastMoment, event.timeZone) };
  return { first: utcDay(event.startsAt), last: utcDay(lastMoment) };
}

/** An event on one day of a grid: `first` on the first day of it the grid shows (the others continue it). */
export interface DayEntry<T> {
  event: T;
  first: boolean;
}

/** The events of each day shown (`days` in order), by start; days without any are left out. */
export function eventsByDay<T extends Timed>(events: readonly T[], days: readonly string[]): Map<string, DayEntry<T>[]> {
  const byDay = new Map<string, DayEntry<T>[]>();
  const shown = days[0];
  const end = days[days.length - 1];
  if (!shown || !end) return byDay;
  const sorted = [...events].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  for (const event of sorted) {
    const { first, last } = eventDays(event);
    const from = first < shown ? shown : first;
    const to = last > end ? end : last;
    for (let day = from; day <= to; day = addDays(day, 1)) byDay.set(day, [...(byDay.get(day) ?? []), { event, first: day === from }]);
  }
  return byDay;
}

/** Where an event's bar lies among `count` days from `first`: its first day's index and how many days it covers; null when outside. */
export function barOf(event: Timed, first: string, count: number): { start: number; length: number } | null {
  const days = eventDays(event);
  const start = Math.max(0, daysBetween(first, days.first));
  const end = Math.min(count - 1, daysBetween(first, days.last));
  if (end < start || end < 0 || start > count - 1) return null;
  return { start, length: end - start + 1 };
}

/** The lane of each bar (in the order given) so that no two bars of a lane overlap, and how many lanes there are. */
export function packLanes(bars: readonly { start: number; length: number }[]): { lanes: number[]; count: number } {
  const order = bars.map((_, i) => i).sort((a, b) => bars[a]!.start - bars[b]!.start || bars[b]!.length - bars[a]!.length);
  const laneEnds: number[] = [];
  const lanes = new Array<number>(bars.length).fill(0);
  for (const i of order) {
    const bar = bars[i]!;
    let lane = laneEnds.findIndex((end) => end <= bar.start);
    if (lane === -1) lane = laneEnds.length;
    laneEnds[lane] = bar.start + bar.length;
    lanes[i] = lane;
  }
  return { lanes, count: laneEnds.length };
}

/** What the planning view needs of an event to choose its rows. */
export interface Placed extends Timed {
  kind: 'meeting' | 'exercise' | 'milestone' | 'busy';
  id: string;
  /** A milestone's exercise; otherwise the event's own id. */
  recordId: string;
  nation: string;
}

/** What the calendar knows of the exercises and busy blocks it shows, beyond the events themselves. */
export interface PlanningLookup {
  exercises: ReadonlyMap<string, { participants: readonly string[]; units: readonly { nation: string; name: string }[] }>;
  blocks: ReadonlyMap<string, { nation: string; unit: string | null }>;
}

export interface PlanningRow<T> {
  key: string;
  nation: string;
  /** Null: the nation as a whole (and, by unit, what names no unit). */
  unit: string | null;
  events: T[];
}

/** A unit's name as compared: case and runs of spaces ignored (as the server compares them). */
const unitKey = (name: string) => name.normalize('NFKC').toLocaleLowerCase('en').replace(/\s+/g, ' ').trim();

/**
 * The planning view's rows. By nation: an exercise and its milestones on every nation taking part
 * (the lead when its participants are unknown), a meeting on its host, a busy block on its nation.
 * By unit: an exercise and its milestones on each of its units (its lead's own row when it names
 * none), a busy block on its unit (its nation's own row when it keeps the whole nation busy), a
 * meeting on its host's own row. Rows by nation, a nation's own row before its units, units by name.
 */
export function planningRows<T extends Placed>(events: readonly T[], mode: RowMode, lookup: PlanningLookup): PlanningRow<T>[] {
  const rows = new Map<string, PlanningRow<T>>();
  const put = (nation: string, unit: string | null, event: T) => {
    const key = unit === null ? nation : `${nation}/${unitKey(unit)}`;
    const row = rows.get(key) ?? { key, nation, unit, events: [] };
    if (!row.events.includes(event)) row.events.push(event);
    rows.set(key, row);
  };
  for (const event of events) {
    if (event.kind === 'exercise' || event.kind === 'milestone') {
      const exercise = lookup.exercises.get(event.recordId);
      if (mode === 'nation') {
        const nations = exercise && exercise.participants.length > 0 ? exercise.participants : [event.nation];
        for (const nation of nations) put(nation, null, event);
      } else if (exercise && exercise.units.length > 0) {
        for (const unit of exercise.units) put(unit.nation, unit.name, event);
      } else put(event.nation, null, event);
    } else if (event.kind === 'busy') {
      const block = lookup.blocks.get(event.id);
      put(block?.nation ?? event.nation, mode === 'unit' ? (block?.unit ?? null) : null, event);
    } else put(event.nation, null, event);
  }
  return [...rows.values()].sort(
    (a, b) =>
      a.nation.localeCompare(b.nation) || (a.unit === null ? -1 : b.unit === null ? 1 : unitKey(a.unit).localeCompare(unitKey(b.unit))),
  );
}

const isView = (value: string | null): value is CalendarView => (CALENDAR_VIEWS as readonly string[]).includes(value ?? '');
const isSpan = (value: string | null): value is Span => (SPANS as readonly string[]).includes(value ?? '');
const isRowMode = (value: string | null): value is RowMode => (ROW_MODES as readonly string[]).includes(value ?? '');

/** The place the address holds (`?view=planning&span=quarter&rows=unit&at=2026-04`); what it leaves out or spells wrong takes the default. */
export function placeFromSearch(search: string, now: Date): CalendarPlace {
  const params = new URLSearchParams(search);
  const view = params.get('view');
  const span = params.get('span');
  const rows = params.get('rows');
  const at = /^(\d{4})-(\d{2})$/.exec(params.get('at') ?? '');
  const month = at ? Number(at[2]) - 1 : -1;
  return {
    view: isView(view) ? view : 'month',
    span: isSpan(span) ? span : 'quarter',
    rows: isRowMode(rows) ? rows : 'nation',
    ...(at && month >= 0 && month <= 11 ? { year: Number(at[1]), month } : { year: now.getUTCFullYear(), month: now.getUTCMonth() }),
  };
}

/** The calendar's address for a place (the defaults left out). */
export function calendarAddress(place: CalendarPlace): string {
  const params = new URLSearchParams();
  if (place.view !== 'month') params.set('view', place.view);
  if (place.view === 'planning' && place.span !== 'quarter') params.set('span', place.span);
  if (place.view === 'planning' && place.rows !== 'nation') params.set('rows', place.rows);
  params.set('at', `${pad(place.year, 4)}-${pad(place.month + 1)}`);
  return `/calendar?${params.toString()}`;
}
