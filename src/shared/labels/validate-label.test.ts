import { describe, expect, it } from 'vitest';
import { formatMarking } from './format-label';
import { validateLabel } from './validate-label';
import type { LabelDirectory } from './validate-label';
import type { LabelInput } from './label';

const directory: LabelDirectory = {
  nations: new Set(['PAK', 'KAZ', 'UZB', 'TJK']),
  communities: new Map([
    ['CENTRAL-ASIA', new Set(['KAZ', 'UZB', 'TJK'])],
    ['ALL-PARTNERS', new Set(['PAK', 'KAZ', 'UZB', 'TJK'])],
  ]),
  caveats: new Set(['CT', 'NARC']),
  orgs: new Map([['o-kaz', { nation: 'KAZ' }]]),
  users: new Map([['u-kaz', { nation: 'KAZ', org: 'o-kaz' }]]),
};
const author = { nation: 'PAK', org: 'o-pak' };
const input = (over: Partial<LabelInput> = {}): LabelInput => ({
  classification: 'CONFIDENTIAL',
  relTo: ['UZB', 'KAZ'],
  caveats: ['CT'],
  tlp: 'AMBER',
  recipients: { orgs: ['o-kaz'], users: [] },
  ...over,
});
const messages = (over: Partial<LabelInput>) => {
  const result = validateLabel(input(over), author, directory);
  return result.ok ? [] : result.issues.map((i) => i.message);
};

describe('write-time label validation (fails closed)', () => {
  it('accepts a valid label, adds the originator and normalises order', () => {
    const result = validateLabel(input(), author, directory);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.label.relTo).toEqual(['PAK', 'KAZ', 'UZB']);
    expect(result.label.originator).toEqual(author);
    expect(formatMarking(result.label)).toBe('CONFIDENTIAL//REL TO PAK, KAZ, UZB//CT TLP:AMBER');
  });
  it('rejects unknown nations, communities and caveats', () => {
    expect(messages({ relTo: ['XYZ'] })).toEqual(['Unknown nation "XYZ".']);
    expect(messages({ relTo: ['NOWHERE-CLUB'] })).toEqual(['Unknown nation or community "NOWHERE-CLUB".']);
    expect(messages({ caveats: ['SPECIAL'] })).toEqual(['Unknown caveat "SPECIAL".']);
  });
  it("rejects a community the author's nation is not a member of", () => {
    expect(messages({ relTo: ['CENTRAL-ASIA'] })[0]).toMatch(/may not be used by PAK/);
  });
  it('rejects CLEAR unless unclassified, uncaveated and released to all', () => {
    expect(
      messages({ tlp: 'CLEAR', classification: 'RESTRICTED', caveats: [], relTo: ['ALL-PARTNERS'], recipients: { orgs: [], users: [] } }),
    ).toHaveLength(1);
    expect(
      messages({ tlp: 'CLEAR', classification: 'UNCLASSIFIED', caveats: [], relTo: ['KAZ'], recipients: { orgs: [], users: [] } }),
    ).toHaveLength(1);
    expect(
      messages({
        tlp: 'CLEAR',
        classification: 'UNCLASSIFIED',
        caveats: ['CT'],
        relTo: ['ALL-PARTNERS'],
        recipients: { orgs: [], users: [] },
      }),
    ).toHaveLength(1);
    expect(
      messages({ tlp: 'CLEAR', classification: 'UNCLASSIFIED', caveats: [], relTo: ['ALL-PARTNERS'], recipients: { orgs: [], users: [] } }),
    ).toEqual([]);
  });
  it('rejects RED without named users and AMBER without named organisations', () => {
    expect(messages({ tlp: 'RED', recipients: { orgs: [], users: [] } })).toEqual(['TLP:RED requires at least one named recipient user.']);
    expect(messages({ tlp: 'AMBER', recipients: { orgs: [], users: [] } })).toEqual([
      'TLP:AMBER requires at least one named recipient organisation.',
    ]);
    expect(messages({ tlp: 'AMBER+STRICT', recipients: { orgs: [], users: [] } })).toHaveLength(1);
    expect(messages({ tlp: 'RED', recipients: { orgs: [], users: ['u-kaz'] } })).toEqual([]);
  });
  it('rejects unknown recipients', () => {
    expect(messages({ recipients: { orgs: ['o-nope'], users: [] } })).toEqual(['Unknown organisation "o-nope".']);
  });
  it('lists every problem, not the first', () => {
    expect(messages({ relTo: ['XYZ'], caveats: ['SPECIAL'], tlp: 'RED', recipients: { orgs: [], users: [] } })).toHaveLength(3);
  });
});

describe('canonical marking', () => {
  it('puts the originator first, then nations, then communities', () => {
    expect(
      formatMarking({
        originator: { nation: 'UZB', org: 'x' },
        classification: 'SECRET',
        relTo: ['UZB', 'CENTRAL-ASIA', 'PAK', 'KAZ'],
        caveats: ['NARC', 'CT'],
        tlp: 'GREEN',
      }),
    ).toBe('SECRET//REL TO UZB, KAZ, PAK, CENTRAL-ASIA//CT/NARC TLP:GREEN');
  });
});
