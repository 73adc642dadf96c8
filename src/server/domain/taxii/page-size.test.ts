import { describe, expect, it } from 'vitest';
import { withinPageBytes } from './taxii-service';

const row = (size: number, stripped: number | null = null) => ({
  object: 'x'.repeat(size),
  stripped: stripped === null ? null : 'y'.repeat(stripped),
});

describe('a page of objects', () => {
  it('keeps the first rows that fit, counting each stripped form too', () => {
    const rows = [row(40), row(30), row(20, 20), row(10)];
    expect(withinPageBytes(rows, 100)).toEqual(rows.slice(0, 2));
    expect(withinPageBytes(rows, 110)).toEqual(rows.slice(0, 3));
    expect(withinPageBytes(rows, 120)).toEqual(rows);
  });

  it('always carries one object, however large, so a puller never stalls on it', () => {
    const rows = [row(500), row(1)];
    expect(withinPageBytes(rows, 100)).toEqual([rows[0]]);
    expect(withinPageBytes([], 100)).toEqual([]);
  });
});
