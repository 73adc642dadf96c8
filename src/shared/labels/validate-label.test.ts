import { describe, expect, it } from 'vitest';
import { formatMarking } from './format-label';
import { keepsEveryReader, validateLabel } from './validate-label';
import { canRead } from './read-rule';
import type { Label, LabelInput, Reader } from './label';
import type { LabelDirectory } from './validate-label';

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

describe('a TLP:RED label names its author', () => {
  it('adds the author to the named people, once', () => {
    const red = input({ tlp: 'RED', recipients: { orgs: [], users: ['u-kaz'] } });
    const result = validateLabel(red, { ...author, user: 'u-pak-author' }, { ...directory, users: new Map([...directory.users]) });
    expect(result.ok && result.label.recipients.users).toEqual(['u-kaz', 'u-pak-author']);
    // Naming the author oneself changes nothing, and a RED label still needs someone named by the client.
    const named = validateLabel({ ...red, recipients: { orgs: [], users: ['u-kaz'] } }, { ...author, user: 'u-kaz' }, directory);
    expect(named.ok && named.label.recipients.users).toEqual(['u-kaz']);
    const nobody = validateLabel({ ...red, recipients: { orgs: [], users: [] } }, { ...author, user: 'u-pak-author' }, directory);
    expect(nobody.ok).toBe(false);
  });
});

describe('a widening keeps every reader', () => {
  const base: Label = {
    originator: { nation: 'PAK', org: 'o-pak' },
    classification: 'CONFIDENTIAL',
    relTo: ['PAK', 'KAZ'],
    caveats: ['CT'],
    tlp: 'RED',
    recipients: { orgs: [], users: ['u-kaz'] },
    state: 'active',
    version: 2,
  };
  const orgOf = (user: string) => ({ 'u-kaz': 'o-kaz' })[user];
  const named: Reader = {
    userId: 'u-kaz',
    nation: 'KAZ',
    org: 'o-kaz',
    clientOf: null,
    clearance: 'SECRET',
    caveats: ['CT'],
    communities: [],
    releasingOfficer: false,
  };
  const next = (over: Partial<Label>): Label => ({ ...base, version: 3, ...over });
  it('refuses TLP:RED to a named person turned into AMBER for another organisation: it cuts them off', () => {
    const amberElsewhere = next({ tlp: 'AMBER', recipients: { orgs: ['o-uzb'], users: [] }, relTo: ['PAK', 'KAZ', 'UZB'] });
    expect(canRead(named, base)).toBe(true);
    expect(canRead(named, amberElsewhere)).toBe(false);
    expect(keepsEveryReader(base, amberElsewhere, orgOf)).toBe(false);
  });
  it("accepts AMBER naming the named person's organisation, or GREEN, and RED naming more people", () => {
    for (const wider of [
      next({ tlp: 'AMBER', recipients: { orgs: ['o-kaz', 'o-uzb'], users: [] } }),
      next({ tlp: 'AMBER+STRICT', recipients: { orgs: ['o-kaz'], users: [] } }),
      next({ tlp: 'GREEN', recipients: { orgs: [], users: [] } }),
      next({ recipients: { orgs: [], users: ['u-kaz', 'u-other'] }, relTo: ['PAK', 'KAZ', 'UZB'] }),
    ]) {
      expect(keepsEveryReader(base, wider, orgOf)).toBe(true);
      expect(canRead(named, wider)).toBe(true);
    }
  });
  it('refuses anything that raises the level, adds a caveat, drops an audience or tightens the gate', () => {
    const amber: Label = { ...base, tlp: 'AMBER', recipients: { orgs: ['o-kaz'], users: [] } };
    expect(keepsEveryReader(base, next({ classification: 'SECRET' }), orgOf)).toBe(false);
    expect(keepsEveryReader(base, next({ caveats: ['CT', 'NARC'] }), orgOf)).toBe(false);
    expect(keepsEveryReader(base, next({ relTo: ['PAK'] }), orgOf)).toBe(false);
    expect(keepsEveryReader(amber, { ...amber, tlp: 'AMBER+STRICT' }, orgOf)).toBe(false);
    expect(keepsEveryReader(amber, { ...amber, tlp: 'RED', recipients: { orgs: [], users: ['u-kaz'] } }, orgOf)).toBe(false);
    // Someone the directory does not know cannot be shown to stay a reader.
    expect(keepsEveryReader(base, next({ tlp: 'AMBER', recipients: { orgs: ['o-kaz'], users: [] } }), () => undefined)).toBe(false);
  });
});
