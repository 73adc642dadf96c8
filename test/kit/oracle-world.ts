/**
 * The oracle's world stored in a test node: nations, communities, caveats, organisations and
 * users from makeWorld, each user with an API token — the setting of the releasability tests.
 */
import { directoryRepository } from '../../src/server/db/repositories/directory-repository';
import { userRepository } from '../../src/server/db/repositories/user-repository';
import { changeRepository } from '../../src/server/db/repositories/change-repository';
import { hashPassword } from '../../src/server/domain/auth/passwords';
import { publishDue } from '../../src/server/domain/taxii/publisher';
import { CAVEATS, COMMUNITIES, NATIONS, makeWorld, randomLabel } from '../oracle/random-labels';
import { makeToken } from './factories';
import { RECORD_MAKERS } from '../server/record-makers';
import type { MadeKind, StoredRecord } from '../server/record-makers';
import type { Random, World } from '../oracle/random-labels';
import type { TestNode } from './test-node';

export async function storeOracleWorld(
  node: TestNode,
  random: Random,
  users: number,
): Promise<{ world: World; tokens: Map<string, string> }> {
  const { ctx } = node;
  const world = makeWorld(random, users, () => ctx.ids.uuid());
  const directory = directoryRepository(ctx.database.db);
  for (const nation of NATIONS) await directory.insertNation(nation, `Nation ${nation}`);
  for (const [code, members] of Object.entries(COMMUNITIES)) {
    if (code === 'ALL-PARTNERS') continue; // built in: every nation
    await directory.insertCommunity(code, code);
    for (const member of members) await directory.addMembership(code, member, ctx.clock.now());
  }
  for (const caveat of CAVEATS) await directory.insertCaveat(caveat, caveat);
  for (const org of world.orgs.filter((o) => !o.clientOf))
    await directory.insertOrganisation({ id: org.id, nation: org.nation, name: org.id, client_of: null });
  for (const org of world.orgs.filter((o) => o.clientOf))
    await directory.insertOrganisation({ id: org.id, nation: org.nation, name: org.id, client_of: org.clientOf });
  const passwordHash = await hashPassword('not used by this test');
  await userRepository(ctx.database.db).insertMany(
    world.users.map((u) => ({
      id: u.id,
      username: u.id,
      display_name: u.id,
      org_id: u.org,
      roles: u.releasingOfficer ? ['releasing-officer'] : ['analyst'],
      clearance: u.clearance,
      caveats: u.caveats,
      language: 'en',
      password_hash: passwordHash,
      totp_secret: null,
      disabled_at: null,
      locked_until: null,
    })),
  );
  const tokens = new Map<string, string>();
  for (const user of world.users) {
    tokens.set(user.id, await makeToken(ctx, { id: user.id, username: user.id, org: user.org, nation: user.nation, actor: null as never }));
  }
  return { world, tokens };
}

/** Records with random labels (a tenth by a user of the world), some with a stricter field group. */
export function randomRecords(node: TestNode, random: Random, world: World, count: number): StoredRecord[] {
  const records: StoredRecord[] = [];
  for (let i = 0; i < count; i++) {
    const author = random.chance(0.1) ? random.pick(world.users) : null;
    const l = randomLabel(random, world, author ? { nation: author.nation, org: author.org } : undefined);
    const field = random.chance(0.3)
      ? { ...randomLabel(random, world), originatorNation: l.originatorNation, originatorOrg: l.originatorOrg, state: l.state }
      : null;
    records.push({ id: node.ctx.ids.uuid(), label: l, field });
  }
  return records;
}

/**
 * `perKind` random records of each kind, authored in the world, written by the record makers and
 * published (TAXII serves them): by id, with their kind.
 */
export async function publishedRandomRecords(node: TestNode, random: Random, world: World, kinds: readonly MadeKind[], perKind: number) {
  const records = new Map<string, StoredRecord & { kind: string }>();
  const made = new Map<string, StoredRecord[]>();
  for (const kind of kinds) {
    const batch = randomRecords(node, random, world, perKind);
    await RECORD_MAKERS[kind](node.ctx, batch, random, world.users[0]!.id, made);
    made.set(kind, batch);
    for (const r of batch) records.set(r.id, { ...r, kind });
    // The makers write rows directly; the change records are what the publisher follows.
    await changeRepository(node.ctx.database.db).record(
      batch.map((r) => ({ at: new Date(), record_kind: kind, record_id: r.id, version: kind === 'incident' ? 2 : 1, change: 'create' })),
    );
  }
  while ((await publishDue(node.ctx)) > 0);
  return records;
}
