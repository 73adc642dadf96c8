import { describe, expect, it } from 'vitest';
import { shiftsByDay, utcInputToIso, weekStartOf } from './shift-week';

describe('the shift week', () => {
  it('starts on Monday 00:00 UTC, whatever the day', () => {
    expect(weekStartOf(new Date('2026-12-06T23:30:00Z')).toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(weekStartOf(new Date('2026-11-30T00:00:00Z')).toISOString()).toBe('2026-11-30T00:00:00.000Z');
  });

  it('shows a night shift on both the days it spans', () => {
    const night = { id: 's', userId: 'u', username: 'u', startsAt: '2026-12-01T20:00:00.000Z', endsAt: '2026-12-02T08:00:00.000Z' };
    const days = shiftsByDay([night], new Date('2026-11-30T00:00:00Z'));
    expect(days.map((d) => d.shifts.length)).toEqual([0, 1, 1, 0, 0, 0, 0]);
    expect(days[1]).toMatchObject({ date: '2026-12-01', weekday: 2 });
  });

  it('reads the form’s time as UTC', () => {
    expect(utcInputToIso('2026-12-06T08:00')).toBe('2026-12-06T08:00:00.000Z');
    expect(utcInputToIso('2026-12-06')).toBeNull();
  });
});
