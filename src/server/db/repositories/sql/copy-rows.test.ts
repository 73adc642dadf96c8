import { describe, expect, it } from 'vitest';
import { copyField, encodeCopyRows } from './copy-rows';

describe('COPY text format', () => {
  it('writes null as \\N and escapes backslash, tab, line feed and carriage return in text', () => {
    expect(copyField(null, 'text')).toBe('\\N');
    expect(copyField(undefined, 'integer')).toBe('\\N');
    expect(copyField('\\N', 'text')).toBe('\\\\N');
    expect(copyField('a\tb\nc\rd\\e', 'text')).toBe('a\\tb\\nc\\rd\\\\e');
    expect(copyField('Сурхандарья', 'text')).toBe('Сурхандарья');
  });

  it('writes arrays as literals with every element quoted, and JSON and dates in their text form', () => {
    expect(copyField(['PAK', 'KAZ'], 'text[]')).toBe('{"PAK","KAZ"}');
    expect(copyField([], 'text[]')).toBe('{}');
    expect(copyField(['a "b"', 'c\\d', 'x,y'], 'text[]')).toBe('{"a \\\\"b\\\\"","c\\\\\\\\d","x,y"}');
    expect(copyField({ kind: 'value', note: 'two\nlines' }, 'jsonb')).toBe('{"kind":"value","note":"two\\\\nlines"}');
    expect(copyField(new Date('2026-11-20T03:00:00Z'), 'timestamptz')).toBe('2026-11-20T03:00:00.000Z');
    expect(copyField(37.25, 'double precision')).toBe('37.25');
  });

  it('keeps a json column’s text as given (a signed object keeps its bytes) and encodes a value that is not text', () => {
    expect(copyField('{"b":1, "a":"x\ty"}', 'json')).toBe('{"b":1, "a":"x\\ty"}');
    expect(copyField({ a: [1, 2] }, 'json')).toBe('{"a":[1,2]}');
  });

  it('writes one line per row, fields in column order separated by tabs', () => {
    expect(
      encodeCopyRows({ id: 'text', n: 'integer', tags: 'text[]' }, [
        { n: 1, id: 'a', tags: ['x'] },
        { id: 'b', n: null, tags: [] },
      ]),
    ).toBe('a\t1\t{"x"}\nb\t\\N\t{}\n');
  });
});
