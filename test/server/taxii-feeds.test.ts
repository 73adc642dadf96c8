/**
 * The TAXII client: a releasing officer subscribes this node to another TAXII 2.1 server's
 * collection (here a small stand-in server speaking the protocol: basic auth, `more`/`next`
 * paging, `added_after`, the date-added headers). What arrives is released under the chosen
 * label; objects marked stricter stay with the officer's organisation; unknown markings and
 * unmapped kinds go to the report; a later poll starts where the last one ended.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollDue } from '../../src/server/domain/taxii/subscriptions';
import { TLP1_MARKINGS, TLP2_MARKINGS } from '../../src/server/domain/stix/stix-vocab';
import { label, makeOrg, makeToken, makeUser } from '../kit/factories';
import { bearer } from '../kit/http';
import { startTestNode } from '../kit/test-node';
import type { AddressInfo } from 'node:net';
import type { TestNode } from '../kit/test-node';

const TLP1_GREEN = Object.entries(TLP1_MARKINGS).find(([, tlp]) => tlp === 'GREEN')![0];
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const indicator = (n: number, value: string, marking: string, pattern = `[ipv4-addr:value = '${value}']`) => ({
  type: 'indicator',
  spec_version: '2.1',
  id: `indicator--${uuid(n)}`,
  created: '2026-11-20T10:00:00.000Z',
  modified: '2026-11-20T10:00:00.000Z',
  name: `Indicator ${n}`,
  pattern,
  pattern_type: 'stix',
  valid_from: '2026-11-20T10:00:00.000Z',
  object_marking_refs: [marking],
});

/** The stand-in server's collection: objects with the time the server added them. */
const collection: { added: string; object: Record<string, unknown> }[] = [
  { added: '2026-11-21T00:00:01.000Z', object: indicator(1, '203.0.113.7', TLP2_MARKINGS.GREEN) },
  {
    added: '2026-11-21T00:00:02.000Z',
    object: {
      type: 'threat-actor',
      spec_version: '2.1',
      id: `threat-actor--${uuid(2)}`,
      created: '2026-11-20T10:00:00.000Z',
      modified: '2026-11-20T10:00:00.000Z',
      name: 'Northern smuggling network',
      threat_actor_types: ['crime-syndicate'],
      object_marking_refs: [TLP1_GREEN],
    },
  },
  { added: '2026-11-21T00:00:03.000Z', object: indicator(3, '198.51.100.9', TLP2_MARKINGS.RED) },
  { added: '2026-11-21T00:00:04.000Z', object: indicator(4, '192.0.2.44', 'marking-definition--11111111-2222-4333-8444-555555555555') },
  {
    added: '2026-11-21T00:00:05.000Z',
    object: {
      type: 'malware',
      spec_version: '2.1',
      id: `malware--${uuid(5)}`,
      created: '2026-11-20T10:00:00.000Z',
      modified: '2026-11-20T10:00:00.000Z',
      name: 'Loader',
      is_family: true,
    },
  },
];
const requests: URL[] = [];
let server: http.Server;
let apiRoot: string;
let node: TestNode;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(url);
    const send = (status: number, body: object, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/taxii+json;version=2.1', ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Basic ${Buffer.from('feed-reader:s3cret').toString('base64')}`)
      return send(401, { title: 'Unauthorized' });
    if (url.pathname === '/api1/collections/threats/')
      return send(200, { id: 'threats', title: 'Threats', can_read: true, can_write: false });
    if (url.pathname !== '/api1/collections/threats/objects/') return send(404, { title: 'Not found' });
    // Two objects a page; `next` is the index to go on from.
    const after = url.searchParams.get('added_after');
    const matching = collection.filter((c) => !after || c.added > after);
    const from = Number(url.searchParams.get('next') ?? 0);
    const page = matching.slice(from, from + 2);
    const more = from + 2 < matching.length;
    send(
      200,
      { more, ...(more ? { next: String(from + 2) } : {}), objects: page.map((c) => c.object) },
      {
        ...(page.length > 0 ? { 'x-taxii-date-added-first': page[0]!.added, 'x-taxii-date-added-last': page.at(-1)!.added } : {}),
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiRoot = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api1/`;

  // The feed's server runs on 127.0.0.1: loopback allowed explicitly.
  node = await startTestNode('PAK', { CONCORD_OUTBOUND_ALLOW: 'loopback' });
  const org = await makeOrg(node.ctx, 'PAK', 'PAK border intelligence');
  tokens.officer = await makeToken(node.ctx, await makeUser(node.ctx, { nation: 'PAK', org, roles: ['releasing-officer'] }));
  tokens.colleague = await makeToken(node.ctx, await makeUser(node.ctx, { nation: 'PAK', org, roles: ['analyst'] }));
  tokens.otherOrg = await makeToken(node.ctx, await makeUser(node.ctx, { nation: 'PAK', roles: ['analyst'] }));
  tokens.kaz = await makeToken(node.ctx, await makeUser(node.ctx, { nation: 'KAZ', roles: ['analyst'] }));
});
afterAll(async () => {
  await node.close();
  server.closeAllConnections();
  if (server.listening) await new Promise((resolve) => server.close(resolve));
});

const call = (who: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  node.app.http.inject({ method, url, headers: bearer(tokens[who]!), ...(payload ? { payload } : {}) });

/** The record here that the feed made of an object (records take ids of their own, not the STIX id). */
async function copyOf(stixId: string): Promise<string | undefined> {
  const row = await node.ctx.database.db
    .selectFrom('imported_records')
    .select('record_id')
    .where('stix_id', '=', stixId)
    .executeTakeFirst();
  return row?.record_id;
}
const at = async (type: 'indicator' | 'threat-actor', n: number) =>
  `/api/${type === 'indicator' ? 'indicators' : 'actors'}/${(await copyOf(`${type}--${uuid(n)}`)) ?? 'none'}`;

const subscription = (extra: object = {}) => ({
  name: 'Partner threat feed',
  apiRoot: apiRoot.slice(0, -1),
  collectionId: 'threats',
  auth: { kind: 'basic', username: 'feed-reader', password: 's3cret' },
  defaultLabel: label({ relTo: ['KAZ'], tlp: 'GREEN' }),
  ...extra,
});

describe('TAXII feeds (the TAXII client)', () => {
  let feedId: string;

  it('are for releasing officers, and are saved only once the collection can be read', async () => {
    expect((await call('colleague', 'POST', '/api/taxii-feeds', subscription())).statusCode).toBe(403);
    const wrong = await call(
      'officer',
      'POST',
      '/api/taxii-feeds',
      subscription({ auth: { kind: 'basic', username: 'feed-reader', password: 'no' } }),
    );
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.message).toMatch(/refused the credentials \(401\).*Nothing was saved/);
    const missing = await call('officer', 'POST', '/api/taxii-feeds', subscription({ collectionId: 'nope' }));
    expect(missing.json().error.message).toMatch(/no such collection/);
    expect((await call('officer', 'GET', '/api/taxii-feeds')).json().items).toEqual([]);

    const created = await call('officer', 'POST', '/api/taxii-feeds', subscription());
    expect(created.statusCode, created.body).toBe(201);
    feedId = created.json().id as string;
    expect(created.json()).toMatchObject({ apiRoot, collectionId: 'threats', authKind: 'basic', position: null });
    expect(created.body).not.toContain('s3cret');
    // At rest the credential is sealed: the row itself holds neither the password nor the user name.
    const row = await node.ctx.database.db.selectFrom('taxii_subscriptions').selectAll().where('id', '=', feedId).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toMatch(/s3cret|feed-reader/);
    expect(row.auth).toEqual({ kind: 'basic' });
    expect(row.auth_sealed).toMatch(/^sealed:v1:/);
  });

  it('imports what it can map under the chosen label, keeps stricter objects with the organisation, reports the rest', async () => {
    const polled = await call('officer', 'POST', `/api/taxii-feeds/${feedId}/poll`);
    expect(polled.statusCode, polled.body).toBe(200);
    expect(polled.json()).toMatchObject({
      lastError: null,
      position: '2026-11-21T00:00:05.000Z',
      counts: { imported: 2, originatorOnly: 1, present: 0, unmapped: 2 },
    });
    // Paged with `next`, all from the start.
    expect(requests.filter((r) => r.pathname.endsWith('/objects/')).map((r) => r.searchParams.get('next'))).toEqual([null, '2', '4']);

    // Released under the feed's label: KAZ reads them; the RED one stays with the officer's organisation.
    // Each a record of its own here, under an id of its own (not the producer's).
    expect(await copyOf(`indicator--${uuid(1)}`)).toMatch(/^[0-9a-f-]{36}$/);
    expect(await copyOf(`indicator--${uuid(1)}`)).not.toBe(uuid(1));
    expect((await call('kaz', 'GET', await at('indicator', 1))).json()).toMatchObject({ value: '203.0.113.7' });
    expect((await call('kaz', 'GET', await at('threat-actor', 2))).json()).toMatchObject({ name: 'Northern smuggling network' });
    expect((await call('kaz', 'GET', await at('indicator', 3))).statusCode).toBe(404);
    expect((await call('otherOrg', 'GET', await at('indicator', 3))).statusCode).toBe(404);
    expect((await call('colleague', 'GET', await at('indicator', 3))).json()).toMatchObject({ value: '198.51.100.9' });
    // Unknown markings and unmapped kinds: in the report, not in the picture.
    expect(await copyOf(`indicator--${uuid(4)}`)).toBeUndefined();
    const report = (await call('officer', 'GET', `/api/taxii-feeds/${feedId}/unmapped`)).json().items as {
      stixId: string;
      reason: string;
    }[];
    expect(report).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ stixId: `indicator--${uuid(4)}`, reason: expect.stringMatching(/Unknown marking/) }),
        expect.objectContaining({ stixId: `malware--${uuid(5)}`, reason: expect.stringMatching(/not mapped/) }),
      ]),
    );
  });

  it('goes on from where it ended: the next poll asks for what was added after', async () => {
    collection.push({
      added: '2026-11-22T00:00:00.000Z',
      object: indicator(6, 'bad.example.org', TLP2_MARKINGS.CLEAR, "[domain-name:value = 'bad.example.org']"),
    });
    requests.length = 0;
    node.clock.advance(10 * 60_000);
    expect(await pollDue(node.ctx, node.ctx.config.taxiiPollMs)).toBe(1);
    expect(requests.map((r) => r.searchParams.get('added_after'))).toEqual(['2026-11-21T00:00:05.000Z']);
    const feed = (await call('officer', 'GET', `/api/taxii-feeds/${feedId}`)).json();
    expect(feed).toMatchObject({
      position: '2026-11-22T00:00:00.000Z',
      counts: { imported: 3, originatorOnly: 1, present: 0, unmapped: 2 },
    });
    expect((await call('kaz', 'GET', await at('indicator', 6))).json()).toMatchObject({ value: 'bad.example.org' });
  });

  it('updates what it brought in from a newer version; a revoked one, or one now marked stricter, goes to the report', async () => {
    const later = (object: Record<string, unknown>, extra: object) => ({ ...object, modified: '2026-11-23T08:00:00.000Z', ...extra });
    collection.push(
      { added: '2026-11-23T00:00:01.000Z', object: later(indicator(1, '203.0.113.8', TLP2_MARKINGS.GREEN), {}) },
      { added: '2026-11-23T00:00:02.000Z', object: later(collection[1]!.object, { object_marking_refs: [TLP2_MARKINGS.AMBER] }) },
      { added: '2026-11-23T00:00:03.000Z', object: later(collection[5]!.object, { revoked: true }) },
      // An older version after the newer one changes nothing (it counts as present).
      { added: '2026-11-23T00:00:04.000Z', object: collection[0]!.object },
    );
    const polled = (await call('officer', 'POST', `/api/taxii-feeds/${feedId}/poll`)).json();
    expect(polled).toMatchObject({ lastError: null, counts: { imported: 3, originatorOnly: 1, present: 1, updated: 1, unmapped: 4 } });
    const updated = (await call('kaz', 'GET', await at('indicator', 1))).json();
    expect(updated).toMatchObject({ value: '203.0.113.8', version: 2 });
    // The actor keeps its content and its label: the stricter marking is for a releasing officer to weigh.
    expect((await call('kaz', 'GET', await at('threat-actor', 2))).json()).toMatchObject({
      name: 'Northern smuggling network',
      version: 1,
    });
    expect((await call('kaz', 'GET', await at('indicator', 6))).json()).toMatchObject({ value: 'bad.example.org' });
    const report = (await call('officer', 'GET', `/api/taxii-feeds/${feedId}/unmapped`)).json().items as {
      stixId: string;
      reason: string;
    }[];
    expect(report).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ stixId: `threat-actor--${uuid(2)}`, reason: expect.stringMatching(/Now marked TLP:AMBER, stricter/) }),
        expect.objectContaining({ stixId: `indicator--${uuid(6)}`, reason: expect.stringMatching(/Revoked by its producer/) }),
      ]),
    );
  });

  it('says what went wrong when the server cannot be read, and counts it', async () => {
    const paused = await call('officer', 'PATCH', `/api/taxii-feeds/${feedId}`, { paused: true });
    expect(paused.json().paused).toBe(true);
    node.clock.advance(10 * 60_000);
    expect(await pollDue(node.ctx, node.ctx.config.taxiiPollMs)).toBe(0);
    await call('officer', 'PATCH', `/api/taxii-feeds/${feedId}`, { paused: false });
    const closed = new Promise((resolve) => server.close(resolve));
    server.closeAllConnections();
    await closed;
    const failed = (await call('officer', 'POST', `/api/taxii-feeds/${feedId}/poll`)).json();
    expect(failed).toMatchObject({ failures: 1, lastError: expect.stringMatching(/^Could not reach 127\.0\.0\.1\./) });
    const removed = await call('officer', 'DELETE', `/api/taxii-feeds/${feedId}`);
    expect(removed.statusCode).toBe(200);
    expect((await call('officer', 'GET', '/api/taxii-feeds')).json().items).toEqual([]);
    // What it brought in stays.
    expect((await call('kaz', 'GET', await at('indicator', 1))).statusCode).toBe(200);
  });
});
