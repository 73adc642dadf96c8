import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeRepository } from '../../src/server/db/repositories/change-repository';
import { labelToColumns } from '../../src/server/db/label-columns';
import { publishDue } from '../../src/server/domain/taxii/publisher';
import { COLLECTION_ID } from '../../src/server/domain/taxii/taxii-service';
import { oracleMayRead } from '../oracle/releasability-oracle';
import { COMMUNITIES, seededRandom, toLabel } from '../oracle/random-labels';
import { randomRecords, storeOracleWorld } from '../kit/oracle-world';
import { bearer } from '../kit/http';
import { startTestNode } from '../kit/test-node';
import { RECORD_MAKERS } from './record-makers';
import type { StoredRecord } from './record-makers';
import type { World } from '../oracle/random-labels';
import type { TestNode } from '../kit/test-node';

/**
 * TAXII 2.1, section 5, endpoint by endpoint: status codes, media types and the URL parameters
 * (`match[version]` with first, last, all and timestamps; `match[spec_version]`; `added_after` in
 * the STIX timestamp form only), content negotiation (406) and methods a path does not take (405
 * with Allow). Filters keep the read rule: each is checked against what the oracle lets a reader see.
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
      ['DELETE', `${root}/objects/indicator--${twice.id}/`, 'GET, HEAD'],
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
