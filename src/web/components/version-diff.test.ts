import { describe, expect, it } from 'vitest';
import { fieldChanges } from './version-diff';

const v1 = {
  title: 'Heroin seized at the Torkham crossing',
  narrative: 'Customs seized 40 kg in a fuel tanker.',
  occurredAt: '2026-11-20T03:00:00.000Z',
  place: { country: 'PAK', admin1: null, name: 'Torkham', lat: 34.1, lon: 71.1, precision: 'near', uncertaintyKm: 5 },
  casualties: { killed: { kind: 'unknown' }, wounded: { kind: 'unknown' }, abducted: { kind: 'unknown' } },
};

describe('fieldChanges', () => {
  it('names each changed field, title and narrative as words added and removed', () => {
    const v2 = {
      ...v1,
      title: 'Heroin and rifles seized at the Torkham crossing',
      place: { ...v1.place, admin1: 'Khyber Pakhtunkhwa', lat: 34.12 },
      casualties: { ...v1.casualties, killed: { kind: 'value', value: 2 } },
    };
    const changes = fieldChanges(v1, v2);
    expect(changes.map((c) => c.field)).toEqual(['title', 'place.admin1', 'place.lat', 'casualties.killed']);
    const title = changes[0];
    if (title?.kind !== 'words') throw new Error('title reads as words');
    expect(title.parts.filter((p) => p.added).map((p) => p.text.trim())).toEqual(['and rifles']);
    expect(title.parts.filter((p) => p.removed)).toEqual([]);
    expect(changes[1]).toEqual({ field: 'place.admin1', kind: 'value', before: null, after: 'Khyber Pakhtunkhwa' });
    expect(changes[3]).toEqual({
      field: 'casualties.killed',
      kind: 'value',
      before: { kind: 'unknown' },
      after: { kind: 'value', value: 2 },
    });
  });

  it('diffs words of non-Latin text, and treats missing, null and empty text alike', () => {
    const before = { narrative: 'Таможня изъяла груз', place: { name: '' } };
    const after = { narrative: 'Таможня задержала груз', place: {} };
    const [narrative, ...rest] = fieldChanges(before, after);
    expect(rest).toEqual([]);
    if (narrative?.kind !== 'words') throw new Error('narrative reads as words');
    expect(narrative.parts.filter((p) => p.removed).map((p) => p.text)).toEqual(['изъяла']);
    expect(narrative.parts.filter((p) => p.added).map((p) => p.text)).toEqual(['задержала']);
  });

  it('finds nothing between equal versions', () => {
    expect(fieldChanges(v1, structuredClone(v1))).toEqual([]);
  });
});
