/**
 * A seeded generator of directories, users and labels for the releasability property tests:
 * six or more nations, all levels, all TLP values, communities (one of them empty), caveats,
 * field labels, recalled and multi-version records. Labels are drawn freely (not only valid
 * ones), because the rule must hold for anything stored.
 */
import type { Label, Reader } from '../../src/shared/labels/label';
import type { SeededRandom } from '../../src/shared/seeded-random';
import type { Classification, Tlp } from '../../src/shared/vocab/levels';
import type { OracleLabel, OracleMembership, OracleUser } from './releasability-oracle';

export const LEVELS: Classification[] = ['UNCLASSIFIED', 'RESTRICTED', 'CONFIDENTIAL', 'SECRET'];
export const TLPS: Tlp[] = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'];
export const NATIONS = ['PAK', 'USA', 'KAZ', 'KGZ', 'TJK', 'UZB', 'MNG'];
export const CAVEATS = ['CT', 'NARC', 'CYBER'];
export const COMMUNITIES: OracleMembership = {
  'CENTRAL-ASIA': ['KAZ', 'KGZ', 'TJK', 'UZB'],
  'SOUTH-PAIR': ['PAK', 'USA'],
  'EMPTY-GROUP': [],
  'ALL-PARTNERS': NATIONS,
};

export { seededRandom } from '../../src/shared/seeded-random';
export type Random = SeededRandom;

export interface World {
  orgs: { id: string; nation: string; clientOf: string | null }[];
  users: OracleUser[];
}

export function makeWorld(random: Random, userCount: number, ids: () => string): World {
  const orgs: World['orgs'] = [];
  for (const nation of NATIONS) {
    const a = { id: ids(), nation, clientOf: null };
    const b = { id: ids(), nation, clientOf: null };
    orgs.push(a, b, { id: ids(), nation, clientOf: a.id });
  }
  const users: OracleUser[] = [];
  for (let i = 0; i < userCount; i++) {
    const org = random.pick(orgs);
    users.push({
      id: ids(),
      nation: org.nation,
      org: org.id,
      orgIsClientOf: org.clientOf,
      clearance: random.pick(LEVELS),
      caveats: random.subset(CAVEATS, 0.5),
      releasingOfficer: random.chance(0.2),
    });
  }
  return { orgs, users };
}

export function randomLabel(random: Random, world: World, author?: { nation: string; org: string }): OracleLabel {
  const org = author ?? random.pick(world.orgs);
  const tlp = random.pick(TLPS);
  return {
    originatorNation: org.nation,
    originatorOrg: 'org' in org ? org.org : (org as { id: string }).id,
    classification: random.pick(LEVELS),
    relTo: [org.nation, ...random.subset([...NATIONS, ...Object.keys(COMMUNITIES)], 0.2)],
    caveats: random.subset(CAVEATS, 0.25),
    tlp,
    recipientOrgs: tlp === 'AMBER' || tlp === 'AMBER+STRICT' || random.chance(0.1) ? random.subset(world.orgs, 0.15).map((o) => o.id) : [],
    recipientUsers: tlp === 'RED' || random.chance(0.1) ? random.subset(world.users, 0.15).map((u) => u.id) : [],
    state: random.chance(0.15) ? 'recalled' : 'active',
  };
}

export function toLabel(l: OracleLabel, version = 1): Label {
  return {
    originator: { nation: l.originatorNation, org: l.originatorOrg },
    classification: l.classification as Classification,
    relTo: l.relTo,
    caveats: l.caveats,
    tlp: l.tlp as Tlp,
    recipients: { orgs: l.recipientOrgs, users: l.recipientUsers },
    state: l.state as Label['state'],
    version,
  };
}

export function toReader(u: OracleUser, membership: OracleMembership = COMMUNITIES): Reader {
  return {
    userId: u.id,
    nation: u.nation,
    org: u.org,
    clientOf: u.orgIsClientOf,
    clearance: u.clearance as Classification,
    caveats: u.caveats,
    communities: Object.entries(membership)
      .filter(([, members]) => members.includes(u.nation))
      .map(([code]) => code),
    releasingOfficer: u.releasingOfficer,
  };
}
