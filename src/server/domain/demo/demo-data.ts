/**
 * Demo data: six partner nations of the Islamabad conference, organisations per nation, one
 * account per role per nation and a few labelled notes. Invented; nothing in the code depends on it.
 */
import { directoryId } from '../directory/directory-ids';
import { ROLES } from '../../../shared/vocab/roles';
import { directoryRepository } from '../../db/repositories/directory-repository';
import { nodeRepository } from '../../db/repositories/node-repository';
import { userRepository } from '../../db/repositories/user-repository';
import { appendAudit } from '../audit/audit-log';
import { systemActor } from '../auth/actor';
import { hashPassword } from '../auth/passwords';
import { createNote } from '../notes/note-service';
import { loadUserActor } from '../auth/load-actor';
import { loadDemoIncidents } from './demo-incidents';
import { loadDemoScenario } from './demo-scenario';
import type { Classification } from '../../../shared/vocab/levels';
import type { Role } from '../../../shared/vocab/roles';
import type { Context } from '../../context';

export const DEMO_PASSWORD = 'concord-demo-password';
/** Base32; every demo node administrator uses it (demo only — real accounts get their own). */
export const DEMO_TOTP_SECRET = 'CONCORDDEMOTOTPSECRETABCDEFGHIJK';

export const DEMO_NATIONS = [
  { code: 'PAK', name: 'Pakistan' },
  { code: 'USA', name: 'United States' },
  { code: 'KAZ', name: 'Kazakhstan' },
  { code: 'KGZ', name: 'Kyrgyzstan' },
  { code: 'TJK', name: 'Tajikistan' },
  { code: 'UZB', name: 'Uzbekistan' },
] as const;

export const DEMO_COMMUNITIES = [
  { code: 'CENTRAL-ASIA', name: 'Central Asian partners', members: ['KAZ', 'KGZ', 'TJK', 'UZB'] },
  { code: 'ISLAMABAD-CONF', name: 'Regional Chiefs of Defence Staff Conference', members: ['PAK', 'USA', 'KAZ', 'KGZ', 'TJK', 'UZB'] },
] as const;

export const DEMO_CAVEATS = [
  { code: 'CT', name: 'Counter-terrorism' },
  { code: 'NARC', name: 'Counter-narcotics' },
  { code: 'CYBER', name: 'Cyber security' },
  { code: 'BORDER', name: 'Border security' },
] as const;

const ROLE_PROFILE: Record<Role, { clearance: Classification; caveats: string[]; org: 'hq' | 'intel' | 'liaison' }> = {
  viewer: { clearance: 'CONFIDENTIAL', caveats: [], org: 'liaison' },
  analyst: { clearance: 'SECRET', caveats: ['BORDER', 'CT', 'CYBER', 'NARC'], org: 'intel' },
  'duty-officer': { clearance: 'SECRET', caveats: ['BORDER', 'CT'], org: 'hq' },
  'releasing-officer': { clearance: 'SECRET', caveats: ['BORDER', 'CT', 'CYBER', 'NARC'], org: 'intel' },
  'exercise-planner': { clearance: 'CONFIDENTIAL', caveats: [], org: 'hq' },
  'dialogue-officer': { clearance: 'SECRET', caveats: [], org: 'hq' },
  'delegation-head': { clearance: 'SECRET', caveats: ['BORDER', 'CT'], org: 'hq' },
  'node-admin': { clearance: 'RESTRICTED', caveats: [], org: 'hq' },
};

export function demoUsername(nation: string, role: Role): string {
  return `${nation.toLowerCase()}.${role}`;
}

export async function isDemoLoaded(ctx: Context): Promise<boolean> {
  return (await nodeRepository(ctx.database.db).getSetting('demo.loaded')) === true;
}

/** Loads the demo data once; later calls do nothing. */
export async function loadDemoData(ctx: Context, progress: (line: string) => void = () => {}): Promise<boolean> {
  if (await isDemoLoaded(ctx)) return false;
  const now = ctx.clock.now();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const actor = systemActor('demo');
  progress(`loading demo data: 6 nations, 18 organisations, ${6 * ROLES.length} accounts`);
  const orgIds = new Map<string, string>();
  await ctx.database.transaction(async (tx) => {
    const directory = directoryRepository(tx.db);
    for (const nation of DEMO_NATIONS) await directory.insertNation(nation.code, nation.name);
    for (const community of DEMO_COMMUNITIES) {
      await directory.insertCommunity(community.code, community.name);
      for (const member of community.members) await directory.addMembership(community.code, member, now);
    }
    for (const caveat of DEMO_CAVEATS) await directory.insertCaveat(caveat.code, caveat.name);
    for (const nation of DEMO_NATIONS) {
      const hq = directoryId('org', nation.code, `${nation.code} Joint Staff Headquarters`);
      const intel = directoryId('org', nation.code, `${nation.code} Military Intelligence Directorate`);
      const liaison = directoryId('org', nation.code, `${nation.code} Border Liaison Cell`);
      await directory.insertOrganisation({ id: hq, nation: nation.code, name: `${nation.code} Joint Staff Headquarters`, client_of: null });
      await directory.insertOrganisation({
        id: intel,
        nation: nation.code,
        name: `${nation.code} Military Intelligence Directorate`,
        client_of: null,
      });
      await directory.insertOrganisation({
        id: liaison,
        nation: nation.code,
        name: `${nation.code} Border Liaison Cell`,
        client_of: intel,
      });
      orgIds.set(`${nation.code}:hq`, hq).set(`${nation.code}:intel`, intel).set(`${nation.code}:liaison`, liaison);
    }
    const users = DEMO_NATIONS.flatMap((nation) =>
      ROLES.map((role) => {
        const profile = ROLE_PROFILE[role];
        return {
          id: directoryId('user', demoUsername(nation.code, role)),
          username: demoUsername(nation.code, role),
          display_name: `${nation.name} ${role.replace(/-/g, ' ')}`,
          org_id: orgIds.get(`${nation.code}:${profile.org}`) as string,
          roles: [role],
          clearance: profile.clearance,
          caveats: profile.caveats,
          language: nation.code === 'PAK' ? 'en' : nation.code === 'USA' ? 'en' : 'ru',
          password_hash: passwordHash,
          totp_secret: role === 'node-admin' ? DEMO_TOTP_SECRET : null,
          disabled_at: null,
          locked_until: null,
        };
      }),
    );
    await userRepository(tx.db).insertMany(users);
    await nodeRepository(tx.db).setSetting('demo.loaded', true);
    await appendAudit(tx.db, ctx.clock, actor, [{ action: 'demo.load', details: { nations: DEMO_NATIONS.length, users: users.length } }]);
  });
  progress('loading demo notes');
  await loadDemoNotes(ctx, orgIds);
  return true;
}

/**
 * The demo's working scene (demo-scenario.ts) and its incidents, loaded after the node serves
 * (they take a second or two) and resumed after an interruption. Does nothing without the demo
 * directory or once done.
 */
export async function loadPendingDemoIncidents(ctx: Context, progress: (line: string) => void = () => {}): Promise<number> {
  const settings = nodeRepository(ctx.database.db);
  if (!ctx.config.demoIncidents || !(await isDemoLoaded(ctx)) || (await settings.getSetting('demo.incidents')) === true) return 0;
  const directory = directoryRepository(ctx.database.db);
  const authors = [];
  const orgsByNation = new Map<string, string[]>();
  for (const nation of DEMO_NATIONS) {
    const org = await directory.organisationByName(nation.code, `${nation.code} Military Intelligence Directorate`);
    const user = await userRepository(ctx.database.db).findByUsername(demoUsername(nation.code, 'analyst'));
    if (!org || !user) continue;
    authors.push({ userId: user.id, nation: nation.code, org: org.id });
    orgsByNation.set(nation.code, [org.id]);
  }
  if (authors.length === 0) return 0;
  await loadPendingDemoScene(ctx, progress);
  progress('generating demo incidents across the region (the node is already serving)');
  const count = await loadDemoIncidents(ctx, authors, {
    nations: DEMO_NATIONS.map((n) => n.code),
    communities: DEMO_COMMUNITIES.map((c) => ({ code: c.code, members: c.members })),
    caveats: DEMO_CAVEATS.map((c) => c.code),
    orgsByNation,
  });
  await settings.setSetting('demo.incidents', true);
  progress(`demo incidents ready: ${count}`);
  return count;
}

/** The demo's working scene (demo-scenario.ts), once; part of `loadPendingDemoIncidents`. */
export async function loadPendingDemoScene(ctx: Context, progress: (line: string) => void = () => {}): Promise<boolean> {
  const settings = nodeRepository(ctx.database.db);
  if (!(await isDemoLoaded(ctx)) || (await settings.getSetting('demo.scenario')) === true) return false;
  progress('setting the demo scene: duty desks, alerts, a crisis room, linked actors and indicators');
  await loadDemoScenario(ctx, demoUsername);
  await settings.setSetting('demo.scenario', true);
  return true;
}

async function loadDemoNotes(ctx: Context, orgIds: Map<string, string>): Promise<void> {
  const author = async (nation: string, role: Role) => {
    const user = await userRepository(ctx.database.db).findByUsername(demoUsername(nation, role));
    const actor = user && (await loadUserActor(ctx.database.db, user.id, 'session'));
    if (!actor) throw new Error('demo author missing');
    return actor;
  };
  const pakAnalyst = await author('PAK', 'analyst');
  const uzbAnalyst = await author('UZB', 'analyst');
  await createNote(ctx, pakAnalyst, {
    title: 'Conference follow-up: liaison points of contact',
    body: 'Each partner confirms its liaison desk for counter-terrorism coordination before the next dialogue round.',
    label: { classification: 'UNCLASSIFIED', relTo: ['ISLAMABAD-CONF'], caveats: [], tlp: 'GREEN', recipients: { orgs: [], users: [] } },
  });
  await createNote(ctx, pakAnalyst, {
    title: 'Cross-border movement reported near the northern frontier',
    body: 'Liaison reporting of increased movement along a known smuggling route; assessment pending.',
    label: {
      classification: 'RESTRICTED',
      relTo: ['KAZ', 'UZB'],
      caveats: ['BORDER'],
      tlp: 'AMBER',
      recipients: { orgs: [orgIds.get('KAZ:intel') as string, orgIds.get('UZB:intel') as string], users: [] },
    },
    sources: {
      text: 'Two border liaison reports (B2), one open-source item (C3).',
      label: {
        classification: 'CONFIDENTIAL',
        relTo: ['KAZ'],
        caveats: ['BORDER'],
        tlp: 'AMBER',
        recipients: { orgs: [orgIds.get('KAZ:intel') as string], users: [] },
      },
    },
  });
  await createNote(ctx, uzbAnalyst, {
    title: 'Narcotics seizure trend, third quarter',
    body: 'Seizures along the southern route rose; partners in the Central Asian community are asked to compare figures.',
    label: {
      classification: 'CONFIDENTIAL',
      relTo: ['CENTRAL-ASIA'],
      caveats: ['NARC'],
      tlp: 'GREEN',
      recipients: { orgs: [], users: [] },
    },
  });
}
