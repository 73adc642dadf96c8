import { describe, expect, it } from 'vitest';
import { omitEmpty } from './stix-omit-empty';

describe('omitEmpty', () => {
  it('leaves out nulls, empty lists and the objects they empty, at any depth, keeping false, zero and empty text', () => {
    expect(
      omitEmpty({
        a: null,
        b: [],
        c: { d: null, e: [] },
        f: { g: 0, h: false, i: '', j: [null, 1, []] },
        k: [{ l: null }, { m: 'x' }],
      }),
    ).toEqual({ f: { g: 0, h: false, i: '', j: [1] }, k: [{ m: 'x' }] });
  });
});
