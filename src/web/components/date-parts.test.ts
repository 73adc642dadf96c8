import { describe, expect, it } from 'vitest';
import { EMPTY_PARTS, parseTime, partsFromValue, valueFromParts } from './date-parts';

describe('date input fields', () => {
  it('spells a UTC moment that Date reads as UTC, and a day as YYYY-MM-DD', () => {
    const value = valueFromParts({ day: '5', month: '12', year: '2026', time: '7:05' }, 'datetime');
    expect(value).toBe('2026-12-05T07:05Z');
    expect(new Date(value ?? '').toISOString()).toBe('2026-12-05T07:05:00.000Z');
    expect(valueFromParts({ day: '05', month: '12', year: '2026', time: '' }, 'date')).toBe('2026-12-05');
    expect(valueFromParts({ day: '5', month: '12', year: '2026', time: '1930' }, 'datetime')).toBe('2026-12-05T19:30Z');
  });

  it('is empty when nothing is filled, and refuses days and times that do not exist or are half-typed', () => {
    expect(valueFromParts(EMPTY_PARTS, 'datetime')).toBe('');
    expect(valueFromParts({ day: '31', month: '4', year: '2026', time: '10:00' }, 'datetime')).toBeNull();
    expect(valueFromParts({ day: '29', month: '2', year: '2027', time: '' }, 'date')).toBeNull();
    expect(valueFromParts({ day: '29', month: '2', year: '2028', time: '' }, 'date')).toBe('2028-02-29');
    expect(valueFromParts({ day: '5', month: '', year: '2026', time: '' }, 'date')).toBeNull();
    expect(valueFromParts({ day: '5', month: '12', year: '26', time: '' }, 'date')).toBeNull();
    expect(valueFromParts({ day: '5', month: '12', year: '2026', time: '24:00' }, 'datetime')).toBeNull();
    expect(valueFromParts({ day: '5', month: '12', year: '2026', time: '' }, 'datetime')).toBeNull();
    expect(parseTime('9:7')).toBeNull();
    expect(parseTime('23:59')).toEqual({ hour: 23, minute: 59 });
  });

  it('reads back stored values, with or without a time, seconds or zone', () => {
    expect(partsFromValue('2026-12-05T07:05Z')).toEqual({ day: '5', month: '12', year: '2026', time: '07:05' });
    expect(partsFromValue('2026-12-05T07:05:00.000Z')).toEqual({ day: '5', month: '12', year: '2026', time: '07:05' });
    expect(partsFromValue('2026-12-05')).toEqual({ day: '5', month: '12', year: '2026', time: '' });
    expect(partsFromValue('')).toEqual(EMPTY_PARTS);
    expect(partsFromValue('12/5/2026')).toEqual(EMPTY_PARTS);
  });
});
