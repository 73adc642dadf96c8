import { describe, expect, it } from 'vitest';
import { dominantLabel, fieldLabelOf } from './field-labels';
import { formatMarking } from './format-label';
import type { Label } from './label';

const record: Label = {
  originator: { nation: 'PAK', org: 'o-pak' },
  classification: 'RESTRICTED',
  relTo: ['PAK', 'KAZ', 'CENTRAL-ASIA'],
  caveats: ['CT'],
  tlp: 'GREEN',
  recipients: { orgs: [], users: [] },
  state: 'active',
  version: 3,
};
const membership = new Map([['CENTRAL-ASIA', new Set(['KAZ', 'UZB', 'TJK'])]]);

describe('the dominant label of a record and its field group', () => {
  it('takes the highest classification, the intersection of audiences, the union of caveats and the strictest TLP', () => {
    const field = fieldLabelOf(record, {
      classification: 'CONFIDENTIAL',
      relTo: ['PAK', 'UZB', 'USA'],
      caveats: ['NARC'],
      tlp: 'AMBER',
      recipients: { orgs: ['o-uzb'], users: [] },
    });
    const dominant = dominantLabel(record, field, membership);
    expect(dominant).toMatchObject({
      classification: 'CONFIDENTIAL',
      relTo: ['PAK', 'UZB'],
      caveats: ['CT', 'NARC'],
      tlp: 'AMBER',
      recipients: { orgs: ['o-uzb'], users: [] },
    });
    expect(formatMarking(dominant)).toBe('CONFIDENTIAL//REL TO PAK, UZB//CT/NARC TLP:AMBER');
  });
  it('inherits originator, state and version from the record', () => {
    const field = fieldLabelOf(
      { ...record, state: 'recalled' },
      { classification: 'SECRET', relTo: ['PAK'], caveats: [], tlp: 'GREEN', recipients: { orgs: [], users: [] } },
    );
    expect(field).toMatchObject({ originator: record.originator, state: 'recalled', version: 3 });
  });
});
