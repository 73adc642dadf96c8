import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findClashes, sameVenue } from './clashes';
import { publicHolidays } from './holidays';
import { blockTimes } from './busy-block-service';
import { startOfDay } from '../../../shared/time/time-zone';
import type { BusyBlock, OtherExercise, Plan } from './clashes';
import type { Label } from '../../../shared/labels/label';

const label = {
  originator: { nation: 'KAZ', org: 'kaz-mod' },
  classification: 'UNCLASSIFIED',
  relTo: ['KAZ', 'PAK'],
  caveats: [],
  tlp: 'GREEN',
  recipients: { orgs: [], users: [] },
  state: 'active',
  version: 1,
} as Label;

const range = { online: false as const, name: 'Matybulak range', country: 'KAZ', lat: 43.35, lon: 74.75 };
const at = (iso: string) => new Date(iso);

const plan = (over: Partial<Plan> = {}): Plan => ({
  id: null,
  venue: range,
  startsAt: at('2027-06-01T04:00:00Z'),
  endsAt: at('2027-06-05T12:00:00Z'),
  participants: ['KAZ', 'PAK'],
  units: [{ nation: 'KAZ', name: '36th Air Assault Brigade' }],
  resources: ['Range 4'],
  ...over,
});

const other = (over: Partial<OtherExercise> = {}): OtherExercise => ({
  ...plan(),
  id: 'e1',
  title: 'Steppe Eagle',
  lead: 'KAZ',
  label,
  participants: ['KAZ'],
  units: [],
  resources: [],
  venue: { online: true },
  ...over,
});

const block = (over: Partial<BusyBlock> = {}): BusyBlock => ({
  id: 'b1',
  title: 'Unavailable',
  nation: 'KAZ',
  unit: null,
  startsAt: at('2027-06-04T00:00:00Z'),
  endsAt: at('2027-06-10T00:00:00Z'),
  label,
  ...over,
});

describe('clashes with other exercises', () => {
  it('names each thing both share: a unit (case and spacing aside), the venue, a resource, a nation', () => {
    const clashes = findClashes(
      plan(),
      [
        other({
          participants: ['KAZ', 'UZB'],
          units: [{ nation: 'KAZ', name: '36th  air assault BRIGADE' }],
          venue: { ...range, name: 'matybulak range' },
          resources: ['range 4'],
          startsAt: at('2027-06-05T00:00:00Z'),
          endsAt: at('2027-06-09T00:00:00Z'),
        }),
      ],
      [],
      [],
    );
    expect(clashes).toHaveLength(1);
    expect(clashes[0]!.from.toISOString()).toBe('2027-06-05T00:00:00.000Z');
    expect(clashes[0]!.to.toISOString()).toBe('2027-06-05T12:00:00.000Z');
    expect(clashes[0]!.reasons).toEqual([
      { reason: 'unit', detail: 'KAZ 36th Air Assault Brigade' },
      { reason: 'venue', detail: 'Matybulak range' },
      { reason: 'resource', detail: 'Range 4' },
      { reason: 'nation', detail: 'KAZ' },
    ]);
  });

  it('finds none when the times only touch, when nothing is shared, or with the exercise itself', () => {
    expect(findClashes(plan(), [other({ startsAt: at('2027-06-05T12:00:00Z'), endsAt: at('2027-06-06T00:00:00Z') })], [], [])).toEqual([]);
    expect(findClashes(plan(), [other({ participants: ['UZB'] })], [], [])).toEqual([]);
    expect(findClashes(plan({ id: 'e1' }), [other()], [], [])).toEqual([]);
  });

  it('takes venues a kilometre apart, or with the same name in the same country, as one; a distributed exercise has none', () => {
    expect(sameVenue(range, { ...range, name: 'Firing point 2', lat: 43.355, lon: 74.755 })).toBe(true);
    expect(sameVenue(range, { ...range, name: 'Other range', lat: 43.5, lon: 74.75 })).toBe(false);
    expect(sameVenue(range, { ...range, country: 'KGZ', lat: 42.0 })).toBe(false);
    expect(sameVenue({ online: true }, range)).toBe(false);
  });
});

describe('busy blocks', () => {
  it('clash when they keep the whole nation busy, or one of the plan’s units of that nation', () => {
    const [nation] = findClashes(plan(), [], [block()], []);
    expect(nation!.reasons).toEqual([{ reason: 'busy', detail: 'KAZ' }]);
    const [unit] = findClashes(plan(), [], [block({ unit: '36th air assault brigade' })], []);
    expect(unit!.reasons).toEqual([{ reason: 'busy', detail: 'KAZ 36th Air Assault Brigade' }]);
    expect(findClashes(plan(), [], [block({ unit: 'Another brigade' })], [])).toEqual([]);
    expect(findClashes(plan(), [], [block({ nation: 'TJK' })], [])).toEqual([]);
  });

  it('as whole days begin and end at midnight in their own time zone', () => {
    // 4–5 June in Almaty (UTC+5): from 3 June 19:00 UTC to 5 June 19:00 UTC.
    const days = blockTimes({ allDay: true, startDate: '2027-06-04', endDate: '2027-06-05' }, 'Asia/Almaty');
    expect(days.startsAt.toISOString()).toBe('2027-06-03T19:00:00.000Z');
    expect(days.endsAt.toISOString()).toBe('2027-06-05T19:00:00.000Z');
    // An exercise ending at 18:00 UTC on 3 June misses it; one ending at 19:30 does not.
    const early = plan({ startsAt: at('2027-06-01T00:00:00Z'), endsAt: at('2027-06-03T18:00:00Z') });
    expect(findClashes(early, [], [block(days)], [])).toEqual([]);
    expect(findClashes({ ...early, endsAt: at('2027-06-03T19:30:00Z') }, [], [block(days)], [])).toHaveLength(1);
  });
});

describe('public holidays', () => {
  it('come from the library for each nation taking part, whole days in the nation’s zone, Islamic feasts included', () => {
    const eid = publicHolidays(['PAK'], at('2027-03-01T00:00:00Z'), at('2027-03-31T00:00:00Z'));
    expect(eid.map((h) => [h.date, h.name])).toEqual([
      ['2027-03-09', 'End of Ramadan (Eid al-Fitr)'],
      ['2027-03-23', 'Pakistan Day'],
    ]);
    // Three days from midnight in Karachi (UTC+5), not from the eve's sunset.
    expect(eid[0]!.startsAt.toISOString()).toBe('2027-03-08T19:00:00.000Z');
    expect(eid[0]!.endsAt.toISOString()).toBe('2027-03-11T19:00:00.000Z');
  });

  it('cover Kyrgyzstan and Tajikistan, which the library lacks, from their statutory rules', () => {
    const names = (nation: string) => publicHolidays([nation], at('2027-01-01T00:00:00Z'), at('2028-01-01T00:00:00Z')).map((h) => h.name);
    expect(names('KGZ')).toContain('Orozo Ait (Eid al-Fitr)');
    expect(names('KGZ')).toContain('Nooruz');
    expect(names('TJK')).toContain('Navruz');
    const navruz = publicHolidays(['TJK'], at('2027-03-20T00:00:00Z'), at('2027-03-22T00:00:00Z'))[0]!;
    expect([navruz.date, navruz.startsAt.toISOString(), navruz.endsAt.toISOString()]).toEqual([
      '2027-03-21',
      '2027-03-20T19:00:00.000Z',
      '2027-03-24T19:00:00.000Z',
    ]);
  });

  it('clash only for nations taking part', () => {
    const holidays = publicHolidays(['PAK', 'UZB'], at('2027-03-22T00:00:00Z'), at('2027-03-25T00:00:00Z'));
    const march = plan({ startsAt: at('2027-03-22T00:00:00Z'), endsAt: at('2027-03-25T00:00:00Z'), participants: ['KAZ', 'PAK'] });
    expect(findClashes(march, [], [], holidays).map((c) => (c.with.kind === 'holiday' ? c.with.name : ''))).toEqual(['Pakistan Day']);
  });
});

describe('properties', () => {
  const instant = fc.integer({ min: Date.UTC(2027, 0, 1), max: Date.UTC(2027, 11, 31) });
  const span = fc
    .tuple(instant, fc.integer({ min: 60_000, max: 20 * 86_400_000 }))
    .map(([s, d]) => ({ startsAt: new Date(s), endsAt: new Date(s + d) }));
  const nations = fc.subarray(['KAZ', 'PAK', 'UZB', 'KGZ', 'TJK'], { minLength: 1 });

  it('a clash exists exactly when the times overlap and something is shared, and lies within both', () => {
    fc.assert(
      fc.property(span, span, nations, nations, fc.boolean(), (a, b, ours, theirs, shareUnit) => {
        const unit = { nation: ours[0]!, name: 'Brigade' };
        const p = plan({ ...a, participants: ours, units: [unit], resources: [], venue: { online: true } });
        const o = other({
          ...b,
          participants: shareUnit ? [...new Set([...theirs, unit.nation])] : theirs,
          units: shareUnit ? [unit] : [],
        });
        const clashes = findClashes(p, [o], [], []);
        const overlapping = a.startsAt < b.endsAt && b.startsAt < a.endsAt;
        const shared = shareUnit || ours.some((n) => o.participants.includes(n));
        expect(clashes.length).toBe(overlapping && shared ? 1 : 0);
        for (const c of clashes) {
          expect(c.from < c.to).toBe(true);
          expect(c.from >= a.startsAt && c.from >= b.startsAt && c.to <= a.endsAt && c.to <= b.endsAt).toBe(true);
        }
      }),
    );
  });

  it('whole days in any zone cover exactly those days: the start is that zone’s midnight and the day count holds', () => {
    const zones = fc.constantFrom(
      'Asia/Almaty',
      'Asia/Karachi',
      'Asia/Dushanbe',
      'America/New_York',
      'Pacific/Chatham',
      'UTC',
      'Europe/London',
    );
    const day = fc.integer({ min: 0, max: 700 }).map((n) => new Date(Date.UTC(2027, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(zones, day, fc.integer({ min: 0, max: 10 }), (zone, first, extra) => {
        const last = new Date(Date.parse(first) + extra * 86_400_000).toISOString().slice(0, 10);
        const { startsAt, endsAt } = blockTimes({ allDay: true, startDate: first, endDate: last }, zone);
        const local = (d: Date) =>
          new Intl.DateTimeFormat('en-CA', {
            timeZone: zone,
            year: 'numeric',
            month: '2-digit',
            day: '2-digit',
            hour: '2-digit',
            minute: '2-digit',
            hourCycle: 'h23',
          }).format(d);
        expect(local(startsAt)).toBe(`${first}, 00:00`);
        expect(startsAt.getTime()).toBe(startOfDay(first, zone).getTime());
        // Days are 23 to 25 hours where clocks change.
        const hours = (endsAt.getTime() - startsAt.getTime()) / 3_600_000;
        expect(hours).toBeGreaterThanOrEqual((extra + 1) * 24 - 1);
        expect(hours).toBeLessThanOrEqual((extra + 1) * 24 + 1);
        // A plan ending a minute into the first day clashes; one ending at its midnight does not.
        const b = block({ startsAt, endsAt });
        const before = plan({ startsAt: new Date(startsAt.getTime() - 86_400_000), endsAt: startsAt });
        expect(findClashes(before, [], [b], [])).toEqual([]);
        expect(findClashes({ ...before, endsAt: new Date(startsAt.getTime() + 60_000) }, [], [b], [])).toHaveLength(1);
      }),
    );
  });
});
