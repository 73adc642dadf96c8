import { describe, expect, it } from 'vitest';
import { pageRows } from './taxii-service';

const row = (n: number, object: string | null = `{"n":${n}}`) => ({ n, object });

describe('the rows a page serves', () => {
  it('are at most its limit (the row after it only says there is more)', () => {
    expect(pageRows([row(1), row(2), row(3)], 2).map((r) => r.n)).toEqual([1, 2]);
    expect(pageRows([row(1)], 2).map((r) => r.n)).toEqual([1]);
  });

  it('end before the first row that came without its object (past the page’s size)', () => {
    expect(pageRows([row(1), row(2), row(3, null), row(4, null)], 10).map((r) => r.n)).toEqual([1, 2]);
    expect(pageRows([], 10)).toEqual([]);
  });
});
