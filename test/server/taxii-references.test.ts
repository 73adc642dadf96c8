import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeRepository } from '../../src/server/db/repositories/node-repository';
import { PUBLIC_REFERENCE_KIND, RECALL_TYPE, stixObjectRepository } from '../../src/server/db/repositories/stix-object-repository';
import { publishDue } from '../../src/server/domain/taxii/publisher';
import { COLLECTION_ID } from '../../src/server/domain/taxii/taxii-service';
import { CONCORD_IDENTITY, EXTENSIONS, TLP_BY_MARKING } from '../../src/server/domain/stix/stix-vocab';
import { labelMarkingOf } from '../../src/server/domain/stix/stix-export';
import { omitEmpty } from '../../src/server/domain/stix/stix-omit-empty';
import { labelFromColumns } from '../../src/shared/labels/label-columns';
import { oracleMayRead } from '../oracle/releasability-oracle';
import { COMMUNITIES, seededRandom } from '../oracle/random-labels';
import { publishedRandomRecords, storeOracleWorld } from '../kit/oracle-world';
import { bearer } from '../kit/http';
import { startTestNode } from '../kit/test-node';
import type { StoredRecord } from './record-makers';
import type { OracleUser } from '../oracle/releasability-oracle';
import type { World } from '../oracle/random-labels';
import type { TestNode } from '../kit/test-node';

/**
 * The marking definitions and identities that TAXII objects name are in the collection too, for
 * exactly the readers of an object that names them: every reference of every object a reader gets
 * resolves, in the listing and by id, and a reference no object of theirs names answers as an
 * unknown id and is in no listing or manifest of theirs.
 */
const KINDS = ['incident', 'actor', 'indicator'] as const;
const PER_KIND = 60;

let node: TestNode;
let world: World;
let tokens: Map<string, string>;
const records = new Map<string, StoredRecord & { kind: string }>();
const random = seededRandom(2026_12_06);
const root = `/taxii2/api/collections/${COLLECTION_ID}`;

type StixObject = Record<string, unknown> & { id: string; type: string };

const get = (user: string, url: string) =>
  node.app.http.inject({ method: 'GET', url, headers: { ...bearer(tokens.get(user)!), accept: 'application/taxii+json;version=2.1' } });

async function publishAll() {
  while ((await publishDue(node.ctx)) > 0);
}

beforeAll(async () => {
  node = await startTestNode();
  ({ world, tokens } = await storeOracleWorld(node, random, 16));
  for (const [id, record] of await publishedRandomRecords(node, random, world, KINDS, PER_KIND)) records.set(id, record);
}, 120_000);
afterAll(() => node.close());

/** The ids an object names as creator and markings. */
const namedBy = (object: StixObject) =>
  [...((object.object_marking_refs as string[] | undefined) ?? []), object.created_by_ref].filter(
    (r): r is string => typeof r === 'string',
  );

/** A marking definition or an organisation's (or Concord's) identity: what references are. */
const isReference = (object: StixObject) =>
  object.type === 'marking-definition' ||
  (object.type === 'identity' &&
    (object.id === CONCORD_IDENTITY ||
      (object.extensions as Record<string, unknown> | undefined)?.[EXTENSIONS.organisation] !== undefined));

async function listing(user: string, path: 'objects' | 'manifest', query = '') {
  const objects: StixObject[] = [];
  let next: string | undefined;
  do {
    const response = await get(user, `${root}/${path}/?limit=29${query}${next ? `&next=${next}` : ''}`);
    expect(response.statusCode).toBe(200);
    const body = response.json() as { more: boolean; next?: string; objects?: StixObject[] };
    objects.push(...(body.objects ?? []));
    next = body.more ? body.next : undefined;
  } while (next);
  return objects;
}

/** The TLP 2.0 markings and Concord's identity: public, the same on every node, given to every reader. */
const isPublic = (id: string) => id === CONCORD_IDENTITY || TLP_BY_MARKING[id] !== undefined;

/** The ids of the references held on the node, public ones or the others. */
async function referenceIds(only: 'public' | 'held') {
  const rows = await node.ctx.database.db
    .selectFrom('stix_objects')
    .select('stix_id')
    .distinct()
    .where('reference', '=', true)
    .where('record_kind', only === 'public' ? '=' : '<>', PUBLIC_REFERENCE_KIND)
    .execute();
  return rows.map((r) => r.stix_id);
}

/** What `user` is given, and that it is whole: each reference resolves, each reference is named by something given. */
async function checkReader(user: OracleUser, byIdSample = 12) {
  const objects = await listing(user.id, 'objects');
  const ids = objects.map((o) => o.id);
  expect(new Set(ids).size).toBe(ids.length);
  const given = new Map(objects.map((o) => [o.id, o]));
  const named = new Set(objects.flatMap(namedBy));
  for (const id of named) expect(given.has(id), `${user.id} is given ${id}`).toBe(true);
  // Each reference is named by an object the reader may have: in the listing, or an earlier version of one.
  const namedInAll = new Set((await listing(user.id, 'objects', '&match[version]=all')).flatMap(namedBy));
  for (const object of objects.filter((o) => isReference(o) && !isPublic(o.id)))
    expect(namedInAll.has(object.id), `${object.id} is named for ${user.id}`).toBe(true);
  const publicIds = await referenceIds('public');
  expect(publicIds.length).toBeGreaterThan(1);
  for (const id of publicIds) expect(given.has(id), `${user.id} is given public ${id}`).toBe(true);
  // The records given are exactly those the oracle allows (the references added nothing else).
  const recordIds = objects.filter(
    (o) => !isReference(o) && o.type !== RECALL_TYPE && !(o.extensions as Record<string, unknown> | undefined)?.[EXTENSIONS.companion],
  );
  const expected = [...records.values()].filter((r) => oracleMayRead(user, r.label, COMMUNITIES)).map((r) => r.id);
  expect(recordIds.map((o) => o.id.slice(o.id.indexOf('--') + 2)).sort()).toEqual(expected.sort());
  // The manifest lists the same.
  expect((await listing(user.id, 'manifest')).map((o) => o.id)).toEqual(ids);
  // By id, a sample of what it names, and the references it is not given.
  const sample = [...named].filter((id) => id !== CONCORD_IDENTITY);
  for (const id of sample.slice(0, byIdSample)) {
    const one = await get(user.id, `${root}/objects/${id}/`);
    expect(one.statusCode).toBe(200);
    expect(one.json().objects).toEqual([given.get(id)]);
  }
  const hidden = (await referenceIds('held')).filter((id) => !given.has(id));
  for (const id of hidden.slice(0, byIdSample)) {
    const type = id.slice(0, id.indexOf('--'));
    const unknown = await get(user.id, `${root}/objects/${type}--${node.ctx.ids.uuid()}/`);
    for (const path of ['', 'versions/']) {
      const answer = await get(user.id, `${root}/objects/${id}/${path}`);
      const missing = path === '' ? unknown : await get(user.id, `${root}/objects/${type}--${node.ctx.ids.uuid()}/versions/`);
      expect(answer.statusCode).toBe(404);
      expect(answer.body).toBe(missing.body);
    }
  }
  return { objects, given, hidden };
}

describe('TAXII references', () => {
  it('resolve for every reader, in the listing and by id, and reach no one an object of theirs does not name', async () => {
    let hiddenSeen = 0;
    for (const user of world.users) {
      const { objects, hidden } = await checkReader(user);
      hiddenSeen += hidden.length;
      // Label markings, TLP markings and organisations are among what references are.
      if (objects.some((o) => o.type === 'incident'))
        expect(new Set(objects.filter(isReference).map((o) => o.type))).toEqual(new Set(['marking-definition', 'identity']));
    }
    // The world has readers who are kept from some references.
    expect(hiddenSeen).toBeGreaterThan(0);
  }, 300_000);

  it('are served once per reader and answer the filters like any object', async () => {
    const user = world.users.find((u) => [...records.values()].filter((r) => oracleMayRead(u, r.label, COMMUNITIES)).length > 5)!;
    const { given } = await checkReader(user, 0);
    const markings = [...given.values()].filter((o) => o.type === 'marking-definition');
    expect(markings.length).toBeGreaterThan(1);
    const byType = await listing(user.id, 'objects', '&match[type]=marking-definition');
    expect(byType.map((o) => o.id).sort()).toEqual(markings.map((o) => o.id).sort());
    const marking = markings[0]!;
    const version = String(marking.modified ?? marking.created);
    expect((await get(user.id, `${root}/objects/?match[id]=${marking.id}`)).json().objects).toEqual([marking]);
    for (const match of ['first', 'last', 'all', version])
      expect((await get(user.id, `${root}/objects/${marking.id}/?match[version]=${match}`)).json().objects).toEqual([marking]);
    expect((await get(user.id, `${root}/objects/${marking.id}/versions/`)).json().versions).toEqual([version]);
    expect((await get(user.id, `${root}/objects/${marking.id}/?match[spec_version]=2.0`)).statusCode).toBe(404);
    expect((await get(user.id, `${root}/objects/${marking.id}/?match[spec_version]=2.1`)).statusCode).toBe(200);
    const manifest = (await listing(user.id, 'manifest', '&match[type]=identity')).find((o) => o.id === CONCORD_IDENTITY)!;
    expect(manifest).toMatchObject({ version: expect.any(String), date_added: expect.any(String) });
    // Added after the last date given: nothing, references included.
    const after = (await get(user.id, `${root}/manifest/?limit=1000`)).headers['x-taxii-date-added-last'];
    expect((await get(user.id, `${root}/objects/?added_after=${String(after)}`)).json().objects ?? []).toEqual([]);
  });

  it('are left out of what peer nodes are sent', async () => {
    // Each nation in turn as this node's, a peer of every nation holding every caveat and recipient.
    let sent = 0;
    for (const own of new Set([...records.values()].map((r) => r.label.originatorNation)))
      for (const nation of new Set(world.users.map((u) => u.nation))) {
        const peer = {
          nation,
          communities: Object.keys(COMMUNITIES),
          accreditation: 'SECRET' as const,
          caveats: [...new Set(world.users.flatMap((u) => u.caveats))],
          orgs: world.orgs.map((o) => o.id),
          users: world.users.map((u) => u.id),
        };
        const rows = await node.ctx.database.transaction(async (tx) =>
          stixObjectRepository(tx.db).receivable('node-peer', peer, own, { versions: 'all', objects: true }, 100_000),
        );
        sent += rows.length;
        // Every row within one page's size here: each comes with its object.
        expect(rows.filter((r) => r.object === null)).toEqual([]);
        expect(rows.filter((r) => isReference(JSON.parse(r.object!) as StixObject))).toEqual([]);
      }
    expect(sent).toBeGreaterThan(0);
  });

  it('are published for objects published before references were, on the publisher’s next run', async () => {
    const user = world.users[2]!;
    const before = await listing(user.id, 'objects');
    await node.ctx.database.db.deleteFrom('stix_objects').where('reference', '=', true).execute();
    await nodeRepository(node.ctx.database.db).deleteSetting('stix-reference-position');
    const without = await listing(user.id, 'objects');
    expect(without.filter(isReference)).toEqual([]);
    await publishAll();
    const after = await listing(user.id, 'objects');
    expect(after.map((o) => o.id).sort()).toEqual(before.map((o) => o.id).sort());
    for (const u of world.users.slice(0, 4)) await checkReader(u, 4);
  }, 120_000);

  it('resolve the marking a version published before labels were canonical names (its lists in the order given)', async () => {
    const db = node.ctx.database.db;
    const rows = await db
      .selectFrom('stix_objects')
      .select(['seq', 'stix_id', 'record_id', sql<string>`object::text`.as('object')])
      .where('reference', '=', false)
      .where(sql<boolean>`cardinality(rel_to) > 1`)
      // Signed: one of this node's nation (the others' are kept as their originators sent them).
      .where(sql<boolean>`object->'extensions'->${EXTENSIONS.signature} is not null`)
      .orderBy('seq')
      .execute();
    const row = rows.find((r) => r.stix_id.endsWith(r.record_id))!;
    const object = JSON.parse(row.object) as StixObject & { extensions: Record<string, { label: { rel_to: string[] } }> };
    const signed = object.extensions[EXTENSIONS.signature]!.label;
    // As such a version was published: its label's lists in the order given, and the marking derived from them.
    const unsorted = { ...signed, rel_to: [...signed.rel_to].reverse() };
    const label = labelFromColumns(await db.selectFrom('stix_objects').selectAll().where('seq', '=', row.seq).executeTakeFirstOrThrow());
    const signedAs = (l: typeof signed) => ({
      ...object,
      extensions: { ...object.extensions, [EXTENSIONS.signature]: { ...object.extensions[EXTENSIONS.signature]!, label: l } },
    });
    const canonical = labelMarkingOf(object, label);
    const legacy = labelMarkingOf(signedAs(unsorted), label);
    expect(legacy.id).not.toBe(canonical.id);
    const rewritten = {
      ...signedAs(unsorted),
      object_marking_refs: (object.object_marking_refs as string[]).map((id) => (id === canonical.id ? legacy.id : id)),
    };
    await db
      .updateTable('stix_objects')
      .set({ object: JSON.stringify(rewritten), rel_to: unsorted.rel_to })
      .where('seq', '=', row.seq)
      .execute();
    await db.deleteFrom('stix_objects').where('reference', '=', true).execute();
    await nodeRepository(db).deleteSetting('stix-reference-position');
    await publishAll();
    const readers = world.users.filter((u) => oracleMayRead(u, records.get(row.record_id)!.label, COMMUNITIES));
    expect(readers.length).toBeGreaterThan(0);
    for (const user of readers.slice(0, 3)) {
      const { given } = await checkReader(user, 0);
      expect(given.get(legacy.id)).toEqual(omitEmpty(legacy));
    }
  }, 120_000);

  it('of a purged record go with it when no other object names them', async () => {
    const db = node.ctx.database.db;
    const rows = await db
      .selectFrom('stix_objects')
      .select(['stix_id', 'record_kind', 'record_id', sql<string>`object::text`.as('object')])
      .where('reference', '=', false)
      .execute();
    // A label marking named by one record only (its object and companions).
    const namers = new Map<string, Set<string>>();
    for (const row of rows)
      for (const id of namedBy(JSON.parse(row.object) as StixObject)) namers.set(id, (namers.get(id) ?? new Set()).add(row.record_id));
    const [marking, only] = [...namers].find(
      ([id, of]) => id.startsWith('marking-definition--') && TLP_BY_MARKING[id] === undefined && of.size === 1,
    )!;
    const record = rows.find((r) => only.has(r.record_id) && r.stix_id.endsWith(r.record_id))!;
    const held = () => db.selectFrom('stix_objects').select('seq').where('stix_id', '=', marking).where('reference', '=', true).execute();
    expect(await held()).not.toEqual([]);
    await node.ctx.database.transaction((tx) => stixObjectRepository(tx.db).purge(record.stix_id, record.record_kind, record.record_id));
    expect(await held()).toEqual([]);
    records.delete(record.record_id);
    for (const user of world.users.slice(0, 4)) await checkReader(user, 4);
  });

  it('of a recalled record stop reaching readers no longer given anything that names them', async () => {
    // An incident whose originating organisation has a releasing officer who may read it.
    const candidates = [...records.values()].filter((r) => r.kind === 'incident' && r.label.state === 'active');
    let recalled: { record: StoredRecord; officer: OracleUser } | undefined;
    for (const record of candidates) {
      const officer = world.users.find(
        (u) => u.releasingOfficer && u.org === record.label.originatorOrg && oracleMayRead(u, record.label, COMMUNITIES),
      );
      if (officer) {
        recalled = { record, officer };
        break;
      }
    }
    expect(recalled).toBeDefined();
    const { record, officer } = recalled!;
    const readers = world.users.filter((u) => oracleMayRead(u, record.label, COMMUNITIES));
    const response = await node.app.http.inject({
      method: 'POST',
      url: `/api/incidents/${record.id}/recall`,
      headers: bearer(tokens.get(officer.id)!),
      payload: { reason: 'Source burnt' },
    });
    expect(response.statusCode).toBe(200);
    await publishAll();
    records.set(record.id, { ...records.get(record.id)!, label: { ...record.label, state: 'recalled' } });
    for (const user of readers) await checkReader(user, 6);
  }, 120_000);
});
