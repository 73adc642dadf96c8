import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { formulaSafeCell } from './csv-cells';

const write = (rows: unknown[][]) => stringify(rows, { header: true, columns: ['text', 'number'], cast: { string: formulaSafeCell } });

describe('formulaSafeCell', () => {
  const triggers = ['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20'];

  it('writes text a spreadsheet would run as a formula with a leading apostrophe, quoted', () => {
    const texts = triggers.map((c) => `${c}HYPERLINK("https://evil.example","x")`);
    const file = write(texts.map((text) => [text, 1]));
    const [, ...rows] = parse(file, { relax_quotes: false }) as string[][];
    expect(rows.map((r) => r[0])).toEqual(texts.map((t) => `'${t}`));
    for (const text of texts) expect(file).toContain(`"'${text.replace(/"/g, '""')}"`);
  });

  it('leaves other text as it was and numbers as numbers, negative ones included', () => {
    const file = write([
      ['Torkham crossing', -33.9],
      ['a=b', 71.1],
      ['', 0],
    ]);
    expect(file).toBe('text,number\nTorkham crossing,-33.9\na=b,71.1\n,0\n');
  });

  it('neutralises a number that arrives as text', () => {
    expect(formulaSafeCell('-5')).toEqual({ value: "'-5", quoted: true });
  });
});
