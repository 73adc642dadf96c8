/**
 * What a partner's record becomes on the node that receives it, and what never gets there. Two
 * nodes (PAK and KAZ) on 127.0.0.1 share one directory in which UZB has no node. PAK holds KAZ's
 * node to CONFIDENTIAL with NARC.
 *
 * - Sources labelled more strictly than their incident leave KAZ's TAXII, its API and its exports
 *   only to KAZ readers of the sources' label, as on PAK.
 * - A record released to the built-in ALL-PARTNERS community reaches KAZ's node (membership counts
 *   for nodes as for people).
 * - A record that reaches no partner node it was released to shows on PAK's Federation API, per
 *   record and per audience, with the reason, and only to administrators who may read it.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as receivedFieldGroups from '../../src/server/db/migrations/0031-received-field-groups';
import { addPeer, ownInvite } from '../../src/server/domain/federation/peer-service';
import { pullFrom } from '../../src/server/domain/federation/pull';
import { systemActor } from '../../src/server/domain/auth/actor';
import { COLLECTION_ID } from '../../src/server/domain/taxii/taxii-service';
import { publishDue } from '../../src/server/domain/taxii/publisher';
import { EXTENSIONS } from '../../src/server/domain/stix/stix-vocab';
import { label, makeCaveat, makeCommunity, makeOrg, makeToken, makeUser } from '../kit/factories';
import { anyVersion, bearer, signIn, withSession } from '../kit/http';
import { freePort } from '../kit/free-port';
import { startTestNode } from '../kit/test-node';
import type { TestNode } from '../kit/test-node';
import { shareDirectory } from '../kit/shared-directory';

type Key = 'pak' | 'kaz';
const nodes = {} as Record<Key, TestNode>;
const tokens: Record<string, string> = {};
let analystName: string;
const ctxOf = (key: Key) => nodes[key].ctx;
const taxii = `/taxii2/api/collections/${COLLECTION_ID}`;

beforeAll(async () => {
  for (const [key, nation] of [
    ['pak', 'PAK'],
    ['kaz', 'KAZ'],
  ] as const) {
    const port = await freePort();
    const node = await startTestNode(nation, { CONCORD_PUBLIC_URL: `http://127.0.0.1:${port}`, CONCORD_OUTBOUND_ALLOW: 'loopback' });
    await node.app.http.listen({ port, host: '127.0.0.1' });
    nodes[key] = node;
  }
  const pak = ctxOf('pak');
  await makeCaveat(pak, 'NARC');
  await makeCommunity(pak, 'SILK-ROAD', ['PAK', 'KAZ', 'UZB']);
  const pakOrg = await makeOrg(pak, 'PAK', 'PAK intelligence');
  const people = {
    analyst: await makeUser(pak, { nation: 'PAK', org: pakOrg, roles: ['analyst'], caveats: ['NARC'] }),
    releaser: await makeUser(pak, { nation: 'PAK', org: pakOrg, roles: ['releasing-officer'], caveats: ['NARC'] }),
    pakAdmin: await makeUser(pak, { nation: 'PAK', roles: ['node-admin'], caveats: ['NARC'] }),
    pakAdminUncleared: await makeUser(pak, { nation: 'PAK', roles: ['node-admin'], clearance: 'UNCLASSIFIED' }),
    kazViewer: await makeUser(pak, { nation: 'KAZ', roles: ['viewer'], clearance: 'CONFIDENTIAL' }),
    kazNarc: await makeUser(pak, { nation: 'KAZ', roles: ['viewer'], clearance: 'CONFIDENTIAL', caveats: ['NARC'] }),
  };
  // Partner nodes share one directory: made on PAK, copied to KAZ.
  await shareDirectory(pak, ctxOf('kaz'));
  analystName = people.analyst.username;
  for (const who of ['analyst', 'releaser'] as const) tokens[who] = await makeToken(pak, people[who]);
  for (const who of ['pakAdmin', 'pakAdminUncleared'] as const) tokens[who] = await makeToken(pak, people[who], ['read', 'admin']);
  for (const who of ['kazViewer', 'kazNarc'] as const) tokens[who] = await makeToken(ctxOf('kaz'), people[who]);
  const admin = systemActor('test');
  await addPeer(pak, admin, await ownInvite(ctxOf('kaz'), admin), { accreditation: 'CONFIDENTIAL', caveats: ['NARC'] });
  await addPeer(ctxOf('kaz'), admin, await ownInvite(pak, admin), { accreditation: 'SECRET', caveats: ['NARC'] });
});
afterAll(async () => {
  for (const node of Object.values(nodes)) await node.close();
});

const call = (at: Key, who: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  nodes[at].app.http.inject({ method, url, headers: { ...bearer(tokens[who]!), ...anyVersion(method) }, ...(payload ? { payload } : {}) });

/** An incident written by PAK's analyst and released by its releasing officer under the label it proposed. */
async function released(title: string, labelInput: ReturnType<typeof label>, extra: object = {}): Promise<string> {
  const created = await call('pak', 'analyst', 'POST', '/api/incidents', {
    domain: 'terrorism-militancy',
    subtype: 'attack-on-security-forces',
    title,
    occurredAt: '2026-11-20T02:30:00Z',
    timePrecision: 'exact',
    place: { country: 'PAK', admin1: 'Balochistan', precision: 'admin1' },
    label: labelInput,
    ...extra,
  });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as string;
  const release = await call('pak', 'releaser', 'POST', `/api/incidents/${id}/release`, {});
  expect(release.statusCode, release.body).toBe(200);
  return id;
}

async function exchange() {
  while ((await publishDue(ctxOf('pak'))) > 0);
  const pulled = await pullFrom(ctxOf('kaz'), ctxOf('pak').node.nodeId);
  expect(pulled.rejected).toBe(0);
}

type StixIncident = { id: string; type: string; extensions?: Record<string, { sources?: { items: { description: string }[] } }> };
const sourcesOf = (object: StixIncident | undefined) => object?.extensions?.[EXTENSIONS.incident]?.sources;

describe('a partner’s incident with stricter-labelled sources, on the node that receives it', () => {
  let id: string;
  beforeAll(async () => {
    id = await released('Consignment seized at the crossing', label({ classification: 'CONFIDENTIAL', relTo: ['KAZ'] }), {
      sources: {
        items: [{ description: 'Informant NARC-7 in the transport company', reliability: 'B', credibility: 2 }],
        label: label({ classification: 'CONFIDENTIAL', relTo: ['KAZ'], caveats: ['NARC'] }),
      },
    });
    await exchange();
  });

  it('leaves its TAXII pages and objects without the sources to a reader outside their label, with them to one inside', async () => {
    const page = async (who: string) =>
      ((await call('kaz', who, 'GET', `${taxii}/objects/?limit=1000`)).json().objects as StixIncident[]).find(
        (o) => o.id === `incident--${id}`,
      );
    const byId = async (who: string) =>
      ((await call('kaz', who, 'GET', `${taxii}/objects/incident--${id}/`)).json().objects as StixIncident[])[0];
    const allVersions = async (who: string) =>
      ((await call('kaz', who, 'GET', `${taxii}/objects/?match[version]=all&limit=1000`)).json().objects as StixIncident[]).filter(
        (o) => o.id === `incident--${id}`,
      );

    expect(await page('kazViewer')).toBeDefined();
    expect(sourcesOf(await page('kazViewer'))).toBeUndefined();
    expect(sourcesOf(await byId('kazViewer'))).toBeUndefined();
    const versions = await allVersions('kazViewer');
    expect(versions.length).toBeGreaterThan(0);
    expect(JSON.stringify(versions)).not.toContain('NARC-7');

    expect(sourcesOf(await page('kazNarc'))?.items[0]?.description).toMatch(/NARC-7/);
    expect(sourcesOf(await byId('kazNarc'))?.items[0]?.description).toMatch(/NARC-7/);
  });

  it('marks the stripped form as no longer carrying PAK’s signature, and keeps the full form as PAK signed it', async () => {
    const object = async (who: string) =>
      ((await call('kaz', who, 'GET', `${taxii}/objects/incident--${id}/`)).json().objects as Record<string, unknown>[])[0]!;
    const signatureOf = (o: Record<string, unknown>) =>
      (o.extensions as Record<string, Record<string, unknown>>)[EXTENSIONS.signature] as Record<string, unknown>;
    const stripped = signatureOf(await object('kazViewer'));
    expect(stripped).toMatchObject({ node_id: ctxOf('pak').node.nodeId, withheld: ['sources'] });
    expect(stripped.signature).toBeUndefined();
    expect((stripped.label as { originator: { nation: string } }).originator.nation).toBe('PAK');
    const full = signatureOf(await object('kazNarc'));
    expect(full.signature).toEqual(expect.any(String));
    expect(full.withheld).toBeUndefined();
  });

  it('gives incidents received before their form without the sources (migration 0031), and leaves this node’s own alone', async () => {
    const kaz = ctxOf('kaz').database.db;
    const pakOwn = ctxOf('pak').database.db;
    const before = await pakOwn
      .selectFrom('stix_objects')
      .select(sql<string>`stripped::text`.as('stripped'))
      .execute();
    await kaz.updateTable('stix_objects').set({ stripped: null }).where('stix_id', '=', `incident--${id}`).execute();
    expect(sourcesOf((await call('kaz', 'kazViewer', 'GET', `${taxii}/objects/incident--${id}/`)).json().objects[0])).toBeDefined();
    await receivedFieldGroups.up(kaz);
    await receivedFieldGroups.up(pakOwn);
    const object = (await call('kaz', 'kazViewer', 'GET', `${taxii}/objects/incident--${id}/`)).json().objects[0];
    expect(sourcesOf(object)).toBeUndefined();
    expect(object.extensions[EXTENSIONS.signature]).toMatchObject({ node_id: ctxOf('pak').node.nodeId, withheld: ['sources'] });
    expect(object.extensions[EXTENSIONS.signature].signature).toBeUndefined();
    expect(object.name).toBe('Consignment seized at the crossing');
    expect(sourcesOf((await call('kaz', 'kazNarc', 'GET', `${taxii}/objects/incident--${id}/`)).json().objects[0])).toBeDefined();
    // The originator's rows, signed forms and all, are as they were.
    expect(
      await pakOwn
        .selectFrom('stix_objects')
        .select(sql<string>`stripped::text`.as('stripped'))
        .execute(),
    ).toEqual(before);
  });

  it('is served alike by the API and the exports', async () => {
    const read = async (who: string) => (await call('kaz', who, 'GET', `/api/incidents/${id}`)).json();
    expect((await read('kazViewer')).sources).toBeUndefined();
    expect((await read('kazNarc')).sources.items[0].description).toMatch(/NARC-7/);
    for (const format of ['json', 'csv', 'geojson', 'stix'] as const) {
      const viewer = await call('kaz', 'kazViewer', 'GET', `/api/incidents/export?format=${format}`);
      expect(viewer.statusCode, format).toBe(200);
      expect(viewer.body, format).toContain('Consignment seized');
      expect(viewer.body, format).not.toContain('NARC-7');
    }
    const bundle = (await call('kaz', 'kazNarc', 'GET', '/api/incidents/export?format=stix')).json() as { objects: StixIncident[] };
    expect(sourcesOf(bundle.objects.find((o) => o.id === `incident--${id}`))?.items[0]?.description).toMatch(/NARC-7/);
  });
});

describe('the built-in ALL-PARTNERS community', () => {
  it('counts for partner nodes as it does for people: a record released to it reaches KAZ’s node', async () => {
    const id = await released('Released to every partner', label({ relTo: ['ALL-PARTNERS'] }));
    await exchange();
    const atKaz = await call('kaz', 'kazViewer', 'GET', `/api/incidents/${id}`);
    expect(atKaz.statusCode, atKaz.body).toBe(200);
    expect(atKaz.json().title).toBe('Released to every partner');
  });
});

describe('records released but not delivered, on the originator’s Federation API', () => {
  interface Undelivered {
    total: number;
    audiences: { audience: string; records: number }[];
    items: {
      kind: string;
      id: string;
      title: string | null;
      missed: { audience: string; nodes: { nation: string; withheldBy: string[] }[] }[];
    }[];
  }
  const undelivered = async (who: string) => {
    const response = await call('pak', who, 'GET', '/api/federation/undelivered');
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as Undelivered;
  };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ids.uzb = await released('For UZB, which has no node', label({ relTo: ['UZB'] }));
    ids.secret = await released('Secret for KAZ', label({ classification: 'SECRET', relTo: ['KAZ'] }));
    ids.both = await released('For KAZ and UZB', label({ relTo: ['KAZ', 'UZB'] }));
    ids.community = await released('For the Silk Road community', label({ relTo: ['SILK-ROAD'] }));
    ids.delivered = await released('Delivered to KAZ', label({ relTo: ['KAZ'] }));
    await exchange();
  });

  it('lists each record that reaches no node it was released to, with the audience missed and why', async () => {
    const answer = await undelivered('pakAdmin');
    const byId = new Map(answer.items.map((item) => [item.id, item]));
    expect(byId.get(ids.uzb!)).toMatchObject({
      kind: 'incident',
      title: 'For UZB, which has no node',
      missed: [{ audience: 'UZB', nodes: [] }],
    });
    expect(byId.get(ids.secret!)?.missed).toEqual([
      { audience: 'KAZ', nodes: [expect.objectContaining({ nation: 'KAZ', withheldBy: ['accreditation'] })] },
    ]);
    // KAZ got it; UZB, named on its own, did not.
    expect(byId.get(ids.both!)?.missed).toEqual([{ audience: 'UZB', nodes: [] }]);
    // Through the community, KAZ's node got it: nothing missed.
    expect(byId.has(ids.community!)).toBe(false);
    expect(byId.has(ids.delivered!)).toBe(false);
    expect(answer.total).toBe(answer.items.length);
    expect(answer.total).toBeGreaterThanOrEqual(3);
    expect(answer.audiences).toEqual(
      expect.arrayContaining([
        { audience: 'UZB', records: expect.any(Number) },
        { audience: 'KAZ', records: expect.any(Number) },
      ]),
    );
    expect(answer.audiences.find((a) => a.audience === 'UZB')!.records).toBeGreaterThanOrEqual(2);
  });

  it('shows an administrator only the records they may read, in the list and in every count', async () => {
    const full = await undelivered('pakAdmin');
    const uncleared = await undelivered('pakAdminUncleared');
    expect(uncleared.items.map((i) => i.id)).not.toContain(ids.secret);
    expect(uncleared.items.map((i) => i.id)).toContain(ids.uzb);
    expect(uncleared.total).toBe(full.total - 1);
    expect(uncleared.audiences.find((a) => a.audience === 'KAZ')?.records ?? 0).toBe(
      full.audiences.find((a) => a.audience === 'KAZ')!.records - 1,
    );
    expect(JSON.stringify(uncleared)).not.toContain('Secret for KAZ');
  });

  it('is for node administrators only', async () => {
    // A signed-in session may call any route (token scopes do not apply): the domain refuses.
    const session = await signIn(nodes.pak.app, analystName);
    const analyst = await nodes.pak.app.http.inject({ method: 'GET', url: '/api/federation/undelivered', headers: withSession(session) });
    expect(analyst.statusCode).toBe(403);
  });
});
