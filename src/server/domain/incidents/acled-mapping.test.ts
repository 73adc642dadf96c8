import { describe, expect, it } from 'vitest';
import { isSubtypeOf } from '../../../shared/vocab/incident-types';
import { ACLED_EVENT_TYPES, countryCode, eventDate, mapEventType } from './acled-mapping';
import type { IncidentDomain } from '../../../shared/vocab/incident-types';

describe('the ACLED mapping', () => {
  it("maps every one of ACLED's 25 sub-event types to a Concord domain and one of its subtypes", () => {
    const pairs = Object.entries(ACLED_EVENT_TYPES).flatMap(([type, subs]) => Object.keys(subs).map((sub) => [type, sub] as const));
    expect(pairs).toHaveLength(25);
    for (const [type, sub] of pairs) {
      const mapped = mapEventType(type.toUpperCase(), ` ${sub} `);
      expect(mapped && isSubtypeOf(mapped.domain as IncidentDomain, mapped.subtype), `${type} / ${sub}`).toBe(true);
    }
    expect(mapEventType('Battles', 'Armed clash', ['Police Forces of Kazakhstan (2019-)'])?.subtype).toBe('clash-with-armed-group');
    expect(mapEventType('Battles', 'Armed clash', ['Islamic State', undefined])?.subtype).toBe('clash-between-armed-groups');
    expect(mapEventType('Battles', 'Ambush')).toBeUndefined();
  });

  it('reads countries by code, English name or ISO number, and dates in both of ACLED’s formats', () => {
    expect([countryCode('uzb', undefined), countryCode('Kyrgyzstan', '417'), countryCode('', '4'), countryCode('Atlantis', '')]).toEqual([
      'UZB',
      'KGZ',
      'AFG',
      'Atlantis',
    ]);
    expect([eventDate('2026-10-02'), eventDate('2 October 2026'), eventDate('02-Oct-2026'), eventDate('10/02/2026')]).toEqual([
      '2026-10-02T00:00:00Z',
      '2026-10-02T00:00:00Z',
      '2026-10-02T00:00:00Z',
      '10/02/2026',
    ]);
  });
});
