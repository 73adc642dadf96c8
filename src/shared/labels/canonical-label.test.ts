import { describe, expect, it } from 'vitest';
import { canonicalLabel } from './canonical-label';
import type { Label } from './label';

const label = (over: Partial<Label>): Label => ({
  originator: { nation: 'PAK', org: 'org-pak' },
  classification: 'RESTRICTED',
  relTo: ['PAK'],
  caveats: [],
  tlp: 'GREEN',
  recipients: { orgs: [], users: [] },
  state: 'active',
  version: 1,
  ...over,
});

describe('canonicalLabel', () => {
  it('gives one form whatever order and repeats the parts arrive in', () => {
    const a = label({
      relTo: ['UZB', 'KAZ', 'CENTRAL-ASIA', 'PAK', 'KAZ'],
      caveats: ['NARC', 'CT', 'NARC'],
      recipients: { orgs: ['o2', 'o1'], users: ['u2', 'u1', 'u2'] },
    });
    const b = label({
      relTo: ['CENTRAL-ASIA', 'KAZ', 'UZB'],
      caveats: ['CT', 'NARC'],
      recipients: { orgs: ['o1', 'o2'], users: ['u1', 'u2'] },
    });
    expect(canonicalLabel(a)).toEqual(canonicalLabel(b));
    expect(canonicalLabel(a)).toMatchObject({
      relTo: ['PAK', 'CENTRAL-ASIA', 'KAZ', 'UZB'],
      caveats: ['CT', 'NARC'],
      recipients: { orgs: ['o1', 'o2'], users: ['u1', 'u2'] },
    });
  });

  it('leaves a canonical label as it is', () => {
    const canonical = canonicalLabel(label({ relTo: ['KAZ', 'PAK'] }));
    expect(canonicalLabel(canonical)).toEqual(canonical);
  });
});
