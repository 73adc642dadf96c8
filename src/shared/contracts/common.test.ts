import { describe, expect, it } from 'vitest';
import { futureOccurrences, isoDateTime, unstorableText } from './common';

describe('unstorableText', () => {
  it('names every string the database could not store by its path, keys included', () => {
    const value = JSON.parse(
      '{"title":"a\\u0000b","place":{"name":"ok","tags":["x","\\ud800"]},"k\\u0000":1,"emoji":"\\ud83d\\ude00","text":"one\\ntwo\\u0000"}',
    );
    expect(unstorableText(value)).toEqual([
      { path: 'title', message: 'Contains a NUL character (U+0000) at position 2; remove it.' },
      {
        path: 'place.tags.1',
        message: 'Contains an unpaired UTF-16 surrogate (U+D800, not a character) at position 1; remove it.',
      },
      { path: 'k\\u0000', message: 'The name contains a NUL character (U+0000) at position 2; remove it.' },
      { path: 'text', message: 'Contains a NUL character (U+0000) at line 2, column 4; remove it.' },
    ]);
  });

  it('accepts paired surrogates and ordinary text, and stops at the limit', () => {
    expect(unstorableText({ a: '😀 Ишкашим اسلام آباد', b: [1, null, true] })).toEqual([]);
    expect(
      unstorableText(
        Array.from({ length: 50 }, () => '\u0000'),
        5,
      ),
    ).toHaveLength(5);
    expect(unstorableText('\udfff')[0]?.path).toBe('(root)');
  });
});

describe('isoDateTime', () => {
  const schema = isoDateTime();
  it('accepts instants from 1900 to the end of 9999, and nothing PostgreSQL or the product would not', () => {
    for (const ok of ['1900-01-01T00:00:00Z', '2026-11-27T03:00:00+05:00', '9999-12-31T23:59:59.999Z'])
      expect(schema.safeParse(ok).success, ok).toBe(true);
    for (const bad of ['0000-01-01T00:00:00Z', '1899-12-31T23:59:59Z', '1900-01-01T00:00:00+01:00', '9999-12-31T23:00:00-05:00', 'soon'])
      expect(schema.safeParse(bad).success, bad).toBe(false);
  });
});

describe('futureOccurrences', () => {
  const now = new Date('2026-12-01T00:00:00Z');
  it('allows a day ahead of now and refuses later, naming the field', () => {
    expect(futureOccurrences({ occurredAt: '2026-12-02T00:00:00Z', lastSeen: null, firstSeen: undefined }, now)).toEqual([]);
    expect(futureOccurrences({ occurredAt: '2026-12-02T00:00:01Z', other: new Date('9999-01-01T00:00:00Z') }, now)).toEqual([
      { path: 'occurredAt', message: expect.stringMatching(/at most a day ahead of now \(2026-12-02T00:00:00.000Z\)/) },
      { path: 'other', message: expect.any(String) },
    ]);
  });
});
