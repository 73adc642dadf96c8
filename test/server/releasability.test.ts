/**
 * S1 and S2: the releasability property test over every read path the router holds, against the
 * independent oracle; and "unreadable equals missing", byte for byte, on every record path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oracleMayRead, oracleMayReadField, oracleMayReceive } from '../oracle/releasability-oracle';
import { CAVEATS, COMMUNITIES, NATIONS, seededRandom, toLabel } from '../oracle/random-labels';
import { labelToColumns } from '../../src/shared/labels/label-columns';
import { MAKER_ORDER, RECORD_MAKERS, isMadeKind } from './record-makers';
import { changeRepository } from '../../src/server/db/repositories/change-repository';
import { publishDue } from '../../src/server/domain/taxii/publisher';
import { PUBLISHED_KINDS, RECORD_KIND_NAMES } from '../../src/server/domain/records/registry';
import { COLLECTION_ID, getObjects } from '../../src/server/domain/taxii/taxii-service';
import { nodeAudienceOf } from '../../src/server/domain/federation/node-audience';
import { sql } from 'kysely';
import { CONCORD_IDENTITY, EXTENSIONS, TLP_BY_MARKING } from '../../src/server/domain/stix/stix-vocab';
import type { StoredRecord } from './record-makers';
import { randomRecords, storeOracleWorld } from '../kit/oracle-world';
import { bearer } from '../kit/http';
import { startTestNode } from '../kit/test-node';
import { readPathsOf } from './read-paths';
import { parse as parseCsv } from 'csv-parse/sync';
import { exerciseMetrics } from '../../src/server/domain/training/exercise-metrics';
import type { MetricFacts } from '../../src/server/domain/training/exercise-metrics';
import type { MetricsView } from '../../src/shared/contracts/exercise-metrics';
import type { OracleNode, OracleUser } from '../oracle/releasability-oracle';
import type { PeerRow } from '../../src/server/domain/federation/peer-service';
import type { World } from '../oracle/random-labels';
import type { TestNode } from '../kit/test-node';

const USERS = 40;
/** Per kind; with every read path of every kind this stays well above 100,000 triples per run. */
const RECORDS_PER_KIND = 800;
const SAMPLED_PER_USER = 40;
/** TAXII pages carry every published kind at once (about 10,000 objects): fewer readers keep the run short. */
const TAXII_PAGE_READERS = 12;
/** A list's other orders are walked for this many readers. */
const SORTED_LIST_READERS = 10;
/** Peer nodes that pull everything this node would send them. */
const PULLING_PEERS = 8;

let node: TestNode;
let world: World;
const recordsByKind = new Map<string, StoredRecord[]>();
/** Every published object's record (companions included), by STIX id; and each record's own object. */
const recordOfObject = new Map<string, StoredRecord>();
const objectOfRecord = new Map<string, string>();
/** The records whose objects (any version) name each marking definition or identity: its readers are theirs. */
const namersOf = new Map<string, StoredRecord[]>();
const tokens = new Map<string, string>();
const random = seededRandom(Number(process.env.CONCORD_PROPERTY_SEED ?? 2025_07_15));

beforeAll(async () => {
  node = await startTestNode();
  const { ctx } = node;
  const stored = await storeOracleWorld(node, random, USERS);
  world = stored.world;
  for (const [id, token] of stored.tokens) tokens.set(id, token);
  const { paths } = readPathsOf(node.app, getUrls());
  const kinds = new Set(paths.flatMap((p) => (p.reads.kind === 'none' || p.reads.kind === 'taxii' ? [] : kindsRead(p.reads))));
  // TAXII serves every published kind.
  if (paths.some((p) => p.reads.kind === 'taxii')) for (const kind of PUBLISHED_KINDS) kinds.add(kind);
  const ordered = [...kinds].sort((a, b) => rank(a) - rank(b));
  for (const kind of ordered) {
    const maker = isMadeKind(kind) ? RECORD_MAKERS[kind] : undefined;
    if (!maker) throw new Error(`A route reads "${kind}" records but test/server/record-makers.ts has no maker for them.`);
    const records = randomRecords(node, random, world, RECORDS_PER_KIND);
    await maker(ctx, records, random, world.users[0]!.id, recordsByKind);
    recordsByKind.set(kind, records);
  }
  // Publish them as TAXII serves them: change records, then the publisher.
  const byId = new Map<string, StoredRecord>();
  for (const kind of PUBLISHED_KINDS) {
    const records = recordsByKind.get(kind) ?? [];
    for (const r of records) byId.set(r.id, r);
    const version = kind === 'incident' || kind === 'actor' || kind === 'indicator' ? 2 : 1;
    for (let i = 0; i < records.length; i += 500)
      await changeRepository(ctx.database.db).record(
        records.slice(i, i + 500).map((r) => ({ at: new Date(), record_kind: kind, record_id: r.id, version, change: 'create' })),
      );
  }
  while ((await publishDue(ctx, 2_000)) > 0);
  const published = await ctx.database.db
    .selectFrom('stix_objects')
    .select(['stix_id', 'record_id', 'reference', sql<string>`object::text`.as('object')])
    .execute();
  for (const row of published) {
    if (row.reference) continue;
    const record = byId.get(row.record_id);
    if (!record) throw new Error(`published ${row.stix_id} is of no stored record`);
    recordOfObject.set(row.stix_id, record);
    if (row.stix_id.endsWith(`--${row.record_id}`)) objectOfRecord.set(row.record_id, row.stix_id);
    const object = JSON.parse(row.object) as { created_by_ref?: string; object_marking_refs?: string[] };
    const named = [...(object.object_marking_refs ?? []), ...(object.created_by_ref ? [object.created_by_ref] : [])];
    // A label's marking names Concord's identity.
    if (named.some((id) => id.startsWith('marking-definition--') && TLP_BY_MARKING[id] === undefined)) named.push(CONCORD_IDENTITY);
    for (const id of named) namersOf.set(id, [...(namersOf.get(id) ?? []), record]);
  }
});
afterAll(() => node.close());

/** The kinds a read path serves. */
const kindsRead = (reads: { recordKind: string; alsoKinds?: readonly string[] }) => [reads.recordKind, ...(reads.alsoKinds ?? [])];
const rank = (kind: string) => (isMadeKind(kind) ? MAKER_ORDER.indexOf(kind) : MAKER_ORDER.length);
/** The oracle's answer for a record, read through its parents when it has them. */
const mayRead = (user: OracleUser, record: StoredRecord) =>
  [record.label, ...(record.through ?? [])].every((label) => oracleMayRead(user, label, COMMUNITIES));
const taxiiUrl = (url: string) => url.replace(':collection', COLLECTION_ID);
const getUrls = () => node.app.registered.filter((r) => r.method === 'GET').map((r) => r.url);

describe('read paths', () => {
  it('every GET route in the router declares how it reads labelled records', () => {
    const { paths, undeclared } = readPathsOf(node.app, getUrls());
    expect(undeclared).toEqual([]);
    expect(paths.some((p) => p.reads.kind === 'record')).toBe(true);
    expect(paths.some((p) => p.reads.kind === 'list')).toBe(true);
  });

  it('some read path reads every kind of the record-kind registry, so the walk below covers them all', () => {
    expect(RECORD_KIND_NAMES.filter((kind) => !recordsByKind.has(kind))).toEqual([]);
  });
});

describe('S1: every read path agrees with the oracle', () => {
  it('over at least 100,000 (user, record, read path) triples, with zero disagreements', async () => {
    const { paths } = readPathsOf(node.app, getUrls());
    const started = performance.now();
    let triples = 0;
    let aggregateChecks = 0;
    const disagreements: string[] = [];
    const check = (user: OracleUser, record: StoredRecord, visible: boolean, sourcesShown: boolean | null, path: string) => {
      triples++;
      const expected = mayRead(user, record);
      if (visible !== expected) disagreements.push(`${path}: user ${user.id} record ${record.id} visible=${visible} oracle=${expected}`);
      if (visible && sourcesShown !== null) {
        const expectedField = record.field ? expected && oracleMayReadField(user, record.label, record.field, COMMUNITIES) : false;
        if (sourcesShown !== expectedField) disagreements.push(`${path} (sources): user ${user.id} record ${record.id}`);
      }
    };
    /** Seconds spent on each read path: the slowest are printed, for whoever has to make the run shorter. */
    const spent: [string, number][] = [];
    for (const path of paths) {
      // Derived figures have checks of their own (below).
      if (path.reads.kind === 'none' || path.reads.kind === 'derived') continue;
      const pathStarted = performance.now();
      await checkPath(path);
      spent.push([path.url, (performance.now() - pathStarted) / 1000]);
    }
    async function checkPath(path: (typeof paths)[number]) {
      if (path.reads.kind === 'none' || path.reads.kind === 'derived') return;
      if (path.reads.kind === 'taxii') {
        await checkTaxii(path.url, path.reads.form);
        return;
      }
      if (path.reads.kind === 'public') {
        await checkPublic(path.url, path.reads.recordKind, path.reads.form);
        return;
      }
      const records = kindsRead(path.reads).flatMap((kind) => recordsByKind.get(kind) ?? []);
      const byId = new Map(records.map((r) => [r.id, r]));
      for (const user of world.users) {
        const headers = bearer(tokens.get(user.id)!);
        if (path.reads.kind === 'aggregate') {
          const expected = records.filter((r) => mayRead(user, r)).length;
          // Without a viewport and with the whole world as one (the map then answers from its cell counts).
          for (const url of [path.url, `${path.url}?bbox=-180,-90,180,90`]) {
            const response = await node.app.http.inject({ method: 'GET', url, headers });
            expect(response.statusCode).toBe(200);
            aggregateChecks++;
            if (response.json().total !== expected)
              disagreements.push(`${url}: user ${user.id} total ${response.json().total}, oracle ${expected}`);
            // The timeline's counts per bucket add up to the same total (nothing unreadable in a bucket).
            const buckets = (response.json() as { buckets?: { count: number }[] }).buckets;
            if (buckets && buckets.reduce((sum, b) => sum + b.count, 0) !== expected)
              disagreements.push(`${url}: user ${user.id} buckets add up to other than ${expected}`);
          }
        } else if (path.reads.kind === 'export') {
          const response = await node.app.http.inject({ method: 'GET', url: `${path.url}?format=json`, headers });
          expect(response.statusCode).toBe(200);
          const shown = new Map(
            (response.json() as { id: string; recordId?: string; sources?: unknown }[]).map((item) => [
              item.recordId ?? item.id,
              item.sources !== undefined,
            ]),
          );
          for (const record of records) check(user, record, shown.has(record.id), shown.get(record.id) ?? null, path.url);
          for (const id of shown.keys()) if (!byId.has(id)) disagreements.push(`${path.url}: unknown id ${id}`);
        } else if (path.reads.kind === 'list') {
          // Each order the list takes pages through the same records (for fewer readers: each walk reads them all).
          const sorts = world.users.indexOf(user) < SORTED_LIST_READERS ? (path.reads.sorts ?? []) : [];
          for (const sort of [null, ...sorts]) {
            const shown = new Map<string, boolean>();
            const served = new Set<string>();
            let cursor: string | null = null;
            do {
              const response = await node.app.http.inject({
                method: 'GET',
                url: `${path.url}?limit=200${sort ? `&sort=${sort}` : ''}${cursor ? `&cursor=${cursor}` : ''}`,
                headers,
              });
              expect(response.statusCode).toBe(200);
              const page = response.json() as { items: { id: string; recordId?: string; sources?: unknown }[]; next: string | null };
              for (const item of page.items) {
                if (served.has(item.id)) disagreements.push(`${path.url} sort ${sort}: ${item.id} served twice`);
                served.add(item.id);
                shown.set(item.recordId ?? item.id, item.sources !== undefined);
              }
              cursor = page.next;
            } while (cursor);
            const where = sort ? `${path.url}?sort=${sort}` : path.url;
            for (const record of records) check(user, record, shown.has(record.id), shown.get(record.id) ?? null, where);
            for (const id of shown.keys()) if (!byId.has(id)) disagreements.push(`${where}: unknown id ${id}`);
          }
        } else {
          for (let i = 0; i < SAMPLED_PER_USER; i++) {
            const record = random.pick(records);
            const response = await node.app.http.inject({ method: 'GET', url: path.url.replace(':id', record.id), headers });
            const visible = response.statusCode === 200;
            if (!visible && response.statusCode !== 404) disagreements.push(`${path.url}: status ${response.statusCode}`);
            const isJson = String(response.headers['content-type'] ?? '').startsWith('application/json');
            const body = visible && isJson ? (response.json() as { id?: string; sources?: unknown }) : null;
            // Field groups are checked on bodies that are the record itself (downloads have none).
            check(user, record, visible, body?.id === record.id ? body.sources !== undefined : null, path.url);
          }
        }
      }
    }
    /**
     * Without sign-in: a record its host released publicly (and not recalled) is served, any other
     * answers exactly as a missing one; the feed names public records only, the latest up to its
     * length.
     */
    async function checkPublic(url: string, kind: string, form: 'record' | 'feed') {
      const records = recordsByKind.get(kind) ?? [];
      const isPublic = (r: StoredRecord) => r.isPublic === true && r.label.state === 'active';
      expect(records.some(isPublic)).toBe(true);
      if (form === 'feed') {
        const response = await node.app.http.inject({ method: 'GET', url });
        expect(response.statusCode).toBe(200);
        const shown = [...response.body.matchAll(/<id>urn:uuid:([0-9a-f-]{36})<\/id>/g)].map((m) => m[1]!);
        const byId = new Map(records.map((r) => [r.id, r]));
        for (const id of shown) {
          triples++;
          if (!byId.has(id) || !isPublic(byId.get(id)!)) disagreements.push(`${url}: ${id} is not public`);
        }
        if (shown.length !== Math.min(100, records.filter(isPublic).length)) disagreements.push(`${url}: ${shown.length} entries`);
        return;
      }
      const missing = await node.app.http.inject({ method: 'GET', url: url.replace(':id', node.ctx.ids.uuid()) });
      expect(missing.statusCode).toBe(404);
      for (const record of records) {
        triples++;
        const response = await node.app.http.inject({ method: 'GET', url: url.replace(':id', record.id) });
        if ((response.statusCode === 200) !== isPublic(record))
          disagreements.push(`${url}: record ${record.id} status ${response.statusCode}, public=${isPublic(record)}`);
        if (response.statusCode !== 200 && response.body !== missing.body)
          disagreements.push(`${url}: ${record.id} answers unlike a missing one`);
      }
    }

    /** TAXII: pages list each readable record's object (and its companions) and nothing else; by id, unreadable answers 404. */
    async function checkTaxii(url: string, form: 'pages' | 'object') {
      const records = [...new Set(recordOfObject.values())];
      expect(records.length).toBeGreaterThan(0);
      for (const user of form === 'pages' ? world.users.slice(0, TAXII_PAGE_READERS) : world.users) {
        const headers = bearer(tokens.get(user.id)!);
        if (form === 'pages') {
          const shown = new Map<string, boolean | null>();
          let next: string | undefined;
          do {
            const response = await node.app.http.inject({
              method: 'GET',
              url: `${taxiiUrl(url)}?limit=1000${next ? `&next=${encodeURIComponent(next)}` : ''}`,
              headers,
            });
            expect(response.statusCode).toBe(200);
            const page = JSON.parse(response.body) as {
              objects?: { id: string; type?: string; extensions?: Record<string, { sources?: unknown }> }[];
              more: boolean;
              next?: string;
            };
            for (const object of page.objects ?? []) {
              const record = recordOfObject.get(object.id);
              const namers = namersOf.get(object.id);
              // TLP markings and Concord's identity are public.
              if (!record && (object.id === CONCORD_IDENTITY || TLP_BY_MARKING[object.id] !== undefined)) continue;
              if (!record && namers) {
                // A label's marking or an organisation's identity: only to a reader of a record that names it.
                if (!namers.some((r) => mayRead(user, r))) disagreements.push(`${url}: user ${user.id} was served ${object.id}`);
                continue;
              }
              if (!record) {
                disagreements.push(`${url}: unknown object ${object.id}`);
                continue;
              }
              if (!mayRead(user, record)) disagreements.push(`${url}: user ${user.id} was served ${object.id} of unreadable ${record.id}`);
              if (object.id === objectOfRecord.get(record.id))
                shown.set(record.id, object.type === 'incident' ? object.extensions?.[EXTENSIONS.incident]?.sources !== undefined : null);
            }
            next = page.more ? page.next : undefined;
          } while (next);
          for (const record of records)
            check(user, record, shown.has(record.id), record.field ? (shown.get(record.id) ?? null) : null, url);
        } else {
          for (let i = 0; i < SAMPLED_PER_USER; i++) {
            const record = random.pick(records);
            const response = await node.app.http.inject({
              method: 'GET',
              url: taxiiUrl(url).replace(':object', objectOfRecord.get(record.id)!),
              headers,
            });
            if (response.statusCode !== 200 && response.statusCode !== 404) disagreements.push(`${url}: status ${response.statusCode}`);
            check(user, record, response.statusCode === 200, null, url);
          }
        }
      }
    }
    /**
     * Peers' pulls: what a peer node is sent (the path an authenticated pull takes after its
     * signature is checked) holds exactly this node's own records the peer may receive under the
     * node rule, read through their parents, against the node oracle — never another nation's,
     * never a companion alone.
     */
    let peerRecords = 0;
    let peerReceivable = 0;
    for (let i = 0; i < PULLING_PEERS; i++) {
      const nation = random.pick(NATIONS.filter((n) => n !== node.ctx.node.nation));
      const accreditation = random.pick(['UNCLASSIFIED', 'RESTRICTED', 'CONFIDENTIAL', 'SECRET'] as const);
      const caveats = random.subset(CAVEATS, 0.6);
      const oracleNode: OracleNode = {
        nation,
        accreditation,
        caveats,
        orgs: world.orgs.filter((o) => o.nation === nation).map((o) => o.id),
        users: world.users.filter((u) => u.nation === nation).map((u) => u.id),
      };
      const peer = { node_id: `peer-${i}`, nation, accreditation, caveats } as PeerRow;
      const reader = { kind: 'node' as const, peer, audience: await nodeAudienceOf(node.ctx.database.db, peer) };
      const mayReceive = (record: StoredRecord) =>
        record.label.originatorNation === node.ctx.node.nation &&
        [record.label, ...(record.through ?? [])].every((label) => oracleMayReceive(oracleNode, label, COMMUNITIES));
      const sent = new Set<string>();
      let next: string | undefined;
      do {
        const result = await getObjects(node.ctx, reader, { limit: 5_000, ...(next ? { next } : {}) });
        const page = JSON.parse(result.text) as { objects: { id: string }[]; more: boolean; next?: string };
        for (const object of page.objects) {
          const record = recordOfObject.get(object.id);
          if (!record) disagreements.push(`peer ${nation}: sent ${object.id}, of no record`);
          else if (!mayReceive(record)) disagreements.push(`peer ${nation}: sent ${object.id} of ${record.id}, not receivable`);
          else if (object.id === objectOfRecord.get(record.id)) sent.add(record.id);
          else disagreements.push(`peer ${nation}: sent ${object.id}, a companion (peers build their own)`);
        }
        next = page.more ? page.next : undefined;
      } while (next);
      for (const record of new Set(recordOfObject.values())) {
        triples++;
        peerRecords++;
        if (mayReceive(record)) peerReceivable++;
        if (sent.has(record.id) !== mayReceive(record))
          disagreements.push(`peer ${nation}: record ${record.id} sent=${sent.has(record.id)} oracle=${mayReceive(record)}`);
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const slowest = spent
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([url, seconds]) => `${url} ${seconds.toFixed(0)} s`);
    console.log(`releasability property test: slowest read paths: ${slowest.join(', ')}`);
    console.log(
      `releasability property test: ${triples} triples in ${seconds.toFixed(1)} s (${Math.round(triples / seconds)} triples/s, ${node.ctx.database.kind}); ${aggregateChecks} aggregate totals checked; ${peerRecords} (peer, record) pairs`,
    );
    expect(disagreements.slice(0, 10)).toEqual([]);
    expect(aggregateChecks).toBeGreaterThan(0);
    // The peers' pulls mean something: some records reach them, and some do not.
    expect(peerReceivable).toBeGreaterThan(0);
    expect(peerReceivable).toBeLessThan(peerRecords);
    expect(triples).toBeGreaterThanOrEqual(100_000);
  }, 1_800_000);
});

describe('S1: clash answers', () => {
  /**
   * Every stored exercise takes part with every nation at one venue, so any two that overlap clash;
   * a busy block clashes where it keeps the whole nation busy or the exercise's own unit. A clash
   * answer must name exactly the overlapping exercises (not cancelled) and published blocks its
   * reader may read, and nothing else.
   */
  it('name exactly the overlapping exercises and busy blocks each reader may read', async () => {
    const db = node.ctx.database.db;
    const exercises = await db.selectFrom('exercises').select(['id', 'starts_at', 'ends_at', 'status', 'units']).execute();
    const blocks = await db
      .selectFrom('busy_blocks')
      .select(['id', 'starts_at', 'ends_at', 'unit', 'originator_nation', 'status'])
      .execute();
    const byId = new Map([...(recordsByKind.get('exercise') ?? []), ...(recordsByKind.get('busy-block') ?? [])].map((r) => [r.id, r]));
    const overlaps = (a: { starts_at: Date | string; ends_at: Date | string }, b: { starts_at: Date | string; ends_at: Date | string }) =>
      new Date(a.starts_at) < new Date(b.ends_at) && new Date(b.starts_at) < new Date(a.ends_at);
    let answers = 0;
    let named = 0;
    const disagreements: string[] = [];
    for (const user of world.users.slice(0, 12)) {
      const headers = bearer(tokens.get(user.id)!);
      const readable = exercises.filter((e) => mayRead(user, byId.get(e.id)!));
      for (let i = 0; i < 15 && readable.length > 0; i++) {
        const exercise = random.pick(readable);
        const response = await node.app.http.inject({ method: 'GET', url: `/api/exercises/${exercise.id}/clashes`, headers });
        expect(response.statusCode).toBe(200);
        const shown = new Set(
          (response.json() as { clashes: { with: { kind: string; id?: string } }[] }).clashes.flatMap((c) =>
            c.with.id ? [c.with.id] : [],
          ),
        );
        const units = exercise.units as { nation: string; name: string }[];
        const expected = new Set([
          ...exercises
            .filter((o) => o.id !== exercise.id && o.status !== 'cancelled' && overlaps(exercise, o) && mayRead(user, byId.get(o.id)!))
            .map((o) => o.id),
          ...blocks
            .filter(
              (b) =>
                b.status === 'published' &&
                overlaps(exercise, b) &&
                (b.unit === null || units.some((u) => u.nation === b.originator_nation && u.name === b.unit)) &&
                mayRead(user, byId.get(b.id)!),
            )
            .map((b) => b.id),
        ]);
        answers++;
        named += shown.size;
        for (const id of shown) if (!expected.has(id)) disagreements.push(`user ${user.id}, exercise ${exercise.id}: ${id} named`);
        for (const id of expected) if (!shown.has(id)) disagreements.push(`user ${user.id}, exercise ${exercise.id}: ${id} missing`);
      }
    }
    expect(disagreements.slice(0, 10)).toEqual([]);
    expect(answers).toBeGreaterThan(100);
    // The check means something: the answers name records.
    expect(named).toBeGreaterThan(answers);
  }, 600_000);
});

describe('S2: an unreadable record answers exactly as a missing one', () => {
  it('on every record read path, byte for byte', async () => {
    const { paths } = readPathsOf(node.app, getUrls());
    const recordPaths = paths.filter((p) => p.reads.kind === 'record' || (p.reads.kind === 'taxii' && p.reads.form === 'object'));
    expect(recordPaths.length).toBeGreaterThan(0);
    let compared = 0;
    for (const path of recordPaths) {
      const taxii = path.reads.kind === 'taxii';
      const records =
        path.reads.kind === 'record' ? (recordsByKind.get(path.reads.recordKind) ?? []) : [...new Set(recordOfObject.values())];
      // A record path takes the record's id; a TAXII one its object's STIX id (a missing one of the same type).
      const urlOf = (id: string) => (taxii ? taxiiUrl(path.url).replace(':object', id) : path.url.replace(':id', id));
      for (const user of world.users.slice(0, 10)) {
        const hidden = records.find((r) => !mayRead(user, r));
        if (!hidden) continue;
        const hiddenId = taxii ? objectOfRecord.get(hidden.id)! : hidden.id;
        const missingId = taxii ? `${hiddenId.split('--')[0]}--${node.ctx.ids.uuid()}` : node.ctx.ids.uuid();
        const headers = bearer(tokens.get(user.id)!);
        const unreadable = await node.app.http.inject({ method: 'GET', url: urlOf(hiddenId), headers });
        const missing = await node.app.http.inject({ method: 'GET', url: urlOf(missingId), headers });
        expect(unreadable.statusCode).toBe(404);
        expect(unreadable.statusCode).toBe(missing.statusCode);
        expect(unreadable.body).toBe(missing.body);
        for (const header of ['content-type', 'content-length', 'cache-control'])
          expect(unreadable.headers[header]).toBe(missing.headers[header]);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(0);
  });
});

/** The derived read paths the checks below walked, by their `checkedBy`. */
const derivedChecked = new Map<string, string[]>();

describe('S1: after-exercise reports', () => {
  it('name exactly the observations each reader may read, and answer an unreadable exercise as a missing one', async () => {
    const db = node.ctx.database.db;
    const exercises = new Map((recordsByKind.get('exercise') ?? []).map((r) => [r.id, r]));
    const observations = new Map((recordsByKind.get('observation') ?? []).map((r) => [r.id, r]));
    const rows = await db.selectFrom('observations').select(['id', 'exercise_id', 'title']).execute();
    const byExercise = new Map<string, typeof rows>();
    for (const row of rows) byExercise.set(row.exercise_id, [...(byExercise.get(row.exercise_id) ?? []), row]);
    // The exercises with the most observations: each report then names some and leaves others out.
    const sample = [...byExercise.entries()].sort((a, b) => b[1].length - a[1].length).slice(0, 8);
    expect(sample.length).toBeGreaterThan(0);
    const disagreements: string[] = [];
    let named = 0;
    let left = 0;
    for (const user of world.users) {
      const headers = bearer(tokens.get(user.id)!);
      for (const [exerciseId, its] of sample) {
        const response = await node.app.http.inject({ method: 'GET', url: `/api/exercises/${exerciseId}/report`, headers });
        if (!mayRead(user, exercises.get(exerciseId)!)) {
          if (response.statusCode !== 404) disagreements.push(`user ${user.id}: exercise ${exerciseId} answered ${response.statusCode}`);
          continue;
        }
        if (response.statusCode !== 200) {
          disagreements.push(`user ${user.id}: exercise ${exerciseId} answered ${response.statusCode}`);
          continue;
        }
        for (const o of its) {
          const shown = new RegExp(`\\b${o.title}(?!\\d)`).test(response.body);
          const expected = mayRead(user, observations.get(o.id)!);
          if (shown !== expected) disagreements.push(`user ${user.id}: observation ${o.id} ${shown ? 'shown' : 'left out'}`);
          if (expected) named++;
          else left++;
        }
      }
    }
    expect(disagreements.slice(0, 10)).toEqual([]);
    // The check means something: reports named observations and left others out.
    expect(named).toBeGreaterThan(0);
    expect(left).toBeGreaterThan(0);
  }, 600_000);
});

/**
 * Runs last: it turns some of the stored records into an exercise's records (alerts and rooms
 * marked with exercises, offers answering requests and moves accepting them), which the walks
 * above need not see.
 */
describe('S1: exercise metrics', () => {
  it('rest on exactly the records each reader may read, the exercise and its lead included', async () => {
    const db = node.ctx.database.db;
    const stored = (kind: string) => new Map((recordsByKind.get(kind) ?? []).map((r) => [r.id, r]));
    const [exerciseRecords, alertRecords, responseRecords, crisisRecords, entryRecords] = [
      stored('exercise'),
      stored('alert'),
      stored('alert-response'),
      stored('crisis'),
      stored('crisis-entry'),
    ];
    const exercises = [...exerciseRecords.values()];
    const ledBy = (nation: string) => exercises.filter((e) => e.label.originatorNation === nation);
    // Most alerts and rooms are their own nation's exercise's, as injects make them; a tenth
    // another nation's, which must not enter that exercise's figures.
    // The room everyone may read (where half the entries are) is an exercise's everyone may read,
    // led by the room's nation: every reader then has figures of every measure to compare.
    const hub = recordsByKind.get('crisis')![0]!;
    const shared = exercises[0]!;
    shared.label = {
      ...hub.label,
      classification: 'UNCLASSIFIED',
      relTo: [...NATIONS],
      caveats: [],
      tlp: 'CLEAR',
      recipientOrgs: [],
      recipientUsers: [],
      state: 'active',
    };
    await db
      .updateTable('exercises')
      .set(labelToColumns(toLabel(shared.label, 1)))
      .where('id', '=', shared.id)
      .execute();
    const exerciseFor = (record: StoredRecord) => {
      if (record === hub) return shared;
      const own = ledBy(record.label.originatorNation);
      return random.chance(0.1) || own.length === 0 ? random.pick(exercises) : random.pick(own);
    };
    await db.transaction().execute(async (tx) => {
      for (const alert of alertRecords.values())
        await tx
          .updateTable('alerts')
          .set({ exercise: true, exercise_id: exerciseFor(alert).id })
          .where('id', '=', alert.id)
          .execute();
      for (const crisis of crisisRecords.values())
        await tx
          .updateTable('crises')
          .set({ exercise: true, exercise_id: exerciseFor(crisis).id })
          .where('id', '=', crisis.id)
          .execute();
      // In each room, log entries become offers answering its requests and the requesting nation's
      // moves accepting them; some offers are left declined, and every fifth request gets an accepted
      // offer from another room too (as a partner's node could send one), which must not count.
      const entries = await tx.selectFrom('crisis_entries').select(['id', 'crisis_id', 'kind']).execute();
      const rooms = new Map<string, typeof entries>();
      for (const e of entries) rooms.set(e.crisis_id, [...(rooms.get(e.crisis_id) ?? []), e]);
      const spare = [...rooms.values()].flatMap((inRoom) => inRoom.filter((e) => e.kind === 'log').slice(0, 2));
      const taken = new Set(spare.map((e) => e.id));
      let requests = 0;
      const answer = async (request: { id: string; crisis_id: string }, offer: { id: string }, move: { id: string }, state: string) => {
        await tx
          .updateTable('crisis_entries')
          .set({ kind: 'offer', request_id: request.id, entry_state: state, content: JSON.stringify({ what: 'help', quantity: '' }) })
          .where('id', '=', offer.id)
          .execute();
        const requester = entryRecords.get(request.id)!.label;
        const mover = entryRecords.get(move.id)!;
        mover.label = { ...mover.label, originatorNation: requester.originatorNation, originatorOrg: requester.originatorOrg };
        await tx
          .updateTable('crisis_entries')
          .set({
            kind: 'update',
            subject_id: offer.id,
            content: JSON.stringify({ action: 'accept' }),
            ...labelToColumns(toLabel(mover.label, 1)),
          })
          .where('id', '=', move.id)
          .execute();
      };
      for (const inRoom of rooms.values()) {
        const logs = inRoom.filter((e) => e.kind === 'log' && !taken.has(e.id));
        for (const request of inRoom.filter((e) => e.kind === 'request')) {
          if (logs.length < 2) break;
          await answer(request, logs.pop()!, logs.pop()!, random.chance(0.8) ? 'accepted' : 'declined');
          if (++requests % 5 === 0 && spare.length >= 2) {
            const [offer, move] = [spare.pop()!, spare.pop()!];
            if (offer.crisis_id !== request.crisis_id) await answer(request, offer, move, 'accepted');
          }
        }
      }
    });

    const [alerts, responses, desks, crises, entries, exerciseRows] = await Promise.all([
      db.selectFrom('alerts').select(['id', 'exercise_id', 'originator_nation', 'raised_at']).execute(),
      db.selectFrom('alert_responses').select(['id', 'alert_id', 'desk_id', 'kind', 'responded_at']).execute(),
      db.selectFrom('desks').select(['id', 'name', 'nation']).execute(),
      db.selectFrom('crises').select(['id', 'exercise_id', 'originator_nation', 'declared_at']).execute(),
      db
        .selectFrom('crisis_entries')
        .select(['id', 'crisis_id', 'kind', 'request_id', 'subject_id', 'originator_nation', 'entered_at', 'entry_state'])
        .execute(),
      db.selectFrom('exercises').select(['id', 'originator_nation']).execute(),
    ]);
    const leadOf = new Map(exerciseRows.map((e) => [e.id, e.originator_nation]));
    const alertById = new Map(alerts.map((a) => [a.id, a]));
    const deskById = new Map(desks.map((d) => [d.id, d]));
    const crisisById = new Map(crises.map((c) => [c.id, c]));
    const entryById = new Map(entries.map((e) => [e.id, e]));
    /** An alert or room counts for its exercise when the reader may read both and the exercise's lead made it. */
    const counts = (user: OracleUser, record: { exercise_id: string | null; originator_nation: string }, stored: StoredRecord) =>
      record.exercise_id !== null &&
      leadOf.get(record.exercise_id) === record.originator_nation &&
      mayRead(user, exerciseRecords.get(record.exercise_id)!) &&
      mayRead(user, stored);

    const factsFor = (user: OracleUser): MetricFacts => ({
      acknowledgements: responses.flatMap((r) => {
        const alert = alertById.get(r.alert_id)!;
        const desk = deskById.get(r.desk_id)!;
        return r.kind === 'acknowledge' && counts(user, alert, alertRecords.get(alert.id)!) && mayRead(user, responseRecords.get(r.id)!)
          ? [
              {
                exerciseId: alert.exercise_id!,
                deskId: desk.id,
                deskName: desk.name,
                nation: desk.nation,
                raisedAt: new Date(alert.raised_at),
                at: new Date(r.responded_at),
              },
            ]
          : [];
      }),
      reports: entries.flatMap((e) => {
        const crisis = crisisById.get(e.crisis_id)!;
        // The lead's own reports in its rooms are its script, not measured.
        return e.kind === 'sitrep' &&
          e.originator_nation !== leadOf.get(crisis.exercise_id ?? '') &&
          counts(user, crisis, crisisRecords.get(crisis.id)!) &&
          mayRead(user, entryRecords.get(e.id)!)
          ? [
              {
                exerciseId: crisis.exercise_id!,
                crisisId: crisis.id,
                nation: e.originator_nation,
                openedAt: new Date(crisis.declared_at),
                at: new Date(e.entered_at),
              },
            ]
          : [];
      }),
      requests: entries.flatMap((e) => {
        const crisis = crisisById.get(e.crisis_id)!;
        if (e.kind !== 'request' || !counts(user, crisis, crisisRecords.get(crisis.id)!) || !mayRead(user, entryRecords.get(e.id)!))
          return [];
        // The requesting nation's accepts of offers in the same room, left accepted.
        const accepts = entries.filter((move) => {
          const offer = move.kind === 'update' && move.subject_id ? entryById.get(move.subject_id) : undefined;
          return (
            offer?.kind === 'offer' &&
            offer.entry_state === 'accepted' &&
            offer.crisis_id === e.crisis_id &&
            move.crisis_id === e.crisis_id &&
            move.originator_nation === e.originator_nation &&
            offer.request_id === e.id &&
            mayRead(user, entryRecords.get(offer.id)!) &&
            mayRead(user, entryRecords.get(move.id)!)
          );
        });
        const acceptedAt = accepts.length ? new Date(Math.min(...accepts.map((m) => new Date(m.entered_at).getTime()))) : null;
        return [
          {
            exerciseId: crisis.exercise_id!,
            requestId: e.id,
            nation: e.originator_nation,
            requestedAt: new Date(e.entered_at),
            acceptedAt,
          },
        ];
      }),
    });

    const key = (row: object) => JSON.stringify(row);
    const disagreements: string[] = [];
    /** Acknowledgements each reader's figures rest on, as the oracle counts them and as the answer does. */
    const acknowledged: number[] = [];
    let measured = 0;
    for (const user of world.users) {
      const headers = bearer(tokens.get(user.id)!);
      const expectedFacts = factsFor(user);
      const expected = exerciseMetrics(expectedFacts);
      acknowledged.push(expectedFacts.acknowledgements.length);
      const response = await node.app.http.inject({ method: 'GET', url: '/api/exercises/metrics', headers });
      expect(response.statusCode).toBe(200);
      const shown = response.json() as MetricsView;
      const shownAcks = shown.rows.reduce((sum, r) => sum + (r.measure === 'acknowledge' && !r.desk ? r.count : 0), 0);
      if (shownAcks !== expectedFacts.acknowledgements.length)
        disagreements.push(`user ${user.id}: ${shownAcks} acknowledgements measured, oracle ${expectedFacts.acknowledgements.length}`);
      measured += shown.rows.length;
      const shownKeys = new Set(shown.rows.map(key));
      const expectedKeys = new Set(expected.map(key));
      for (const row of shownKeys) if (!expectedKeys.has(row)) disagreements.push(`user ${user.id}: shown ${row}`);
      for (const row of expectedKeys) if (!shownKeys.has(row)) disagreements.push(`user ${user.id}: missing ${row}`);
      const named = new Set(expected.map((r) => r.exerciseId));
      if (shown.exercises.some((e) => !named.has(e.id)) || shown.exercises.length !== named.size)
        disagreements.push(`user ${user.id}: exercises ${shown.exercises.map((e) => e.id).join(',')}`);
      // The CSV holds the same rows.
      const csv = await node.app.http.inject({ method: 'GET', url: '/api/exercises/metrics/export', headers });
      expect(csv.statusCode).toBe(200);
      const lines = parseCsv(csv.body, { columns: true }) as { exercise_id: string; count: string }[];
      if (lines.length !== expected.length || lines.some((l) => !named.has(l.exercise_id)))
        disagreements.push(`user ${user.id}: CSV of ${lines.length} rows, expected ${expected.length}`);
    }
    derivedChecked.set('S1: exercise metrics', ['/api/exercises/metrics', '/api/exercises/metrics/export']);
    expect(disagreements.slice(0, 10)).toEqual([]);
    // The check means something: readers see figures of every measure, and not every reader the same.
    expect(measured).toBeGreaterThan(world.users.length);
    expect(new Set(acknowledged).size).toBeGreaterThan(1);
    for (const measure of ['acknowledge', 'first-report', 'offer-accepted'])
      expect(world.users.some((u) => exerciseMetrics(factsFor(u)).some((r) => r.measure === measure))).toBe(true);
  }, 600_000);
});

describe('derived read paths', () => {
  it('each has its own check above, which walked it', () => {
    const { paths } = readPathsOf(node.app, getUrls());
    const derived = paths.flatMap((p) => (p.reads.kind === 'derived' ? [{ url: p.url, checkedBy: p.reads.checkedBy }] : []));
    expect(derived.length).toBeGreaterThan(0);
    for (const path of derived) expect(derivedChecked.get(path.checkedBy) ?? []).toContain(path.url);
  });
});
