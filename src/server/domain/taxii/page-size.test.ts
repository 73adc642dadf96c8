import { describe, expect, it } from 'vitest';
import { pageRows } from './taxii-service';

const row = (n: number, size: number) => ({ n, size });

describe('the rows a page serves', () => {
  it('are at most its limit (the row after it only says there is more)', () => {
    expect(pageRows([row(1, 10), row(2, 10), row(3, 10)], 2, 100).map((r) => r.n)).toEqual([1, 2]);
    expect(pageRows([row(1, 10)], 2, 100).map((r) => r.n)).toEqual([1]);
  });

  it('end once they hold the most object text a page carries', () => {
    const rows = [row(1, 40), row(2, 30), row(3, 40), row(4, 10)];
    expect(pageRows(rows, 10, 100).map((r) => r.n)).toEqual([1, 2]);
    expect(pageRows(rows, 10, 110).map((r) => r.n)).toEqual([1, 2, 3]);
    expect(pageRows(rows, 10, 120).map((r) => r.n)).toEqual([1, 2, 3, 4]);
  });

  it('always carry one row, however large, so a reader never stalls on it', () => {
    expect(pageRows([row(1, 500), row(2, 1)], 10, 100).map((r) => r.n)).toEqual([1]);
    expect(pageRows([], 10, 100)).toEqual([]);
  });
});
