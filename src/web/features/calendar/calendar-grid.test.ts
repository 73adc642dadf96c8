import { describe, expect, it } from 'vitest';
import {
  barOf,
  calendarAddress,
  dayInZone,
  daysOf,
  eventDays,
  eventsByDay,
  monthsOf,
  monthWeeks,
  packLanes,
  periodOf,
  placeFromSearch,
  planningRows,
  stepPlace,
  todayPlace,
} from './calendar-grid';
import type { CalendarPlace, Placed } from './calendar-grid';

const place = (over: Partial<CalendarPlace> = {}): CalendarPlace => ({
  view: 'month',
  span: 'quarter',
  rows: 'nation',
  year: 2026,
  month: 4,
  ...over,
});
const iso = (d: Date) => d.toISOString();

describe('the period a view shows', () => {
  it('is the month, the quarter holding it, or the year', () => {
    expect(periodOf(place())).toEqual({ from: new Date('2026-05-01T00:00:00Z'), to: new Date('2026-06-01T00:00:00Z') });
    const quarter = periodOf(place({ view: 'quarter' }));
    expect([iso(quarter.from), iso(quarter.to)]).toEqual(['2026-04-01T00:00:00.000Z', '2026-07-01T00:00:00.000Z']);
    const year = periodOf(place({ view: 'year', month: 11 }));
    expect([iso(year.from), iso(year.to)]).toEqual(['2026-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z']);
    const planning = periodOf(place({ view: 'planning', span: 'month' }));
    expect([iso(planning.from), iso(planning.to)]).toEqual(['2026-05-01T00:00:00.000Z', '2026-06-01T00:00:00.000Z']);
    expect(monthsOf(place({ view: 'quarter', month: 11 }))).toEqual([
      { year: 2026, month: 9 },
      { year: 2026, month: 10 },
      { year: 2026, month: 11 },
    ]);
  });

  it('steps a whole period at a time, across years, and comes back to today', () => {
    expect(stepPlace(place({ month: 11 }), 1)).toMatchObject({ year: 2027, month: 0 });
    expect(stepPlace(place({ month: 0 }), -1)).toMatchObject({ year: 2025, month: 11 });
    expect(stepPlace(place({ view: 'quarter', month: 11 }), 1)).toMatchObject({ year: 2027, month: 0 });
    expect(stepPlace(place({ view: 'quarter', month: 1 }), -1)).toMatchObject({ year: 2025, month: 9 });
    expect(stepPlace(place({ view: 'year', month: 7 }), -2)).toMatchObject({ year: 2024, month: 0 });
    expect(stepPlace(place({ view: 'planning', span: 'quarter', month: 4 }), 1)).toMatchObject({ year: 2026, month: 6 });
    expect(todayPlace(place({ view: 'year', year: 2020 }), new Date('2026-08-31T23:59:00Z'))).toMatchObject({
      view: 'year',
      year: 2026,
      month: 7,
    });
  });
});

describe('the month grid', () => {
  it('is whole weeks, Monday first, filled from the months beside it', () => {
    const weeks = monthWeeks(2026, 1); // February 2026 starts on a Sunday
    expect(weeks).toHaveLength(5);
    expect(weeks.every((w) => w.length === 7)).toBe(true);
    expect(weeks[0]![0]).toEqual({ day: '2026-01-26', inMonth: false });
    expect(weeks[0]![6]).toEqual({ day: '2026-02-01', inMonth: true });
    expect(weeks[4]![6]).toEqual({ day: '2026-03-01', inMonth: false });
    expect(monthWeeks(2027, 1)).toHaveLength(4); // February 2027 starts on a Monday and has 28 days
    expect(weeks.flat().filter((d) => d.inMonth)).toHaveLength(28);
  });

  it('lists the days of a window', () => {
    expect(daysOf('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
    expect(daysOf('2026-03-01', '2026-03-01')).toEqual([]);
  });
});

const timed = (startsAt: string, endsAt: string) => ({ startsAt, endsAt, allDay: false, timeZone: 'Asia/Karachi' });

describe('the days an event covers', () => {
  it('are the UTC days of a timed event, not reaching into a day it ends at the midnight of', () => {
    expect(eventDays(timed('2026-05-03T20:00:00Z', '2026-05-04T02:00:00Z'))).toEqual({ first: '2026-05-03', last: '2026-05-04' });
    expect(eventDays(timed('2026-05-03T00:00:00Z', '2026-05-05T00:00:00Z'))).toEqual({ first: '2026-05-03', last: '2026-05-04' });
    expect(eventDays(timed('2026-05-03T10:00:00Z', '2026-05-03T10:00:00Z'))).toEqual({ first: '2026-05-03', last: '2026-05-03' });
  });

  it('are the dates in its own zone of a whole-day event', () => {
    // 1 to 3 May in Karachi (UTC+5): from 30 April 19:00 UTC to 3 May 19:00 UTC.
    const block = { startsAt: '2026-04-30T19:00:00.000Z', endsAt: '2026-05-03T19:00:00.000Z', allDay: true, timeZone: 'Asia/Karachi' };
    expect(eventDays(block)).toEqual({ first: '2026-05-01', last: '2026-05-03' });
    expect(dayInZone('2026-04-30T19:00:00Z', 'America/New_York')).toBe('2026-04-30');
    expect(dayInZone('2026-04-30T19:00:00Z', 'Not/AZone')).toBe('2026-04-30');
  });

  it('put each event on every day it covers, first on the first day shown', () => {
    const long = { id: 'long', ...timed('2026-04-29T08:00:00Z', '2026-05-02T08:00:00Z') };
    const short = { id: 'short', ...timed('2026-05-01T06:00:00Z', '2026-05-01T07:00:00Z') };
    const byDay = eventsByDay([long, short], daysOf('2026-05-01', '2026-06-01'));
    expect([...byDay.keys()]).toEqual(['2026-05-01', '2026-05-02']);
    expect(byDay.get('2026-05-01')!.map((e) => [e.event.id, e.first])).toEqual([
      ['long', true],
      ['short', true],
    ]);
    expect(byDay.get('2026-05-02')!.map((e) => [e.event.id, e.first])).toEqual([['long', false]]);
    expect(eventsByDay([long], []).size).toBe(0);
  });
});

describe('the planning view', () => {
  it('places a bar by its days, clipped to the period, and none outside it', () => {
    expect(barOf(timed('2026-05-03T08:00:00Z', '2026-05-05T08:00:00Z'), '2026-05-01', 31)).toEqual({ start: 2, length: 3 });
    expect(barOf(timed('2026-04-20T08:00:00Z', '2026-05-02T08:00:00Z'), '2026-05-01', 31)).toEqual({ start: 0, length: 2 });
    expect(barOf(timed('2026-05-30T08:00:00Z', '2026-06-09T08:00:00Z'), '2026-05-01', 31)).toEqual({ start: 29, length: 2 });
    expect(barOf(timed('2026-06-01T00:00:00Z', '2026-06-02T00:00:00Z'), '2026-05-01', 31)).toBeNull();
    expect(barOf(timed('2026-04-01T00:00:00Z', '2026-05-01T00:00:00Z'), '2026-05-01', 31)).toBeNull();
  });

  it('stacks overlapping bars in lanes and reuses a lane once it is free', () => {
    expect(
      packLanes([
        { start: 0, length: 5 },
        { start: 2, length: 2 },
        { start: 5, length: 1 },
        { start: 3, length: 4 },
      ]),
    ).toEqual({ lanes: [0, 1, 0, 2], count: 3 });
    expect(packLanes([])).toEqual({ lanes: [], count: 0 });
  });

  const event = (kind: Placed['kind'], id: string, nation: string, recordId = id): Placed => ({
    kind,
    id,
    recordId,
    nation,
    ...timed('2026-05-03T08:00:00Z', '2026-05-05T08:00:00Z'),
  });
  const exercise = event('exercise', 'x1', 'KAZ');
  const milestone = event('milestone', 'm1', 'KAZ', 'x1');
  const bare = event('exercise', 'x2', 'UZB');
  const meeting = event('meeting', 'meet', 'PAK');
  const nationBusy = event('busy', 'b1', 'KGZ');
  const unitBusy = event('busy', 'b2', 'KAZ');
  const lookup = {
    exercises: new Map([
      [
        'x1',
        {
          participants: ['KAZ', 'KGZ'],
          units: [
            { nation: 'KAZ', name: '36th Air Assault Brigade' },
            { nation: 'KGZ', name: 'Scorpion' },
          ],
        },
      ],
      ['x2', { participants: ['UZB'], units: [] }],
    ]),
    blocks: new Map([
      ['b1', { nation: 'KGZ', unit: null }],
      ['b2', { nation: 'KAZ', unit: '36th  air assault brigade' }],
    ]),
  };
  const all = [exercise, milestone, bare, meeting, nationBusy, unitBusy];
  const shape = (mode: 'nation' | 'unit') =>
    planningRows(all, mode, lookup).map((row) => [row.nation, row.unit, row.events.map((e) => e.id)]);

  it('has a row per nation: an exercise on every nation taking part, a meeting on its host, a block on its nation', () => {
    expect(shape('nation')).toEqual([
      ['KAZ', null, ['x1', 'm1', 'b2']],
      ['KGZ', null, ['x1', 'm1', 'b1']],
      ['PAK', null, ['meet']],
      ['UZB', null, ['x2']],
    ]);
    // An exercise the calendar knows nothing more of goes on its lead.
    expect(planningRows([event('exercise', 'x9', 'TJK')], 'nation', lookup).map((r) => r.nation)).toEqual(['TJK']);
  });

  it('has a row per unit, the same unit however it is spelt, and a nation’s own row for what names no unit', () => {
    expect(shape('unit')).toEqual([
      ['KAZ', '36th Air Assault Brigade', ['x1', 'm1', 'b2']],
      ['KGZ', null, ['b1']],
      ['KGZ', 'Scorpion', ['x1', 'm1']],
      ['PAK', null, ['meet']],
      ['UZB', null, ['x2']],
    ]);
  });
});

describe('the calendar’s address', () => {
  const now = new Date('2026-05-14T10:00:00Z');

  it('holds the view, the planning span and rows, and the month', () => {
    const planning = place({ view: 'planning', span: 'year', rows: 'unit', year: 2027, month: 0 });
    expect(calendarAddress(planning)).toBe('/calendar?view=planning&span=year&rows=unit&at=2027-01');
    expect(placeFromSearch('?view=planning&span=year&rows=unit&at=2027-01', now)).toEqual(planning);
    expect(calendarAddress(place())).toBe('/calendar?at=2026-05');
  });

  it('takes the defaults for what it leaves out or spells wrong', () => {
    expect(placeFromSearch('', now)).toEqual(place());
    expect(placeFromSearch('?view=week&span=decade&rows=ship&at=2026-13', now)).toEqual(place());
  });
});
