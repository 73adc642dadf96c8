import { describe, expect, it } from 'vitest';
import { oracleMayRead, oracleMayReadField, oracleMayReceive } from '../../../test/oracle/releasability-oracle';
import { CAVEATS, COMMUNITIES, NATIONS, makeWorld, randomLabel, seededRandom, toLabel, toReader } from '../../../test/oracle/random-labels';
import { canReadField, fieldLabelOf } from './field-labels';
import { canRead, canReadRecord, canReceive, readRule, recordRule } from './read-rule';
import { PARENT_KIND, parentKindsOf } from '../vocab/record-kinds';
import type { Label, Reader } from './label';

const reader = (over: Partial<Reader> = {}): Reader => ({
  userId: 'u-kaz',
  nation: 'KAZ',
  org: 'o-kaz',
  clientOf: null,
  clearance: 'SECRET',
  caveats: ['CT'],
  communities: ['ALL-PARTNERS'],
  releasingOfficer: false,
  ...over,
});
const label = (over: Partial<Label> = {}): Label => ({
  originator: { nation: 'PAK', org: 'o-pak' },
  classification: 'RESTRICTED',
  relTo: ['PAK', 'KAZ'],
  caveats: [],
  tlp: 'GREEN',
  recipients: { orgs: [], users: [] },
  state: 'active',
  version: 1,
  ...over,
});

describe('the read rule, step by step', () => {
  it('lets a released nation read and keeps others out', () => {
    expect(canRead(reader(), label())).toBe(true);
    expect(canRead(reader({ nation: 'TJK', org: 'o-tjk' }), label())).toBe(false);
  });
  it('lets the originating organisation read its drafts and recalled records, within its clearance and caveats', () => {
    const own = reader({ nation: 'PAK', org: 'o-pak', clearance: 'SECRET', caveats: ['NARC'] });
    expect(canRead(own, label({ state: 'recalled', classification: 'SECRET', caveats: ['NARC'] }))).toBe(true);
    // A draft: released to no one yet, readable in-house.
    expect(canRead(own, label({ relTo: ['PAK'], tlp: 'AMBER+STRICT', recipients: { orgs: ['o-other'], users: [] } }))).toBe(true);
  });
  it('binds the originating organisation by clearance and caveats too', () => {
    const uncleared = reader({ nation: 'PAK', org: 'o-pak', clearance: 'UNCLASSIFIED', caveats: [], releasingOfficer: true });
    expect(canRead(uncleared, label({ classification: 'SECRET' }))).toBe(false);
    expect(canRead(uncleared, label({ classification: 'UNCLASSIFIED', caveats: ['NARC'] }))).toBe(false);
    expect(canRead(uncleared, label({ classification: 'UNCLASSIFIED', state: 'recalled' }))).toBe(true);
  });
  it("keeps the originating organisation's TLP:RED records to named people and releasing officers", () => {
    const red = label({ tlp: 'RED', recipients: { orgs: [], users: ['u-author'] } });
    const colleague = reader({ nation: 'PAK', org: 'o-pak', userId: 'u-colleague' });
    expect(canRead(colleague, red)).toBe(false);
    expect(canRead({ ...colleague, userId: 'u-author' }, red)).toBe(true);
    expect(canRead({ ...colleague, releasingOfficer: true }, red)).toBe(true);
    expect(canRead({ ...colleague, releasingOfficer: true }, { ...red, state: 'recalled' })).toBe(true);
    // A releasing officer of another organisation of the same nation is not one of them.
    expect(canRead(reader({ nation: 'PAK', org: 'o-pak-2', releasingOfficer: true }), red)).toBe(false);
  });
  it('hides recalled records from everyone else', () => {
    expect(canRead(reader(), label({ state: 'recalled' }))).toBe(false);
  });
  it('requires clearance at or above the classification', () => {
    expect(canRead(reader({ clearance: 'RESTRICTED' }), label({ classification: 'CONFIDENTIAL' }))).toBe(false);
    expect(canRead(reader({ clearance: 'CONFIDENTIAL' }), label({ classification: 'CONFIDENTIAL' }))).toBe(true);
  });
  it('requires every caveat', () => {
    expect(canRead(reader({ caveats: ['CT'] }), label({ caveats: ['CT', 'NARC'] }))).toBe(false);
    expect(canRead(reader({ caveats: ['CT', 'NARC'] }), label({ caveats: ['CT', 'NARC'] }))).toBe(true);
  });
  it('admits members of a community in relTo, as of now', () => {
    const l = label({ relTo: ['PAK', 'CENTRAL-ASIA'] });
    expect(canRead(reader({ communities: ['CENTRAL-ASIA'] }), l)).toBe(true);
    expect(canRead(reader({ communities: [] }), l)).toBe(false);
  });
  it('applies the TLP gates', () => {
    expect(canRead(reader(), label({ tlp: 'AMBER', recipients: { orgs: ['o-kaz'], users: [] } }))).toBe(true);
    expect(
      canRead(reader({ org: 'o-kaz-client', clientOf: 'o-kaz' }), label({ tlp: 'AMBER', recipients: { orgs: ['o-kaz'], users: [] } })),
    ).toBe(true);
    expect(
      canRead(
        reader({ org: 'o-kaz-client', clientOf: 'o-kaz' }),
        label({ tlp: 'AMBER+STRICT', recipients: { orgs: ['o-kaz'], users: [] } }),
      ),
    ).toBe(false);
    expect(canRead(reader(), label({ tlp: 'RED', recipients: { orgs: ['o-kaz'], users: [] } }))).toBe(false);
    expect(canRead(reader(), label({ tlp: 'RED', recipients: { orgs: [], users: ['u-kaz'] } }))).toBe(true);
  });
  it('hides a stricter field group while the record stays readable', () => {
    const record = label();
    const field = fieldLabelOf(record, {
      classification: 'SECRET',
      relTo: ['PAK'],
      caveats: [],
      tlp: 'GREEN',
      recipients: { orgs: [], users: [] },
    });
    expect(canRead(reader(), record)).toBe(true);
    expect(canReadField(reader(), record, field)).toBe(false);
  });
  it('applies the node rule to a peer node', () => {
    const node = { nation: 'KAZ', communities: [], accreditation: 'SECRET' as const, caveats: ['CT'], orgs: ['o-kaz'], users: [] };
    expect(canReceive(node, label())).toBe(true);
    expect(canReceive({ ...node, nation: 'UZB' }, label())).toBe(false);
    expect(canReceive(node, label({ tlp: 'AMBER', recipients: { orgs: ['o-uzb'], users: [] } }))).toBe(false);
  });
});

describe('in-memory form against the independent oracle', () => {
  it('agrees on 120,000 random (user, label) pairs and 30,000 field labels', () => {
    const random = seededRandom(20251127);
    let n = 0;
    const world = makeWorld(random, 60, () => `id-${n++}`);
    let disagreements = 0;
    for (let i = 0; i < 120_000; i++) {
      const user = random.pick(world.users);
      const l = randomLabel(random, world, random.chance(0.2) ? { nation: user.nation, org: user.org } : undefined);
      if (canRead(toReader(user), toLabel(l)) !== oracleMayRead(user, l, COMMUNITIES)) disagreements++;
      if (i % 4 === 0) {
        const f = { ...randomLabel(random, world), originatorNation: l.originatorNation, originatorOrg: l.originatorOrg, state: l.state };
        const record = toLabel(l);
        if (canReadField(toReader(user), record, toLabel(f)) !== oracleMayReadField(user, l, f, COMMUNITIES)) disagreements++;
      }
    }
    expect(disagreements).toBe(0);
  });
});

describe('the node rule in memory against the independent oracle', () => {
  it('agrees on 60,000 random (peer node, label) pairs', () => {
    const random = seededRandom(20261206);
    let n = 0;
    const world = makeWorld(random, 60, () => `id-${n++}`);
    const levels = ['UNCLASSIFIED', 'RESTRICTED', 'CONFIDENTIAL', 'SECRET'] as const;
    let disagreements = 0;
    let received = 0;
    for (let i = 0; i < 60_000; i++) {
      const nation = random.pick(NATIONS);
      const node = {
        nation,
        accreditation: random.pick([...levels]),
        caveats: random.subset(CAVEATS, 0.5),
        // Who lives on the peer: its nation's organisations and people (some of them).
        orgs: random
          .subset(
            world.orgs.filter((o) => o.nation === nation),
            0.7,
          )
          .map((o) => o.id),
        users: random
          .subset(
            world.users.filter((u) => u.nation === nation),
            0.7,
          )
          .map((u) => u.id),
      };
      // The directory's view of the peer's communities: those it belongs to now.
      const communities = Object.keys(COMMUNITIES).filter((c) => COMMUNITIES[c]!.includes(nation));
      const l = randomLabel(random, world);
      const expected = oracleMayReceive(node, l, COMMUNITIES);
      if (expected) received++;
      if (canReceive({ ...node, communities }, toLabel(l)) !== expected) disagreements++;
    }
    expect(disagreements).toBe(0);
    // Both answers occur often enough to mean something.
    expect(received).toBeGreaterThan(1_000);
    expect(received).toBeLessThan(59_000);
  });
});

describe('a record read through its parent', () => {
  const crisis = label({ classification: 'RESTRICTED' });
  const secretCrisis = label({ classification: 'SECRET' });
  const entry = label({ classification: 'UNCLASSIFIED' });

  it('is read where its own label and its parent’s pass, and nowhere else', () => {
    expect(canReadRecord(reader(), 'crisis-entry', entry, [crisis])).toBe(true);
    expect(canReadRecord(reader({ clearance: 'RESTRICTED' }), 'crisis-entry', entry, [secretCrisis])).toBe(false);
    expect(canReadRecord(reader(), 'crisis-entry', label({ relTo: ['PAK'] }), [crisis])).toBe(false);
  });

  it('is not read when its parent is not here', () => {
    expect(canReadRecord(reader(), 'crisis-entry', entry, [])).toBe(false);
  });

  it('is read through every parent up the chain: minutes through their agenda item and its meeting', () => {
    const meeting = label({ classification: 'RESTRICTED' });
    const item = label({ classification: 'UNCLASSIFIED' });
    expect(parentKindsOf('minutes')).toEqual(['agenda-item', 'meeting']);
    expect(canReadRecord(reader(), 'minutes', entry, [item, meeting])).toBe(true);
    // The meeting is out of reach: so are its item's minutes, though the item's label passes.
    expect(canReadRecord(reader({ clearance: 'UNCLASSIFIED' }), 'minutes', entry, [item, meeting])).toBe(false);
    // The item (a sidebar for two other nations) is out of reach: so are its minutes.
    expect(canReadRecord(reader(), 'minutes', entry, [label({ relTo: ['PAK'] }), meeting])).toBe(false);
    // A chain not all here is not read.
    expect(canReadRecord(reader(), 'minutes', entry, [item])).toBe(false);
  });

  it('has parents that never go round in a loop', () => {
    for (const kind of Object.keys(PARENT_KIND)) expect(parentKindsOf(kind).length).toBeGreaterThan(0);
  });

  it('changes nothing for a kind without a parent', () => {
    expect(recordRule('incident', readRule(reader()))).toEqual(readRule(reader()));
    expect(canReadRecord(reader(), 'incident', entry)).toBe(canRead(reader(), entry));
  });
});
