import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { changeRepository } from '../../src/server/db/repositories/change-repository';
import { labelToColumns } from '../../src/shared/labels/label-columns';
import { publishDue } from '../../src/server/domain/taxii/publisher';
import { COLLECTION_ID } from '../../src/server/domain/taxii/taxii-service';
import { CONCORD_IDENTITY, EXTENSIONS } from '../../src/server/domain/stix/stix-vocab';
import { oracleMayRead, oracleMayReadField } from '../oracle/releasability-oracle';
import { COMMUNITIES, seededRandom, toLabel } from '../oracle/random-labels';
import { publishedRandomRecords, randomRecords, storeOracleWorld } from '../kit/oracle-world';
import { bearer } from '../kit/http';
import { nullsAndEmptyLists } from '../kit/stix-emptiness';
import { makeToken, makeUser } from '../kit/factories';
import { startTestNode } from '../kit/test-node';
import { RECORD_MAKERS } from './record-makers';
import type { StoredRecord } from './record-makers';
import type { World } from '../oracle/random-labels';
import type { TestNode } from '../kit/test-node';

/**
 * The TAXII 2.1 face against the oracle: every user of a random world pages through the
 * collection and gets exactly the objects the read rule gives them, each decided on its own label
 * (an incident's sources only with their own label's leave), none skipped or repeated although
 * whole pages share one `date_added`; an object they may not read answers as a missing one.
 */
const KINDS = { incident: 'incident', actor: 'threat-actor', indicator: 'indicator' } as const;
const PER_KIND = 120;

let node: TestNode;
let world: World;
let tokens: Map<string, string>;
const records = new Map<string, StoredRecord & { kind: string }>();
const random = seededRandom(2026_11_28);
const root = `/taxii2/api/collections/${COLLECTION_ID}`;

const get = (user: string, url: string) =>
  node.app.http.inject({ method: 'GET', url, headers: { ...bearer(tokens.get(user)!), accept: 'application/taxii+json;version=2.1' } });

async function publishAll() {
  while ((await publishDue(node.ctx)) > 0);
}

beforeAll(async () => {
  node = await startTestNode();
  ({ world, tokens } = await storeOracleWorld(node, random, 24));
  for (const [id, record] of await publishedRandomRecords(node, random, world, Object.keys(KINDS) as (keyof typeof KINDS)[], PER_KIND))
    records.set(id, record);
}, 120_000);
afterAll(() => node.close());

const recordIdOf = (stixId: string) => stixId.slice(stixId.indexOf('--') + 2);

describe('TAXII 2.1', () => {
  it('describes itself in TAXII media types and errors, to signed-in callers only', async () => {
    const user = world.users[0]!.id;
    const discovery = await get(user, '/taxii2/');
    expect(discovery.statusCode).toBe(200);
    expect(discovery.headers['content-type']).toBe('application/taxii+json;version=2.1');
    expect(discovery.json().api_roots).toEqual([expect.stringMatching(/\/taxii2\/api\/$/)]);
    expect((await get(user, '/taxii2/api/')).json().versions).toEqual(['application/taxii+json;version=2.1']);
    expect((await get(user, '/taxii2/api/collections/')).json().collections).toEqual([
      expect.objectContaining({ id: COLLECTION_ID, can_read: true, can_write: false }),
    ]);
    const anonymous = await node.app.http.inject({ method: 'GET', url: '/taxii2/' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toBe('application/taxii+json;version=2.1');
    expect(anonymous.json()).toMatchObject({ http_status: '401', error_code: 'UNAUTHENTICATED' });
    expect((await get(user, '/taxii2/api/collections/not-a-collection/objects/')).statusCode).toBe(404);
    const badNext = await get(user, `${root}/objects/?next=garbage`);
    expect(badNext.statusCode).toBe(400);
    expect(badNext.json().title).toMatch(/next/);
  });

  it('gives every user exactly the objects the oracle allows, page by page, none skipped or repeated', async () => {
    let checked = 0;
    const dateTies = new Set<string>();
    for (const user of world.users) {
      const seen: string[] = [];
      const companionsOf: string[] = [];
      const sources = new Map<string, boolean>();
      let next: string | undefined;
      do {
        const response = await get(user.id, `${root}/objects/?limit=17${next ? `&next=${next}` : ''}`);
        expect(response.statusCode).toBe(200);
        const body = response.json() as { more: boolean; next?: string; objects: Record<string, unknown>[] };
        for (const object of body.objects) {
          const companion = (object.extensions as Record<string, Record<string, unknown>> | undefined)?.[EXTENSIONS.companion];
          if (companion) {
            companionsOf.push(String(companion.record_ref));
            continue;
          }
          // The markings and organisations the objects name (taxii-references.test.ts checks those).
          const organisation = (object.extensions as Record<string, unknown> | undefined)?.[EXTENSIONS.organisation];
          if (object.type === 'marking-definition' || object.id === CONCORD_IDENTITY || organisation) continue;
          seen.push(object.id as string);
          const incident = (object.extensions as Record<string, Record<string, unknown>> | undefined)?.[EXTENSIONS.incident];
          if (incident) sources.set(recordIdOf(object.id as string), incident.sources !== undefined);
        }
        if (body.objects.length > 0) dateTies.add(String(response.headers['x-taxii-date-added-first']));
        next = body.more ? body.next : undefined;
      } while (next);
      expect(new Set(seen).size).toBe(seen.length);
      const expected = [...records.values()]
        .filter((r) => oracleMayRead(user, r.label, COMMUNITIES))
        .map((r) => r.id)
        .sort();
      expect(seen.map(recordIdOf).sort()).toEqual(expected);
      // Each incident's location and each indicator's observable, with the relationship to it, come
      // with their record, to its readers only.
      const withCompanions = seen.filter((id) => id.startsWith('incident--') || id.startsWith('indicator--'));
      expect(companionsOf.sort()).toEqual([...withCompanions, ...withCompanions].sort());
      for (const [id, shown] of sources) {
        const record = records.get(id)!;
        expect(shown).toBe(record.field ? oracleMayReadField(user, record.label, record.field, COMMUNITIES) : false);
      }
      checked += records.size;
    }
    expect(checked).toBe(world.users.length * 3 * PER_KIND);
    // Whole pages shared one date_added: the cursor is not a timestamp.
    expect(dateTies.size).toBeLessThan(10);
  });

  it('gives cursors sealed for their reader: one shape, different for two readers at one place, refused for another, counting nothing hidden', async () => {
    const CURSOR = /^[A-Za-z0-9_-]{60}$/;
    const [a, b] = world.users.filter((u) =>
      [...records.values()].some((r) => r.kind === 'incident' && oracleMayRead(u, r.label, COMMUNITIES)),
    );
    const shared = [...records.values()].find(
      (r) => r.kind === 'incident' && oracleMayRead(a!, r.label, COMMUNITIES) && oracleMayRead(b!, r.label, COMMUNITIES),
    );
    const page = async (user: string, query: string) => {
      const response = await get(user, `${root}/objects/?${query}`);
      expect(response.statusCode, response.body).toBe(200);
      return response.json() as { more: boolean; next?: string; objects: unknown[] };
    };
    expect(shared).toBeDefined();
    // The same place in the collection (after the one object both may read): two cursors, each its reader's.
    const [atA, atB] = [await page(a!.id, `match[id]=incident--${shared!.id}`), await page(b!.id, `match[id]=incident--${shared!.id}`)];
    expect(atA.next).toMatch(CURSOR);
    expect(atB.next).toMatch(CURSOR);
    expect(atA.next).not.toBe(atB.next);
    // Early and late in the collection, a cursor has one length.
    const first = await page(a!.id, 'limit=1');
    let last = first;
    for (let next = first.next; last.more; next = last.next) last = await page(a!.id, `limit=500&next=${next}`);
    expect(first.next).toMatch(CURSOR);
    expect(last.next).toMatch(CURSOR);
    // A's cursor is nothing to B.
    const borrowed = await get(b!.id, `${root}/objects/?next=${first.next}`);
    expect(borrowed.statusCode).toBe(400);
    expect(borrowed.json().title).toMatch(/next.*not one this server gave you/);

    // Many records published that A may not read: A's next page is empty, and its cursor tells nothing of them.
    const hidden = randomRecords(node, random, world, 60).filter((r) => !oracleMayRead(a!, r.label, COMMUNITIES));
    expect(hidden.length).toBeGreaterThan(10);
    await RECORD_MAKERS.incident!(node.ctx, hidden, random, world.users[0]!.id, new Map());
    await changeRepository(node.ctx.database.db).record(
      hidden.map((r) => ({ at: new Date(), record_kind: 'incident', record_id: r.id, version: 2, change: 'create' })),
    );
    await publishAll();
    const after = await page(a!.id, `next=${last.next}`);
    expect(after.objects).toEqual([]);
    expect(after.more).toBe(false);
    expect(after.next).toMatch(CURSOR);
    expect(after.next).not.toBe(last.next);
    for (const r of hidden) records.set(r.id, { ...r, kind: 'incident' });
  });

  it('answers an object the caller may not read exactly as a missing one; the manifest lists what objects give', async () => {
    const user = world.users[1]!;
    const hidden = [...records.values()].find((r) => !oracleMayRead(user, r.label, COMMUNITIES))!;
    const shown = [...records.values()].find((r) => oracleMayRead(user, r.label, COMMUNITIES))!;
    const idOf = async (r: StoredRecord & { kind: string }) => {
      const row = await node.ctx.database.db
        .selectFrom('stix_objects')
        .select('stix_id')
        .where('record_id', '=', r.id)
        .executeTakeFirstOrThrow();
      return row.stix_id;
    };
    const unreadable = await get(user.id, `${root}/objects/${await idOf(hidden)}/`);
    const missing = await get(user.id, `${root}/objects/indicator--${node.ctx.ids.uuid()}/`);
    expect(unreadable.statusCode).toBe(404);
    expect(unreadable.body).toBe(missing.body);
    const one = await get(user.id, `${root}/objects/${await idOf(shown)}/`);
    expect(one.json().objects).toHaveLength(1);
    expect((await get(user.id, `${root}/objects/${await idOf(shown)}/versions/`)).json().versions).toHaveLength(1);

    const manifest = await get(user.id, `${root}/manifest/?limit=1000`);
    const objects = await get(user.id, `${root}/objects/?limit=1000`);
    expect(manifest.json().objects.map((o: { id: string }) => o.id)).toEqual(objects.json().objects.map((o: { id: string }) => o.id));
    expect(manifest.json().objects[0]).toMatchObject({ media_type: 'application/stix+json;version=2.1' });
    const types = await get(user.id, `${root}/objects/?limit=1000&match[type]=indicator`);
    expect(new Set(types.json().objects.map((o: { type: string }) => o.type))).toEqual(new Set(['indicator']));
  });

  it('publishes no null property and no empty list, at the top level or in any extension', async () => {
    const stored = await node.ctx.database.db.selectFrom('stix_objects').select(['object', 'stripped']).execute();
    expect(stored.length).toBeGreaterThan(3 * PER_KIND);
    const found = stored.flatMap((row) =>
      [row.object, row.stripped].flatMap((text) => {
        if (text === null) return [];
        const object = (typeof text === 'string' ? JSON.parse(text) : text) as { id: string };
        return nullsAndEmptyLists(object).map((path) => `${object.id} ${path}`);
      }),
    );
    expect(found.slice(0, 20)).toEqual([]);
    const served = (await get(world.users[0]!.id, `${root}/objects/?limit=1000`)).json() as { objects: unknown[] };
    expect(served.objects.length).toBeGreaterThan(0);
    expect(nullsAndEmptyLists(served.objects).slice(0, 20)).toEqual([]);
  });

  it('resolves every extension its objects name to its extension definition, for any caller', async () => {
    const user = world.users[2]!;
    const page = (await get(user.id, `${root}/objects/?limit=1000`)).json() as { objects: { extensions?: Record<string, unknown> }[] };
    const named = new Set(page.objects.flatMap((o) => Object.keys(o.extensions ?? {})));
    expect(named.size).toBeGreaterThan(2);
    for (const id of named) {
      const answer = await get(world.users[0]!.id, `${root}/objects/${id}/`);
      expect(answer.statusCode, id).toBe(200);
      expect(answer.headers['x-taxii-date-added-first']).toBeDefined();
      expect(answer.json()).toMatchObject({ more: false, objects: [{ type: 'extension-definition', id, spec_version: '2.1' }] });
    }
    const unknown = await get(user.id, `${root}/objects/extension-definition--${node.ctx.ids.uuid()}/`);
    expect(unknown.statusCode).toBe(404);
  });

  it('serves a new version in place of the old, and a narrowed one only to its new audience', async () => {
    const incident = [...records.values()].find((r) => r.kind === 'incident' && r.label.state === 'active' && r.label.tlp !== 'RED')!;
    const before = world.users.filter((u) => oracleMayRead(u, incident.label, COMMUNITIES));
    const narrowed = {
      ...incident.label,
      relTo: [],
      tlp: 'AMBER+STRICT',
      recipientOrgs: [incident.label.originatorOrg],
      recipientUsers: [],
    };
    const lostIt = before.filter((u) => !oracleMayRead(u, narrowed, COMMUNITIES));
    expect(lostIt.length).toBeGreaterThan(0);
    await node.ctx.database.db
      .updateTable('incidents')
      .set({ version: 3, updated_at: new Date(), title: 'incident, corrected', ...labelToColumns(toLabel(narrowed, 3)) })
      .where('id', '=', incident.id)
      .execute();
    await changeRepository(node.ctx.database.db).record([
      { at: new Date(), record_kind: 'incident', record_id: incident.id, version: 3, change: 'label' },
    ]);
    await publishAll();
    const stixId = `incident--${incident.id}`;

    const latest = await get(before[0]!.id, `${root}/objects/?match[id]=${stixId}`);
    const all = await get(before[0]!.id, `${root}/objects/?match[id]=${stixId}&match[version]=all`);
    if (oracleMayRead(before[0]!, narrowed, COMMUNITIES)) {
      expect(latest.json().objects.map((o: { name: string }) => o.name)).toEqual(['incident, corrected']);
      expect(all.json().objects).toHaveLength(2);
    }
    for (const user of lostIt) {
      expect((await get(user.id, `${root}/objects/?match[id]=${stixId}`)).json().objects).toEqual([]);
      expect((await get(user.id, `${root}/objects/${stixId}/`)).statusCode).toBe(404);
    }
    const published = await sql<{ n: number }>`select count(*)::int as n from stix_objects where stix_id = ${stixId}`.execute(
      node.ctx.database.db,
    );
    expect(published.rows[0]?.n).toBe(2);
    expect((await get(lostIt[0]!.id, `${root}/objects/?match[version]=newest`)).statusCode).toBe(400);
  });

  it('adds objects for releasing officers only, each on its own, with a status resource for their author', async () => {
    const releaser = await makeUser(node.ctx, { nation: 'PAK', roles: ['releasing-officer'] });
    const other = await makeUser(node.ctx, { nation: 'PAK', roles: ['releasing-officer'] });
    const analyst = await makeUser(node.ctx, { nation: 'PAK', roles: ['analyst'] });
    const auth = Object.fromEntries(
      await Promise.all([releaser, other, analyst].map(async (u) => [u.id, bearer(await makeToken(node.ctx, u))] as const)),
    );
    const post = (user: string, body: object, collection = COLLECTION_ID) =>
      node.app.http.inject({
        method: 'POST',
        url: `/taxii2/api/collections/${collection}/objects/`,
        headers: { ...auth[user], 'content-type': 'application/taxii+json;version=2.1', accept: 'application/taxii+json;version=2.1' },
        payload: JSON.stringify(body),
      });
    const indicator = {
      type: 'indicator',
      spec_version: '2.1',
      id: `indicator--${crypto.randomUUID()}`,
      created: '2026-11-01T00:00:00.000Z',
      modified: '2026-11-02T00:00:00.000Z',
      pattern: "[ipv4-addr:value = '203.0.113.9']",
      pattern_type: 'stix',
      valid_from: '2026-11-01T00:00:00.000Z',
      object_marking_refs: ['marking-definition--f88d31f6-486f-44da-b317-01333bde0b82'],
    };
    const actor = {
      type: 'threat-actor',
      spec_version: '2.1',
      id: `threat-actor--${crypto.randomUUID()}`,
      created: '2026-11-01T00:00:00.000Z',
      name: 'Ridge Cell',
    };

    const collections = await node.app.http.inject({ method: 'GET', url: '/taxii2/api/collections/', headers: auth[releaser.id] });
    expect(collections.json().collections[0].can_write).toBe(true);
    expect((await post(analyst.id, { objects: [indicator] })).statusCode).toBe(403);
    expect((await post(releaser.id, { objects: [indicator] }, '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await post(releaser.id, { nothing: true })).statusCode).toBe(400);

    const added = await post(releaser.id, { objects: [indicator, actor] });
    expect(added.statusCode, added.body).toBe(202);
    expect(added.headers['content-type']).toBe('application/taxii+json;version=2.1');
    const status = added.json();
    expect(status).toMatchObject({ status: 'complete', total_count: 2, success_count: 2, failure_count: 0, pending_count: 0 });
    expect(status.successes).toEqual([
      { id: indicator.id, version: indicator.modified },
      { id: actor.id, version: actor.created },
    ]);
    const again = await node.app.http.inject({ method: 'GET', url: `/taxii2/api/status/${status.id}/`, headers: auth[releaser.id] });
    expect(again.json()).toEqual(status);
    expect(
      (await node.app.http.inject({ method: 'GET', url: `/taxii2/api/status/${status.id}/`, headers: auth[other.id] })).statusCode,
    ).toBe(404);
    // Drafts of the poster's organisation alone (fail closed), however the objects were marked.
    const copy = await node.ctx.database.db
      .selectFrom('imported_records')
      .select('record_id')
      .where('stix_id', '=', indicator.id)
      .executeTakeFirstOrThrow();
    const stored = await node.ctx.database.db
      .selectFrom('indicators')
      .selectAll()
      .where('id', '=', copy.record_id)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ release_state: 'draft', rel_to: ['PAK'], tlp: 'AMBER+STRICT', recipient_orgs: [releaser.org] });

    // One object with an unknown marking, one with no pattern, one not mapped: each fails with its
    // own reason, and the valid one is added as the status says (partial success, TAXII 2.1 4.3.1).
    const unknown = {
      ...indicator,
      id: `indicator--${crypto.randomUUID()}`,
      object_marking_refs: ['marking-definition--00000000-0000-4000-8000-000000000001'],
    };
    const { pattern: _pattern, ...withoutPattern } = { ...indicator, id: `indicator--${crypto.randomUUID()}` };
    const fresh = { ...actor, id: `threat-actor--${crypto.randomUUID()}` };
    const mixed = (await post(releaser.id, { objects: [fresh, unknown, withoutPattern] })).json();
    expect(mixed).toMatchObject({ total_count: 3, success_count: 1, failure_count: 2 });
    expect(mixed.successes).toEqual([{ id: fresh.id, version: fresh.created }]);
    expect(mixed.failures).toEqual([
      { id: unknown.id, version: unknown.modified, message: expect.stringMatching(/Unknown marking/) },
      { id: withoutPattern.id, version: withoutPattern.modified, message: expect.stringMatching(/needs a `pattern`.*none/) },
    ]);
    const storedIds = async (stixId: string) =>
      (await node.ctx.database.db.selectFrom('imported_records').select('record_id').where('stix_id', '=', stixId).execute()).length;
    expect(await storedIds(fresh.id)).toBe(1);
    expect(await storedIds(unknown.id)).toBe(0);
    expect(await storedIds(withoutPattern.id)).toBe(0);
    const kept = await node.app.http.inject({ method: 'GET', url: `/taxii2/api/status/${mixed.id}/`, headers: auth[releaser.id] });
    expect(kept.json()).toEqual(mixed);

    // A newer version updates the copy; an older one sent after it is refused as older, not "already present".
    const newer = { ...indicator, modified: '2026-11-05T00:00:00.000Z', pattern: "[ipv4-addr:value = '203.0.113.10']" };
    expect((await post(releaser.id, { objects: [newer] })).json()).toMatchObject({ success_count: 1 });
    const older = (await post(releaser.id, { objects: [indicator] })).json();
    expect(older.failures).toEqual([
      { id: indicator.id, version: indicator.modified, message: expect.stringMatching(/older version.*2026-11-02.*2026-11-05/i) },
    ]);
    expect(older.failures[0].message).not.toMatch(/Already present/);
    // The same version again is no error for that object (TAXII 2.1, 5.5): a success that says it was here.
    const same = (await post(releaser.id, { objects: [newer] })).json();
    expect(same).toMatchObject({ success_count: 1, failure_count: 0 });
    expect(same.successes).toEqual([{ id: indicator.id, version: newer.modified, message: 'Already present.' }]);
    // One id twice in an envelope: the first is read, the second fails as a repeat.
    const repeated = { ...indicator, id: `indicator--${crypto.randomUUID()}` };
    const twice = (await post(releaser.id, { objects: [repeated, { ...repeated, modified: '2026-11-09T00:00:00.000Z' }] })).json();
    expect(twice.successes).toEqual([{ id: repeated.id, version: repeated.modified }]);
    expect(twice.failures).toEqual([
      { id: repeated.id, version: '2026-11-09T00:00:00.000Z', message: expect.stringMatching(/more than once.*objects\.0/) },
    ]);
  });

  it("keeps the name a client gives an indicator it adds: TAXII and the API answer with the client's name, the value names an unnamed one", async () => {
    const releaser = await makeUser(node.ctx, { nation: 'PAK', roles: ['releasing-officer'] });
    const auth = bearer(await makeToken(node.ctx, releaser));
    const headers = { ...auth, accept: 'application/taxii+json;version=2.1' };
    const named = {
      type: 'indicator',
      spec_version: '2.1',
      id: `indicator--${crypto.randomUUID()}`,
      created: '2026-11-01T00:00:00.000Z',
      modified: '2026-11-02T00:00:00.000Z',
      name: 'Ridge Cell staging server',
      description: 'Seen in three campaigns.',
      pattern: "[ipv4-addr:value = '198.51.100.77']",
      pattern_type: 'stix',
      valid_from: '2026-11-01T00:00:00.000Z',
    };
    const unnamed = { ...named, id: `indicator--${crypto.randomUUID()}`, pattern: "[domain-name:value = 'ridge.example']" };
    delete (unnamed as { name?: string }).name;
    const added = await node.app.http.inject({
      method: 'POST',
      url: `${root}/objects/`,
      headers: { ...headers, 'content-type': 'application/taxii+json;version=2.1' },
      payload: JSON.stringify({ objects: [named, unnamed] }),
    });
    expect(added.json()).toMatchObject({ success_count: 2 });
    await publishAll();
    const recordOf = async (stixId: string) =>
      (
        await node.ctx.database.db
          .selectFrom('imported_records')
          .select('record_id')
          .where('stix_id', '=', stixId)
          .executeTakeFirstOrThrow()
      ).record_id;
    const [namedId, unnamedId] = [await recordOf(named.id), await recordOf(unnamed.id)];
    const served = async (id: string) => {
      const response = await node.app.http.inject({ method: 'GET', url: `${root}/objects/indicator--${id}/`, headers });
      expect(response.statusCode, response.body).toBe(200);
      return response.json().objects[0] as Record<string, unknown>;
    };
    expect(await served(namedId)).toMatchObject({
      name: named.name,
      description: named.description,
      created: named.created,
      modified: named.modified,
    });
    expect((await served(unnamedId)).name).toBe('ridge.example');
    const api = async (id: string) => (await node.app.http.inject({ method: 'GET', url: `/api/indicators/${id}`, headers: auth })).json();
    expect(await api(namedId)).toMatchObject({ value: '198.51.100.77', name: named.name });
    expect((await api(unnamedId)).name).toBeUndefined();

    // A newer version from the producer renames it; the API sets and clears a name the same way.
    const renamed = { ...named, modified: '2026-11-03T00:00:00.000Z', name: 'Ridge Cell relay' };
    const again = await node.app.http.inject({
      method: 'POST',
      url: `${root}/objects/`,
      headers: { ...headers, 'content-type': 'application/taxii+json;version=2.1' },
      payload: JSON.stringify({ objects: [renamed] }),
    });
    expect(again.json()).toMatchObject({ success_count: 1 });
    await publishAll();
    expect((await served(namedId)).name).toBe('Ridge Cell relay');
    const patch = (name: string | null, version: number) =>
      node.app.http.inject({
        method: 'PATCH',
        url: `/api/indicators/${unnamedId}`,
        headers: { ...auth, 'if-match': `"${version}"` },
        payload: { name },
      });
    const current = await api(unnamedId);
    const set = await patch('Ridge Cell domain', current.version);
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().name).toBe('Ridge Cell domain');
    await publishAll();
    expect((await served(unnamedId)).name).toBe('Ridge Cell domain');
    const cleared = await patch(null, set.json().version);
    expect(cleared.json().name).toBeUndefined();
  });
});
