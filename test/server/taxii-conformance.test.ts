import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeRepository } from '../../src/server/db/repositories/change-repository';
import { labelToColumns } from '../../src/shared/labels/label-columns';
import { publishDue } from '../../src/server/domain/taxii/publisher';
import { COLLECTION_ID } from '../../src/server/domain/taxii/taxii-service';
import { oracleMayRead } from '../oracle/releasability-oracle';
import { COMMUNITIES, seededRandom, toLabel } from '../oracle/random-labels';
import { randomRecords, storeOracleWorld } from '../kit/oracle-world';
import { bearer } from '../kit/http';
import { makeToken, makeUser } from '../kit/factories';
import { startTestNode } from '../kit/test-node';
import { RECORD_MAKERS } from './record-makers';
import type { StoredRecord } from './record-makers';
import type { World } from '../oracle/random-labels';
import type { TestNode } from '../kit/test-node';

/**
 * TAXII 2.1, sections 4 and 5, endpoint by endpoint (discovery 4.1, API root 4.2, status 4.3,
 * collections 5.1, collection 5.2, manifest 5.3, get objects 5.4, add objects 5.5, get object 5.6,
 * delete object 5.7, object versions 5.8): each one's success and error status codes (400, 401,
 * 403, 404, 405, 406, 413, 415, 422), media types (responses, the add request's body, the
 * X-TAXII-Date-Added-First/Last headers) and URL parameters (limit, next, added_after, match[id],
 * match[type], match[version] with first, last, all and timestamps, match[spec_version]). Filters
 * keep the read rule: each is checked against what the oracle lets a reader see.
 */
const TAXII = 'application/taxii+json;version=2.1';
const STIX = 'application/stix+json;version=2.1';

let node: TestNode;
let world: World;
let tokens: Map<string, string>;
const random = seededRandom(2026_12_06);
const root = `/taxii2/api/collections/${COLLECTION_ID}`;
let indicators: StoredRecord[];
/** A reader, an indicator it reads in two versions, and one it reads only from its second version. */
let reader: World['users'][number];
let twice: StoredRecord;
let widened: StoredRecord;

const send = (method: string, url: string, headers: Record<string, string> = {}, user = reader.id) =>
  node.app.http.inject({ method: method as 'GET', url, headers: { ...bearer(tokens.get(user)!), accept: TAXII, ...headers } });
const get = (url: string, user = reader.id) => send('GET', url, {}, user);

async function publishAll() {
  while ((await publishDue(node.ctx)) > 0);
}

async function newVersion(record: StoredRecord, label = record.label) {
  await node.ctx.database.db
    .updateTable('indicators')
    .set({ version: 3, updated_at: new Date(Date.now() + 60_000), description: 'second version', ...labelToColumns(toLabel(label, 3)) })
    .where('id', '=', record.id)
    .execute();
  await changeRepository(node.ctx.database.db).record([
    { at: new Date(), record_kind: 'indicator', record_id: record.id, version: 3, change: 'update' },
  ]);
}

beforeAll(async () => {
  node = await startTestNode();
  ({ world, tokens } = await storeOracleWorld(node, random, 12));
  indicators = randomRecords(node, random, world, 60);
  await RECORD_MAKERS.indicator!(node.ctx, indicators, random, world.users[0]!.id, new Map());
  await changeRepository(node.ctx.database.db).record(
    indicators.map((r) => ({ at: new Date(), record_kind: 'indicator', record_id: r.id, version: 2, change: 'create' })),
  );
  await publishAll();
  // A reader with one indicator it may read and one it may not.
  const mayRead = (u: World['users'][number], r: StoredRecord) => oracleMayRead(u, r.label, COMMUNITIES);
  reader = world.users.find((u) => indicators.some((r) => mayRead(u, r)) && indicators.some((r) => !mayRead(u, r)))!;
  twice = indicators.find((r) => mayRead(reader, r))!;
  widened = indicators.find((r) => !mayRead(reader, r))!;
  await newVersion(twice);
  await newVersion(widened, twice.label);
  await publishAll();
}, 120_000);
afterAll(() => node.close());

const ids = (body: { objects?: { id: string }[] }) => (body.objects ?? []).map((o) => o.id);

describe('TAXII 2.1 conformance (section 5)', () => {
  it('answers each endpoint with its status and media type', async () => {
    const indicator = `indicator--${twice.id}`;
    const endpoints: [string, number, (body: Record<string, unknown>) => void][] = [
      ['/taxii2/', 200, (b) => expect(b.api_roots).toHaveLength(1)],
      ['/taxii2/api/', 200, (b) => expect(b.versions).toEqual([TAXII])],
      ['/taxii2/api/collections/', 200, (b) => expect(b.collections).toHaveLength(1)],
      [`${root}/`, 200, (b) => expect(b).toMatchObject({ id: COLLECTION_ID, can_read: true, media_types: [STIX] })],
      [`${root}/manifest/`, 200, (b) => expect(b.objects).toEqual(expect.arrayContaining([expect.objectContaining({ media_type: STIX })]))],
      [`${root}/objects/`, 200, (b) => expect(ids(b as never)).toContain(indicator)],
      [`${root}/objects/${indicator}/`, 200, (b) => expect(ids(b as never)).toEqual([indicator])],
      [`${root}/objects/${indicator}/versions/`, 200, (b) => expect(b.versions).toHaveLength(2)],
      [`/taxii2/api/status/${node.ctx.ids.uuid()}/`, 404, (b) => expect(b).toMatchObject({ http_status: '404' })],
      [`/taxii2/api/collections/${node.ctx.ids.uuid()}/objects/`, 404, (b) => expect(b).toMatchObject({ http_status: '404' })],
    ];
    for (const [url, status, check] of endpoints) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(status);
      expect(response.headers['content-type'], url).toBe(TAXII);
      check(response.json());
    }
    const page = await get(`${root}/objects/`);
    expect(page.headers['x-taxii-date-added-first']).toMatch(/Z$/);
    expect(page.headers['x-taxii-date-added-last']).toMatch(/Z$/);
  });

  it('takes match[version] as first, last, all or timestamps, on objects, one object, its versions and the manifest', async () => {
    const id = `indicator--${twice.id}`;
    const versions = (await get(`${root}/objects/${id}/versions/`)).json().versions as string[];
    expect(versions).toHaveLength(2);
    const [first, last] = versions as [string, string];
    expect(first < last).toBe(true);
    const modifiedOf = async (url: string) =>
      ((await get(url)).json().objects as { id: string; modified: string }[]).filter((o) => o.id === id).map((o) => o.modified);
    for (const base of [`${root}/objects/?match[id]=${id}&`, `${root}/objects/${id}/?`]) {
      expect(await modifiedOf(`${base}`)).toEqual([last]);
      expect(await modifiedOf(`${base}match[version]=last`)).toEqual([last]);
      expect(await modifiedOf(`${base}match[version]=first`)).toEqual([first]);
      expect(await modifiedOf(`${base}match[version]=all`)).toEqual([first, last]);
      expect(await modifiedOf(`${base}match[version]=first,last`)).toEqual([first, last]);
      expect(await modifiedOf(`${base}match[version]=${first}`)).toEqual([first]);
      expect(await modifiedOf(`${base}match[version]=${last},first`)).toEqual([first, last]);
    }
    const manifest = async (version: string) =>
      ((await get(`${root}/manifest/?match[id]=${id}&match[version]=${version}`)).json().objects as { version: string }[]).map(
        (o) => o.version,
      );
    expect(await manifest('first')).toEqual([first]);
    expect(await manifest(last)).toEqual([last]);
    expect(await manifest('all')).toEqual([first, last]);
    const listed = async (version: string) => (await get(`${root}/objects/${id}/versions/?match[version]=${version}`)).json().versions;
    expect(await listed('first')).toEqual([first]);
    expect(await listed('last')).toEqual([last]);
    expect(await listed(first)).toEqual([first]);
    // A timestamp no version has: nothing (one object: as a missing one).
    expect(await modifiedOf(`${root}/objects/?match[id]=${id}&match[version]=2001-01-01T00:00:00.000Z`)).toEqual([]);
    expect((await get(`${root}/objects/${id}/?match[version]=2001-01-01T00:00:00.000Z`)).statusCode).toBe(404);
    for (const bad of ['newest', '2026-01-01', `${first.slice(0, -1)}+00:00`]) {
      const refused = await get(`${root}/objects/?match[version]=${encodeURIComponent(bad)}`);
      expect(refused.statusCode, bad).toBe(400);
      expect(refused.json().title).toMatch(/match\[version\]/);
    }
  });

  it('decides match[version]=first over the versions the reader may read, and serves no one a version outside its label', async () => {
    const id = `indicator--${widened.id}`;
    // The reader may read only the second version: that is its first, and all it is given.
    const all = (await get(`${root}/objects/${id}/?match[version]=all`)).json().objects as { description: string }[];
    expect(all.map((o) => o.description)).toEqual(['second version']);
    expect((await get(`${root}/objects/${id}/?match[version]=first`)).json().objects).toEqual(all);
    // For every user, first/last/all give only versions whose label the oracle lets them read.
    for (const user of world.users) {
      const readsOld = oracleMayRead(user, widened.label, COMMUNITIES);
      const readsNew = oracleMayRead(user, twice.label, COMMUNITIES);
      const count = async (version: string) => {
        const response = await get(`${root}/objects/?match[id]=${id}&match[version]=${version}`, user.id);
        expect(response.statusCode).toBe(200);
        return response.json().objects.length as number;
      };
      expect(await count('all')).toBe(Number(readsOld) + Number(readsNew));
      expect(await count('first')).toBe(readsOld || readsNew ? 1 : 0);
      expect(await count('last')).toBe(Number(readsNew));
      expect(await count('first,last')).toBe((readsOld ? 1 : 0) + (readsNew ? 1 : 0));
    }
  });

  it('filters by match[spec_version]: 2.0 matches none of its STIX 2.1 objects', async () => {
    const id = `indicator--${twice.id}`;
    const page = (query: string) => get(`${root}/objects/?limit=1000&${query}`);
    const everything = ids((await page('')).json());
    expect(everything.length).toBeGreaterThan(0);
    expect(ids((await page('match[spec_version]=2.1')).json())).toEqual(everything);
    expect(ids((await page('match[spec_version]=2.0,2.1')).json())).toEqual(everything);
    expect((await page('match[spec_version]=2.0')).json().objects ?? []).toEqual([]);
    expect((await get(`${root}/manifest/?match[spec_version]=2.0`)).json().objects ?? []).toEqual([]);
    expect((await get(`${root}/objects/${id}/?match[spec_version]=2.0`)).statusCode).toBe(404);
    expect((await get(`${root}/objects/${id}/versions/?match[spec_version]=2.0`)).statusCode).toBe(404);
    expect((await get(`${root}/objects/${id}/?match[spec_version]=2.1`)).statusCode).toBe(200);
    const refused = await page('match[spec_version]=latest');
    expect(refused.statusCode).toBe(400);
    expect(refused.json().title).toMatch(/match\[spec_version\]/);
  });

  it('answers 406 when the Accept header allows no TAXII 2.1 answer', async () => {
    const refused = [
      'application/taxii+json;version=2.0',
      'application/vnd.oasis.taxii+json; version=2.0',
      'application/json',
      'text/html',
      'application/taxii+json;version=2.1;q=0',
    ];
    for (const accept of refused) {
      for (const url of ['/taxii2/', `${root}/objects/`, `${root}/manifest/`]) {
        const response = await send('GET', url, { accept });
        expect(response.statusCode, `${accept} ${url}`).toBe(406);
        expect(response.headers['content-type']).toBe(TAXII);
        expect(response.json()).toMatchObject({ http_status: '406', title: expect.stringContaining(TAXII) });
      }
    }
    const post = await send('POST', `${root}/objects/`, { accept: 'application/taxii+json;version=2.0', 'content-type': TAXII });
    expect(post.statusCode).toBe(406);
    const taken = [
      TAXII,
      'application/taxii+json',
      'application/taxii+json; version="2.1"',
      '*/*',
      'application/*',
      'text/html, */*;q=0.1',
    ];
    for (const accept of taken) expect((await send('GET', `${root}/objects/`, { accept })).statusCode, accept).toBe(200);
    // No Accept header: any type is acceptable (RFC 9110).
    const bare = await node.app.http.inject({ method: 'GET', url: `${root}/objects/`, headers: bearer(tokens.get(reader.id)!) });
    expect(bare.statusCode).toBe(200);
    expect(bare.headers['content-type']).toBe(TAXII);
  });

  it('answers unknown TAXII paths with a TAXII 404, and methods a path does not take with 405 and Allow', async () => {
    for (const url of ['/taxii2/nothing-here/', '/taxii2/api/collections/x/y/z/', `${root}/objects/a/b/c/`]) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type'], url).toBe(TAXII);
      expect(response.json(), url).toMatchObject({ http_status: '404', error_code: 'NOT_FOUND' });
      expect(response.json().title, url).not.toMatch(/api\/docs/);
    }
    const cases: [string, string, string][] = [
      ['DELETE', '/taxii2/', 'GET, HEAD'],
      ['POST', `${root}/`, 'GET, HEAD'],
      ['PUT', `${root}/objects/`, 'GET, HEAD, POST'],
      ['DELETE', `${root}/objects/indicator--${twice.id}/versions/`, 'GET, HEAD'],
      ['PUT', `${root}/objects/indicator--${twice.id}/`, 'DELETE, GET, HEAD'],
      ['POST', `${root}/manifest/`, 'GET, HEAD'],
    ];
    for (const [method, url, allow] of cases) {
      const response = await send(method, url);
      expect(response.statusCode, `${method} ${url}`).toBe(405);
      expect(response.headers.allow).toBe(allow);
      expect(response.headers['content-type']).toBe(TAXII);
      expect(response.json()).toMatchObject({ http_status: '405', error_code: 'METHOD_NOT_ALLOWED' });
    }
  });

  it('takes added_after only as a STIX timestamp (UTC, Z) and names the parameter otherwise', async () => {
    for (const url of [`${root}/objects/`, `${root}/manifest/`, `${root}/objects/indicator--${twice.id}/versions/`]) {
      for (const bad of [
        '2026-01-01',
        '2026-01-01T00:00:00+01:00',
        '2026-01-01T00:00Z',
        '2026-02-30T00:00:00Z',
        'yesterday',
        '1767225600',
      ]) {
        const response = await get(`${url}?added_after=${encodeURIComponent(bad)}`);
        expect(response.statusCode, `${url} ${bad}`).toBe(400);
        expect(response.json().title).toMatch(/^added_after/);
      }
      for (const good of ['2001-01-01T00:00:00Z', '2001-01-01T00:00:00.123456Z']) {
        expect((await get(`${url}?added_after=${good}`)).statusCode, `${url} ${good}`).toBe(200);
      }
    }
    expect(ids((await get(`${root}/objects/?added_after=2999-01-01T00:00:00Z`)).json())).toEqual([]);
  });
});

describe('TAXII 2.1 conformance: every endpoint, its codes and media types', () => {
  let writer: string;
  let analyst: string;
  /** An indicator the reader may read in no version: answered as a missing one. */
  let hidden: StoredRecord;
  const missing = `indicator--00000000-0000-4000-8000-00000000dead`;

  const stixIndicator = (over: Record<string, unknown> = {}) => ({
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--${node.ctx.ids.uuid()}`,
    created: '2026-11-01T00:00:00.000Z',
    modified: '2026-11-01T00:00:00.000Z',
    pattern: "[domain-name:value = 'conformance.example']",
    pattern_type: 'stix',
    valid_from: '2026-11-01T00:00:00.000Z',
    ...over,
  });
  /** A request with a token (or none), TAXII's Accept and, for a body, TAXII's Content-Type unless told otherwise. */
  const call = (method: string, url: string, token: string | null, headers: Record<string, string> = {}, payload?: string) =>
    node.app.http.inject({
      method: method as 'GET',
      url,
      headers: {
        ...(token ? bearer(token) : {}),
        accept: TAXII,
        ...(payload !== undefined ? { 'content-type': TAXII } : {}),
        ...headers,
      },
      ...(payload !== undefined ? { payload } : {}),
    });
  const envelope = (...objects: unknown[]) => JSON.stringify({ objects });
  const addedIds = async (stixIds: string[]) =>
    (await node.ctx.database.db.selectFrom('imported_records').select('stix_id').where('stix_id', 'in', stixIds).execute()).map(
      (r) => r.stix_id,
    );

  beforeAll(async () => {
    const officer = await makeUser(node.ctx, { nation: 'PAK', roles: ['releasing-officer'] });
    writer = await makeToken(node.ctx, officer);
    analyst = await makeToken(node.ctx, await makeUser(node.ctx, { nation: 'PAK', roles: ['analyst'] }));
    hidden = indicators.find((r) => r !== widened && !oracleMayRead(reader, r.label, COMMUNITIES))!;
    expect(hidden).toBeDefined();
  });

  /** Every endpoint of sections 4 and 5, as a reader or writer would call it. */
  const endpoints = (statusId: string, object = `indicator--${twice.id}`) =>
    [
      { name: 'discovery (4.1)', method: 'GET', url: '/taxii2/' },
      { name: 'API root (4.2)', method: 'GET', url: '/taxii2/api/' },
      { name: 'status (4.3)', method: 'GET', url: `/taxii2/api/status/${statusId}/` },
      { name: 'collections (5.1)', method: 'GET', url: '/taxii2/api/collections/' },
      { name: 'collection (5.2)', method: 'GET', url: `${root}/` },
      { name: 'manifest (5.3)', method: 'GET', url: `${root}/manifest/` },
      { name: 'get objects (5.4)', method: 'GET', url: `${root}/objects/` },
      { name: 'add objects (5.5)', method: 'POST', url: `${root}/objects/`, payload: envelope(stixIndicator()) },
      { name: 'get object (5.6)', method: 'GET', url: `${root}/objects/${object}/` },
      { name: 'delete object (5.7)', method: 'DELETE', url: `${root}/objects/${object}/` },
      { name: 'object versions (5.8)', method: 'GET', url: `${root}/objects/${object}/versions/` },
    ] as { name: string; method: string; url: string; payload?: string }[];

  it('answers each endpoint with its success status, TAXII media type and resource', async () => {
    const added = await call('POST', `${root}/objects/`, writer, {}, envelope(stixIndicator()));
    expect(added.statusCode, added.body).toBe(202);
    const statusId = added.json().id as string;
    const token = tokens.get(reader.id)!;
    const expected: Record<string, [string, number, (body: Record<string, unknown>) => void]> = {
      'discovery (4.1)': [token, 200, (b) => expect(b).toMatchObject({ title: expect.any(String), api_roots: [expect.any(String)] })],
      'API root (4.2)': [token, 200, (b) => expect(b).toMatchObject({ versions: [TAXII], max_content_length: 10_485_760 })],
      'status (4.3)': [
        writer,
        200,
        (b) => expect(b).toMatchObject({ id: statusId, status: 'complete', total_count: 1, success_count: 1, pending_count: 0 }),
      ],
      'collections (5.1)': [token, 200, (b) => expect(b.collections).toEqual([expect.objectContaining({ id: COLLECTION_ID })])],
      'collection (5.2)': [token, 200, (b) => expect(b).toMatchObject({ id: COLLECTION_ID, can_read: true, media_types: [STIX] })],
      'manifest (5.3)': [token, 200, (b) => expect(b).toMatchObject({ more: false, objects: expect.any(Array) })],
      'get objects (5.4)': [token, 200, (b) => expect(b).toMatchObject({ more: false, objects: expect.any(Array) })],
      'add objects (5.5)': [writer, 202, (b) => expect(b).toMatchObject({ status: 'complete', total_count: 1 })],
      'get object (5.6)': [token, 200, (b) => expect(ids(b as never)).toEqual([`indicator--${twice.id}`])],
      'delete object (5.7)': [token, 403, (b) => expect(b).toMatchObject({ http_status: '403', title: expect.stringMatching(/recall/) })],
      'object versions (5.8)': [
        token,
        200,
        (b) => expect(b).toMatchObject({ more: false, versions: [expect.any(String), expect.any(String)] }),
      ],
    };
    for (const endpoint of endpoints(statusId)) {
      const [caller, status, check] = expected[endpoint.name]!;
      const response = await call(endpoint.method, endpoint.url, caller, {}, endpoint.payload);
      expect(response.statusCode, `${endpoint.name}: ${response.body}`).toBe(status);
      expect(response.headers['content-type'], endpoint.name).toBe(TAXII);
      check(response.json());
    }
  });

  it('answers 401 on every endpoint without credentials, 406 when Accept allows no TAXII 2.1 answer, both in TAXII error messages', async () => {
    for (const endpoint of endpoints(node.ctx.ids.uuid())) {
      const anonymous = await call(endpoint.method, endpoint.url, null, {}, endpoint.payload);
      expect(anonymous.statusCode, endpoint.name).toBe(401);
      expect(anonymous.headers['content-type'], endpoint.name).toBe(TAXII);
      expect(anonymous.headers['www-authenticate'], endpoint.name).toBeDefined();
      expect(anonymous.json(), endpoint.name).toMatchObject({ http_status: '401', title: expect.any(String) });
      for (const accept of ['application/json', 'application/taxii+json;version=2.0']) {
        const refused = await call(endpoint.method, endpoint.url, writer, { accept }, endpoint.payload);
        expect(refused.statusCode, `${endpoint.name} ${accept}`).toBe(406);
        expect(refused.headers['content-type'], endpoint.name).toBe(TAXII);
        expect(refused.json(), endpoint.name).toMatchObject({ http_status: '406' });
      }
    }
  });

  it('answers 404 for an unknown API root, collection, object or status, an object the caller may not read exactly as a missing one', async () => {
    const token = tokens.get(reader.id)!;
    const other = `/taxii2/api/collections/${node.ctx.ids.uuid()}`;
    const notFound = [
      ['GET', '/taxii2/elsewhere/'],
      ['GET', '/taxii2/elsewhere/collections/'],
      ['GET', `/taxii2/api/status/${node.ctx.ids.uuid()}/`],
      ['GET', `${other}/`],
      ['GET', `${other}/manifest/`],
      ['GET', `${other}/objects/`],
      ['POST', `${other}/objects/`],
      ['GET', `${other}/objects/indicator--${twice.id}/`],
      ['DELETE', `${other}/objects/indicator--${twice.id}/`],
      ['GET', `${other}/objects/indicator--${twice.id}/versions/`],
    ];
    for (const [method, url] of notFound) {
      const response = await call(
        method!,
        url!,
        method === 'POST' ? writer : token,
        {},
        method === 'POST' ? envelope(stixIndicator()) : undefined,
      );
      expect(response.statusCode, `${method} ${url}`).toBe(404);
      expect(response.headers['content-type'], url).toBe(TAXII);
      expect(response.json(), url).toMatchObject({ http_status: '404' });
    }
    // Someone else's status is as missing as one that never was.
    const added = await call('POST', `${root}/objects/`, writer, {}, envelope(stixIndicator()));
    const theirs = await call('GET', `/taxii2/api/status/${added.json().id}/`, token);
    const none = await call('GET', `/taxii2/api/status/${node.ctx.ids.uuid()}/`, token);
    expect(theirs.statusCode).toBe(404);
    expect(theirs.body).toBe(none.body);
    for (const [method, suffix] of [
      ['GET', ''],
      ['GET', 'versions/'],
      ['DELETE', ''],
    ] as const) {
      const unreadable = await call(method, `${root}/objects/indicator--${hidden.id}/${suffix}`, token);
      const absent = await call(method, `${root}/objects/${missing}/${suffix}`, token);
      expect(unreadable.statusCode, `${method} ${suffix}`).toBe(404);
      expect(unreadable.body, `${method} ${suffix}`).toBe(absent.body);
      expect(Object.keys(unreadable.headers).sort()).toEqual(Object.keys(absent.headers).sort());
    }
  });

  it('takes an add only as a TAXII 2.1 envelope: 415 for other media types, 413 beyond max_content_length, 400 for no envelope, 422 for entries that are no STIX objects, 403 for callers who may not write', async () => {
    const good = stixIndicator();
    for (const type of ['application/json', 'text/plain', 'application/taxii+json;version=2.0', STIX]) {
      const response = await call('POST', `${root}/objects/`, writer, { 'content-type': type }, envelope(good));
      expect(response.statusCode, type).toBe(415);
      expect(response.headers['content-type'], type).toBe(TAXII);
      expect(response.json().title, type).toContain(TAXII);
    }
    const bare = await node.app.http.inject({ method: 'POST', url: `${root}/objects/`, headers: { ...bearer(writer), accept: TAXII } });
    expect(bare.statusCode).toBe(415);
    for (const type of [TAXII, 'application/taxii+json', 'application/taxii+json; version="2.1"; charset=utf-8']) {
      const response = await call('POST', `${root}/objects/`, writer, { 'content-type': type }, envelope(stixIndicator()));
      expect(response.statusCode, `${type} ${response.body}`).toBe(202);
    }

    const tooLarge = await call('POST', `${root}/objects/`, writer, {}, envelope(stixIndicator({ description: 'x'.repeat(10_485_760) })));
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.headers['content-type']).toBe(TAXII);
    expect(tooLarge.json().title).toMatch(/max_content_length \(10,485,760 bytes\)/);

    for (const body of ['{', '{"nothing":true}', '{"objects":[]}', '{"objects":"indicator"}', '[]']) {
      const response = await call('POST', `${root}/objects/`, writer, {}, body);
      expect(response.statusCode, body).toBe(400);
      expect(response.headers['content-type'], body).toBe(TAXII);
      expect(response.json(), body).toMatchObject({ http_status: '400' });
    }

    for (const entry of ['indicator', { id: good.id }, { type: 'indicator', id: 'indicator-1' }, { ...stixIndicator(), type: 'malware' }]) {
      const alongside = stixIndicator();
      const response = await call('POST', `${root}/objects/`, writer, {}, envelope(alongside, entry));
      expect(response.statusCode, JSON.stringify(entry)).toBe(422);
      expect(response.headers['content-type']).toBe(TAXII);
      expect(response.json()).toMatchObject({ http_status: '422', title: expect.stringMatching(/objects\.1.*nothing was added/) });
      // Nothing of the envelope is added.
      expect(await addedIds([alongside.id])).toEqual([]);
    }

    const refused = await call('POST', `${root}/objects/`, analyst, {}, envelope(good));
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toBe(TAXII);
    expect(await addedIds([good.id])).toEqual([]);
    const reading = await call('GET', '/taxii2/api/collections/', analyst);
    expect(reading.json().collections[0].can_write).toBe(false);
    expect((await call('GET', '/taxii2/api/collections/', writer)).json().collections[0].can_write).toBe(true);

    // Objects of another STIX version fail on their own; the others are added (decision 0022).
    const older = stixIndicator({ spec_version: '2.0' });
    const current = stixIndicator();
    const status = (await call('POST', `${root}/objects/`, writer, {}, envelope(older, current))).json();
    expect(status).toMatchObject({ total_count: 2, success_count: 1, failure_count: 1 });
    expect(status.failures).toEqual([{ id: older.id, version: older.modified, message: expect.stringMatching(/STIX 2\.1/) }]);
    expect(await addedIds([older.id, current.id])).toEqual([current.id]);
  });

  it('refuses to delete an object the caller may read with 403, checking match[version] and match[spec_version] first, and deletes nothing', async () => {
    const token = tokens.get(reader.id)!;
    const url = `${root}/objects/indicator--${twice.id}/`;
    for (const query of ['', '?match[version]=all', '?match[version]=first', '?match[spec_version]=2.1']) {
      const response = await call('DELETE', `${url}${query}`, token);
      expect(response.statusCode, query).toBe(403);
      expect(response.json()).toMatchObject({ http_status: '403', error_code: 'FORBIDDEN' });
    }
    // No version matches: nothing there to delete.
    expect((await call('DELETE', `${url}?match[spec_version]=2.0`, token)).statusCode).toBe(404);
    expect((await call('DELETE', `${url}?match[version]=2001-01-01T00:00:00.000Z`, token)).statusCode).toBe(404);
    for (const query of ['?match[version]=newest', '?match[spec_version]=latest']) {
      const response = await call('DELETE', `${url}${query}`, token);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().title).toMatch(/match\[(spec_)?version\]/);
    }
    // Whoever asks, a releasing officer included: 403 where they may read it, 404 where they may not.
    const writerReads = (await call('GET', url, writer)).statusCode === 200;
    expect((await call('DELETE', url, writer)).statusCode).toBe(writerReads ? 403 : 404);
    expect((await get(`${root}/objects/indicator--${twice.id}/versions/`)).json().versions).toHaveLength(2);
  });

  it('pages objects, the manifest and versions by limit and next, with X-TAXII-Date-Added-First/Last of each page', async () => {
    const walk = async (path: string, limit: number, list: 'objects' | 'versions') => {
      const pages: { items: string[]; first?: string; last?: string; dates: string[] }[] = [];
      let next: string | undefined;
      do {
        const response = await get(`${path}${path.includes('?') ? '&' : '?'}limit=${limit}${next ? `&next=${next}` : ''}`);
        expect(response.statusCode, response.body).toBe(200);
        const body = response.json();
        const items = (
          list === 'versions' ? body.versions : body.objects.map((o: { id: string; version?: string }) => `${o.id} ${o.version ?? ''}`)
        ) as string[];
        expect(items.length).toBeLessThanOrEqual(limit);
        const dates = list === 'objects' && path.includes('manifest') ? body.objects.map((o: { date_added: string }) => o.date_added) : [];
        pages.push({
          items,
          first: response.headers['x-taxii-date-added-first'] as string,
          last: response.headers['x-taxii-date-added-last'] as string,
          dates,
        });
        expect(typeof body.more).toBe('boolean');
        next = body.more ? body.next : undefined;
        if (body.more) expect(body.next).toEqual(expect.any(String));
      } while (next);
      return pages;
    };
    const whole = (await get(`${root}/manifest/?limit=1000`)).json().objects as { id: string; version: string; date_added: string }[];
    expect(whole.length).toBeGreaterThan(4);
    const manifestPages = await walk(`${root}/manifest/`, 2, 'objects');
    expect(manifestPages.flatMap((p) => p.items)).toEqual(whole.map((o) => `${o.id} ${o.version}`));
    for (const page of manifestPages.filter((p) => p.items.length > 0)) {
      expect(page.first).toBe(page.dates[0]);
      expect(page.last).toBe(page.dates.at(-1));
      expect(page.first! <= page.last!).toBe(true);
    }
    const objectPages = await walk(`${root}/objects/`, 2, 'objects');
    expect(objectPages.flatMap((p) => p.items.map((i) => i.split(' ')[0]))).toEqual(whole.map((o) => o.id));
    expect(objectPages.map((p) => [p.first, p.last])).toEqual(manifestPages.map((p) => [p.first, p.last]));
    const versions = await walk(`${root}/objects/indicator--${twice.id}/versions/`, 1, 'versions');
    expect(versions.map((p) => p.items.length)).toEqual([1, 1, 0].slice(0, versions.length));
    expect(versions.flatMap((p) => p.items)).toEqual((await get(`${root}/objects/indicator--${twice.id}/versions/`)).json().versions);
    const one = await walk(`${root}/objects/indicator--${twice.id}/?match[version]=all`, 1, 'objects');
    expect(one.flatMap((p) => p.items)).toHaveLength(2);
    // One version per page: its date_added (as the manifest gives it) is the first and the last.
    const added = (
      (await get(`${root}/manifest/?match[id]=indicator--${twice.id}&match[version]=all`)).json().objects as { date_added: string }[]
    ).map((o) => o.date_added);
    for (const pages of [versions, one]) {
      const dated = pages.filter((p) => p.items.length > 0);
      expect(dated.map((p) => [p.first, p.last])).toEqual(added.map((at) => [at, at]));
    }
    // A limit above the server's is lowered to it (TAXII 2.1, 3.4: the server may), not refused.
    expect((await get(`${root}/objects/?limit=1000000`)).statusCode).toBe(200);
  });

  it('filters by added_after, match[id] and match[type] (lists or-ed) on objects and the manifest, and added_after on one object and its versions', async () => {
    const all = (await get(`${root}/manifest/?limit=1000&match[version]=all`)).json().objects as {
      id: string;
      version: string;
      date_added: string;
    }[];
    const dates = [...new Set(all.map((o) => o.date_added))].sort();
    expect(dates.length).toBeGreaterThan(1);
    const after = dates[0]!;
    const manifestAfter = (await get(`${root}/manifest/?limit=1000&match[version]=all&added_after=${after}`)).json().objects as typeof all;
    expect(manifestAfter.map((o) => `${o.id} ${o.version}`)).toEqual(
      all.filter((o) => o.date_added > after).map((o) => `${o.id} ${o.version}`),
    );
    const objectsAfter = (await get(`${root}/objects/?limit=1000&match[version]=all&added_after=${after}`)).json();
    expect(ids(objectsAfter)).toEqual(manifestAfter.map((o) => o.id));
    const id = `indicator--${twice.id}`;
    const [firstAdded, lastAdded] = all.filter((o) => o.id === id).map((o) => o.date_added) as [string, string];
    expect(firstAdded < lastAdded).toBe(true);
    expect((await get(`${root}/objects/${id}/versions/?added_after=${firstAdded}`)).json().versions).toHaveLength(1);
    expect(ids((await get(`${root}/objects/${id}/?match[version]=all&added_after=${firstAdded}`)).json())).toEqual([id]);
    expect((await get(`${root}/objects/${id}/?added_after=${lastAdded}`)).statusCode).toBe(404);

    const latest = (await get(`${root}/manifest/?limit=1000`)).json().objects as typeof all;
    const types = [...new Set(latest.map((o) => o.id.split('--')[0]!))];
    expect(types.length).toBeGreaterThan(1);
    for (const path of ['objects', 'manifest']) {
      const page = async (query: string) => ids((await get(`${root}/${path}/?limit=1000&${query}`)).json());
      for (const type of types)
        expect(await page(`match[type]=${type}`)).toEqual(latest.filter((o) => o.id.startsWith(`${type}--`)).map((o) => o.id));
      const pair = types.slice(0, 2);
      expect(await page(`match[type]=${pair.join(',')}`)).toEqual(
        latest.filter((o) => pair.some((t) => o.id.startsWith(`${t}--`))).map((o) => o.id),
      );
      const chosen = [latest[0]!.id, latest.at(-1)!.id];
      expect(await page(`match[id]=${chosen.join(',')}`)).toEqual(chosen);
      expect(await page(`match[id]=${chosen[0]},${missing}`)).toEqual([chosen[0]]);
      // What the reader may not read is not there, whatever the filter names.
      expect(await page(`match[id]=indicator--${hidden.id}`)).toEqual([]);
      expect(await page(`match[type]=indicator&match[id]=${chosen.join(',')}`)).toEqual(chosen.filter((c) => c.startsWith('indicator--')));
    }
  });

  it('answers 400 naming the parameter for a bad limit, next, added_after, match[version] or match[spec_version] on every endpoint that takes them', async () => {
    const id = `indicator--${twice.id}`;
    const bad: [string, RegExp][] = [
      ['limit=0', /limit/],
      ['limit=-3', /limit/],
      ['limit=ten', /limit/],
      ['next=not-a-cursor', /next/],
      ['added_after=2026-01-01', /added_after/],
      ['match[version]=newest', /match\[version\]/],
      ['match[spec_version]=latest', /match\[spec_version\]/],
    ];
    for (const path of [`${root}/objects/`, `${root}/manifest/`, `${root}/objects/${id}/`, `${root}/objects/${id}/versions/`]) {
      for (const [query, names] of bad) {
        const response = await get(`${path}?${query}`);
        expect(response.statusCode, `${path}?${query}`).toBe(400);
        expect(response.headers['content-type']).toBe(TAXII);
        expect(response.json(), `${path}?${query}`).toMatchObject({ http_status: '400', title: expect.stringMatching(names) });
      }
    }
  });
});
