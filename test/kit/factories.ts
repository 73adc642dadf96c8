/**
 * Factories, not fixtures: each creates what it needs (nation, community, organisation, user,
 * note) straight through the repositories and services the product uses.
 */
import { directoryRepository } from '../../src/server/db/repositories/directory-repository';
import { userRepository } from '../../src/server/db/repositories/user-repository';
import { hashPassword } from '../../src/server/domain/auth/passwords';
import { loadUserActor } from '../../src/server/domain/auth/load-actor';
import { createToken } from '../../src/server/domain/auth/auth-service';
import { systemActor } from '../../src/server/domain/auth/actor';
import { createNote } from '../../src/server/domain/notes/note-service';
import { LEGACY_TOKEN_SCOPES } from '../../src/shared/vocab/token-scopes';
import type { NoteCreateRequest } from '../../src/shared/contracts/notes';
import type { LabelInput } from '../../src/shared/labels/label';
import type { Classification } from '../../src/shared/vocab/levels';
import type { Role } from '../../src/shared/vocab/roles';
import type { TokenScope } from '../../src/shared/vocab/token-scopes';
import type { Context } from '../../src/server/context';
import type { UserActor } from '../../src/server/domain/auth/actor';

export const TEST_PASSWORD = 'correct horse battery staple';
let passwordHash: Promise<string> | null = null;
const testPasswordHash = () => (passwordHash ??= hashPassword(TEST_PASSWORD));

const NAMES: Record<string, string> = {
  PAK: 'Pakistan',
  USA: 'United States',
  KAZ: 'Kazakhstan',
  KGZ: 'Kyrgyzstan',
  TJK: 'Tajikistan',
  UZB: 'Uzbekistan',
};

export async function makeNation(ctx: Context, code: string): Promise<string> {
  await directoryRepository(ctx.database.db).insertNation(code, NAMES[code] ?? `Nation ${code}`);
  return code;
}

export async function makeCommunity(ctx: Context, code: string, members: string[]): Promise<string> {
  const repo = directoryRepository(ctx.database.db);
  await repo.insertCommunity(code, `Community ${code}`);
  for (const member of members) {
    await makeNation(ctx, member);
    await repo.addMembership(code, member, ctx.clock.now());
  }
  return code;
}

export async function makeCaveat(ctx: Context, code: string): Promise<string> {
  await directoryRepository(ctx.database.db).insertCaveat(code, `Caveat ${code}`);
  return code;
}

export async function makeOrg(ctx: Context, nation: string, name?: string, clientOf: string | null = null): Promise<string> {
  await makeNation(ctx, nation);
  const id = ctx.ids.uuid();
  await directoryRepository(ctx.database.db).insertOrganisation({
    id,
    nation,
    name: name ?? `${nation} org ${id.slice(0, 8)}`,
    client_of: clientOf,
  });
  return id;
}

export interface MadeUser {
  id: string;
  username: string;
  org: string;
  nation: string;
  actor: UserActor;
}

export async function makeUser(
  ctx: Context,
  options: {
    nation?: string;
    org?: string;
    roles?: Role[];
    clearance?: Classification;
    caveats?: string[];
    username?: string;
    totpSecret?: string | null;
    email?: string;
    language?: string;
  } = {},
): Promise<MadeUser> {
  const nation = options.nation ?? 'PAK';
  await makeNation(ctx, nation);
  const org = options.org ?? (await makeOrg(ctx, nation));
  const id = ctx.ids.uuid();
  const username = options.username ?? `user-${id.slice(0, 8)}`;
  for (const caveat of options.caveats ?? []) await makeCaveat(ctx, caveat);
  await userRepository(ctx.database.db).insert({
    id,
    username,
    display_name: username,
    org_id: org,
    roles: options.roles ?? ['analyst'],
    clearance: options.clearance ?? 'SECRET',
    caveats: options.caveats ?? [],
    language: options.language ?? 'en',
    password_hash: await testPasswordHash(),
    totp_secret: options.totpSecret ?? null,
    email: options.email ?? null,
    disabled_at: null,
    locked_until: null,
  });
  const actor = await loadUserActor(ctx.database.db, id, 'session');
  if (!actor) throw new Error('user not loadable');
  return { id, username, org, nation, actor };
}

/** Reloads the actor (after a directory change) — the product does this on every request. */
export async function reloadActor(ctx: Context, user: MadeUser): Promise<UserActor> {
  const actor = await loadUserActor(ctx.database.db, user.id, 'session');
  if (!actor) throw new Error('user gone');
  return actor;
}

/** An API token made at the console; by default with the scopes tokens had before scopes existed. */
export async function makeToken(ctx: Context, user: MadeUser, scopes: TokenScope[] = [...LEGACY_TOKEN_SCOPES]): Promise<string> {
  return (await createToken(ctx, systemActor('test'), user.id, { name: 'test', expiresInDays: 1, scopes })).token;
}

export const label = (overrides: Partial<LabelInput> = {}): LabelInput => ({
  classification: 'UNCLASSIFIED',
  relTo: [],
  caveats: [],
  tlp: 'GREEN',
  recipients: { orgs: [], users: [] },
  ...overrides,
});

/** A valid `POST /api/incidents` body: a narcotics seizure at Torkham, RESTRICTED and released to KAZ. */
export const incidentBody = (title: string, over: object = {}) => ({
  domain: 'narcotics',
  subtype: 'seizure',
  title,
  narrative: 'Customs seized 40 kg concealed in a fuel tanker.',
  occurredAt: '2026-11-20T03:00:00Z',
  timePrecision: 'day',
  place: { country: 'PAK', name: 'Torkham', point: { lat: 34.1, lon: 71.1 }, precision: 'near', uncertaintyKm: 5 },
  label: label({ classification: 'RESTRICTED', relTo: ['KAZ'] }),
  ...over,
});

/**
 * A `POST /api/incidents` body with every field filled (exact time, a place with its province,
 * casualties of each form, sources): an attack on a checkpost near Chaman. `sources` and `label`
 * come from the caller, and `over` replaces any field.
 */
export const fullIncidentBody = (over: object = {}) => ({
  domain: 'terrorism-militancy',
  subtype: 'attack-on-security-forces',
  title: 'Checkpost attacked near Chaman',
  narrative: 'Two attackers, one device.',
  occurredAt: '2026-11-20T02:30:00Z',
  timePrecision: 'exact',
  place: { country: 'PAK', admin1: 'Balochistan', name: 'Chaman', point: { lat: 30.92, lon: 66.45 }, precision: 'near', uncertaintyKm: 3 },
  casualties: { killed: { kind: 'value', value: 2 }, wounded: { kind: 'range', min: 1, max: 4 }, abducted: { kind: 'unknown' } },
  ...over,
});

export async function makeNote(ctx: Context, author: MadeUser, overrides: Partial<NoteCreateRequest> = {}) {
  const actor = await reloadActor(ctx, author);
  return createNote(ctx, actor, { title: 'A note', body: 'Body', label: label(), ...overrides });
}
