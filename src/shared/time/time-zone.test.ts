import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instantAt, offsetMinutes, startOfDay, wallClockAt } from './time-zone';

describe('instantAt: a wall-clock time in a zone', () => {
  it('reads an ordinary time with the offset in force', () => {
    expect(instantAt({ year: 2026, month: 7, day: 1, hour: 9, minute: 30 }, 'Asia/Karachi').toISOString()).toBe('2026-07-01T04:30:00.000Z');
    expect(instantAt({ year: 2026, month: 7, day: 1, hour: 9, minute: 30, second: 15 }, 'UTC').toISOString()).toBe(
      '2026-07-01T09:30:15.000Z',
    );
  });

  it('reads a time clocks skip with the offset before the skip (RFC 5545)', () => {
    // Berlin skips 02:00–03:00 on 29 March 2026; 02:30 is read at UTC+1, which clocks show as 03:30.
    expect(instantAt({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, 'Europe/Berlin').toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    );
  });

  it('reads a time clocks show twice as its first occurrence', () => {
    // London shows 01:00–02:00 twice on 25 October 2026, first at UTC+1.
    expect(instantAt({ year: 2026, month: 10, day: 25, hour: 1, minute: 30 }, 'Europe/London').toISOString()).toBe(
      '2026-10-25T00:30:00.000Z',
    );
  });

  it('property: the time clocks show at an instant leads back to it, or to its first showing', () => {
    const zones = ['Europe/London', 'America/Santiago', 'America/Havana', 'Pacific/Chatham', 'Asia/Tashkent', 'Australia/Lord_Howe'];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2024, 0, 1) / 60_000, max: Date.UTC(2030, 0, 1) / 60_000 }),
        fc.constantFrom(...zones),
        (minute, zone) => {
          const at = new Date(minute * 60_000);
          const back = instantAt(wallClockAt(at, zone), zone);
          expect(back.getTime()).toBeLessThanOrEqual(at.getTime());
          const { offset: _atOffset, ...shown } = wallClockAt(at, zone);
          expect(wallClockAt(back, zone)).toMatchObject(shown);
          if (back.getTime() < at.getTime()) expect(offsetMinutes(back, zone)).toBeGreaterThan(offsetMinutes(at, zone));
        },
      ),
    );
  });
});

describe('startOfDay', () => {
  it('is midnight where clocks show midnight', () => {
    expect(startOfDay('2026-07-01', 'Asia/Karachi').toISOString()).toBe('2026-06-30T19:00:00.000Z');
  });

  it('is the first moment of the day where clocks skip midnight, never the evening before', () => {
    // Santiago goes from UTC−4 to UTC−3 at midnight on 6 September 2026; the day starts at 01:00 local.
    const santiago = startOfDay('2026-09-06', 'America/Santiago');
    expect(santiago.toISOString()).toBe('2026-09-06T04:00:00.000Z');
    expect(wallClockAt(santiago, 'America/Santiago')).toMatchObject({ day: 6, hour: 1, minute: 0 });
    // Havana goes from UTC−5 to UTC−4 at midnight on 8 March 2026.
    const havana = startOfDay('2026-03-08', 'America/Havana');
    expect(havana.toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(wallClockAt(havana, 'America/Havana')).toMatchObject({ day: 8, hour: 1, minute: 0 });
  });
});
