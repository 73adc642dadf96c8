/**
 * S1 and S2: the releasability property test over every read path the router holds, against the
 * independent oracle; and "unreadable equals missing", byte for byte, on every record path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directoryRepository } from '../../src/server/db/repositories/directory-repository';
import { noteRepository } from '../../src/server/db/repositories/note-repository';
import { userRepository } from '../../src/server/db/repositories/user-repository';
import { labelToColumns } from '../../src/server/db/label-columns';
import { hashPassword } from '../../src/server/domain/auth/passwords';
import { oracleMayRead, oracleMayReadField } from '../oracle/releasability-oracle';
import { CAVEATS, COMMUNITIES, NATIONS, makeWorld, randomLabel, seededRandom, toLabel } from '../oracle/random-labels';
import { makeToken } from '../kit/factories';
import { bearer } from '../kit/http';
import { startTestNode } from '../kit/test-node';
import { readPathsOf } from './read-paths';
import type { OracleLabel, OracleUser } from '../oracle/releasability-oracle';
import type { World } from '../oracle/random-labels';
import type { TestNode } from '../kit/test-node';

const USERS = 40;
const RECORDS = 2_600;
const SAMPLED_PER_USER = 100;

interface StoredRecord {
  id: string;
  label: OracleLabel;
  field: OracleLabel | null;
}

let node: TestNode;
let world: World;
let records: StoredRecord[];
const tokens = new Map<string, string>();
const random = seededRandom(Number(process.env.CONCORD_PROPERTY_SEED ?? 2025_07_15));

beforeAll(async () => {
  node = await startTestNode();
  const { ctx } = node;
  world = makeWorld(random, USERS, () => ctx.ids.uuid());
  const directory = directoryRepository(ctx.database.db);
  for (const nation of NATIONS) await directory.insertNation(nation, `Nation ${nation}`);
  for (const [code, members] of Object.entries(COMMUNITIES)) {
    if (code === 'ALL-PARTNERS') continue; // built in: every nation
    await directory.insertCommunity(code, code);
    for (const member of members) await directory.addMembership(code, member, ctx.clock.now());
  }
  for (const caveat of CAVEATS) await directory.insertCaveat(caveat, caveat);
  for (const org of world.orgs.filter((o) => !o.clientOf)) await directory.insertOrganisation({ id: org.id, nation: org.nation, name: org.id, client_of: null });
  for (const org of world.orgs.filter((o) => o.clientOf)) await directory.insertOrganisation({ id: org.id, nation: org.nation, name: org.id, client_of: org.clientOf });
  const passwordHash = await hashPassword('not used by this test');
  await userRepository(ctx.database.db).insertMany(
    world.users.map((u) => ({
      id: u.id,
      username: u.id,
      display_name: u.id,
      org_id: u.org,
      roles: ['analyst'],
      clearance: u.clearance,
      caveats: u.caveats,
      language: 'en',
      password_hash: passwordHash,
      totp_secret: null,
      disabled_at: null,
      locked_until: null,
    })),
  );
  const createdBy = world.users[0]!.id;
  records = [];
  const now = Date.now();
  for (let i = 0; i < RECORDS; i++) {
    const author = random.chance(0.1) ? random.pick(world.users) : null;
    const l = randomLabel(random, world, author ? { nation: author.nation, org: author.org } : undefined);
    const field = random.chance(0.3) ? { ...randomLabel(random, world), originatorNation: l.originatorNation, originatorOrg: l.originatorOrg, state: l.state } : null;
    records.push({ id: ctx.ids.uuid(), label: l, field });
  }
  const rows = records.map((r, i) => {
    const version = random.chance(0.1) ? 2 + Math.floor(random.next() * 3) : 1;
    const at = new Date(now - i * 1000);
    return {
      id: r.id,
      version,
      title: `record ${i}`,
      body: '',
      sources_text: r.field ? `sources ${i}` : null,
      sources_label: r.field
        ? JSON.stringify({ classification: r.field.classification, relTo: r.field.relTo, caveats: r.field.caveats, tlp: r.field.tlp, recipients: { orgs: r.field.recipientOrgs, users: r.field.recipientUsers } })
        : null,
      created_by: createdBy,
      created_at: at,
      updated_at: at,
      ...labelToColumns(toLabel(r.label, version)),
    };
  });
  for (let i = 0; i < rows.length; i += 500) await noteRepository(ctx.database.db).insertMany(rows.slice(i, i + 500));
  for (const user of world.users) {
    tokens.set(user.id, await makeToken(ctx, { id: user.id, username: user.id, org: user.org, nation: user.nation, actor: null as never }));
  }
});
afterAll(() => node.close());

const getUrls = () => node.app.registered.filter((r) => r.method === 'GET').map((r) => r.url);

describe('read paths', () => {
  it('every GET route in the router declares how it reads labelled records', () => {
    const { paths, undeclared } = readPathsOf(node.app, getUrls());
    expect(undeclared).toEqual([]);
    expect(paths.some((p) => p.reads.kind === 'record')).toBe(true);
    expect(paths.some((p) => p.reads.kind === 'list')).toBe(true);
  });
});

describe('S1: every read path agrees with the oracle', () => {
  it('over at least 100,000 (user, record, read path) triples, with zero disagreements', async () => {
    const { paths } = readPathsOf(node.app, getUrls());
    const started = performance.now();
    let triples = 0;
    const disagreements: string[] = [];
    const check = (user: OracleUser, record: StoredRecord, visible: boolean, sourcesShown: boolean | null, path: string) => {
      triples++;
      const expected = oracleMayRead(user, record.label, COMMUNITIES);
      if (visible !== expected) disagreements.push(`${path}: user ${user.id} record ${record.id} visible=${visible} oracle=${expected}`);
      if (visible && sourcesShown !== null) {
        const expectedField = record.field ? oracleMayReadField(user, record.label, record.field, COMMUNITIES) : false;
        if (sourcesShown !== expectedField) disagreements.push(`${path} (sources): user ${user.id} record ${record.id}`);
      }
    };
    const byId = new Map(records.map((r) => [r.id, r]));
    for (const path of paths) {
      if (path.reads.kind === 'none') continue;
      for (const user of world.users) {
        const headers = bearer(tokens.get(user.id)!);
        if (path.reads.kind === 'list') {
          const shown = new Map<string, boolean>();
          let cursor: string | null = null;
          do {
            const response = await node.app.http.inject({ method: 'GET', url: `${path.url}?limit=200${cursor ? `&cursor=${cursor}` : ''}`, headers });
            expect(response.statusCode).toBe(200);
            const page = response.json() as { items: { id: string; sources?: unknown }[]; next: string | null };
            for (const item of page.items) shown.set(item.id, item.sources !== undefined);
            cursor = page.next;
          } while (cursor);
          for (const record of records) check(user, record, shown.has(record.id), shown.get(record.id) ?? null, path.url);
          for (const id of shown.keys()) if (!byId.has(id)) disagreements.push(`${path.url}: unknown id ${id}`);
        } else {
          for (let i = 0; i < SAMPLED_PER_USER; i++) {
            const record = random.pick(records);
            const response = await node.app.http.inject({ method: 'GET', url: path.url.replace(':id', record.id), headers });
            const visible = response.statusCode === 200;
            if (!visible && response.statusCode !== 404) disagreements.push(`${path.url}: status ${response.statusCode}`);
            check(user, record, visible, visible ? response.json().sources !== undefined : null, path.url);
          }
        }
      }
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(`releasability property test: ${triples} triples in ${seconds.toFixed(1)} s (${Math.round(triples / seconds)} triples/s, ${node.ctx.database.kind})`);
    expect(disagreements.slice(0, 10)).toEqual([]);
    expect(triples).toBeGreaterThanOrEqual(100_000);
  });
});

describe('S2: an unreadable record answers exactly as a missing one', () => {
  it('on every record read path, byte for byte', async () => {
    const { paths } = readPathsOf(node.app, getUrls());
    const recordPaths = paths.filter((p) => p.reads.kind === 'record');
    expect(recordPaths.length).toBeGreaterThan(0);
    let compared = 0;
    for (const path of recordPaths) {
      for (const user of world.users.slice(0, 10)) {
        const hidden = records.find((r) => !oracleMayRead(user, r.label, COMMUNITIES));
        if (!hidden) continue;
        const headers = bearer(tokens.get(user.id)!);
        const unreadable = await node.app.http.inject({ method: 'GET', url: path.url.replace(':id', hidden.id), headers });
        const missing = await node.app.http.inject({ method: 'GET', url: path.url.replace(':id', node.ctx.ids.uuid()), headers });
        expect(unreadable.statusCode).toBe(404);
        expect(unreadable.statusCode).toBe(missing.statusCode);
        expect(unreadable.body).toBe(missing.body);
        for (const header of ['content-type', 'content-length', 'cache-control']) expect(unreadable.headers[header]).toBe(missing.headers[header]);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(0);
  });
});
