/**
 * S1 and S2: the releasability property test over every read path the router holds, against the
 * independent oracle; and "unreadable equals missing", byte for byte, on every record path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oracleMayRead, oracleMayReadField } from '../oracle/releasability-oracle';
import { COMMUNITIES, seededRandom } from '../oracle/random-labels';
import { RECORD_MAKERS } from './record-makers';
import type { StoredRecord } from './record-makers';
import { randomRecords, storeOracleWorld } from '../kit/oracle-world';
import { bearer } from '../kit/http';
import { startTestNode } from '../kit/test-node';
import { readPathsOf } from './read-paths';
import type { OracleUser } from '../oracle/releasability-oracle';
import type { World } from '../oracle/random-labels';
import type { TestNode } from '../kit/test-node';

const USERS = 40;
/** Per kind; with every read path of every kind this stays well above 100,000 triples per run. */
const RECORDS_PER_KIND = 800;
const SAMPLED_PER_USER = 40;

let node: TestNode;
let world: World;
const recordsByKind = new Map<string, StoredRecord[]>();
const tokens = new Map<string, string>();
const random = seededRandom(Number(process.env.CONCORD_PROPERTY_SEED ?? 2025_07_15));

beforeAll(async () => {
  node = await startTestNode();
  const { ctx } = node;
  const stored = await storeOracleWorld(node, random, USERS);
  world = stored.world;
  for (const [id, token] of stored.tokens) tokens.set(id, token);
  const kinds = new Set(readPathsOf(node.app, getUrls()).paths.flatMap((p) => (p.reads.kind === 'none' ? [] : [p.reads.recordKind])));
  for (const kind of kinds) {
    const maker = RECORD_MAKERS[kind];
    if (!maker) throw new Error(`A route reads "${kind}" records but test/server/record-makers.ts has no maker for them.`);
    const records = randomRecords(node, random, world, RECORDS_PER_KIND);
    await maker(ctx, records, random, world.users[0]!.id, recordsByKind);
    recordsByKind.set(kind, records);
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
    let aggregateChecks = 0;
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
    for (const path of paths) {
      if (path.reads.kind === 'none') continue;
      const records = recordsByKind.get(path.reads.recordKind) ?? [];
      const byId = new Map(records.map((r) => [r.id, r]));
      for (const user of world.users) {
        const headers = bearer(tokens.get(user.id)!);
        if (path.reads.kind === 'aggregate') {
          const expected = records.filter((r) => oracleMayRead(user, r.label, COMMUNITIES)).length;
          // Without a viewport and with the whole world as one (the map then answers from its cell counts).
          for (const url of [path.url, `${path.url}?bbox=-180,-90,180,90`]) {
            const response = await node.app.http.inject({ method: 'GET', url, headers });
            expect(response.statusCode).toBe(200);
            aggregateChecks++;
            if (response.json().total !== expected)
              disagreements.push(`${url}: user ${user.id} total ${response.json().total}, oracle ${expected}`);
          }
        } else if (path.reads.kind === 'export') {
          const response = await node.app.http.inject({ method: 'GET', url: `${path.url}?format=json`, headers });
          expect(response.statusCode).toBe(200);
          const shown = new Map(
            (response.json() as { id: string; sources?: unknown }[]).map((item) => [item.id, item.sources !== undefined]),
          );
          for (const record of records) check(user, record, shown.has(record.id), shown.get(record.id) ?? null, path.url);
          for (const id of shown.keys()) if (!byId.has(id)) disagreements.push(`${path.url}: unknown id ${id}`);
        } else if (path.reads.kind === 'list') {
          const shown = new Map<string, boolean>();
          let cursor: string | null = null;
          do {
            const response = await node.app.http.inject({
              method: 'GET',
              url: `${path.url}?limit=200${cursor ? `&cursor=${cursor}` : ''}`,
              headers,
            });
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
            const isJson = String(response.headers['content-type'] ?? '').startsWith('application/json');
            const body = visible && isJson ? (response.json() as { id?: string; sources?: unknown }) : null;
            // Field groups are checked on bodies that are the record itself (downloads have none).
            check(user, record, visible, body?.id === record.id ? body.sources !== undefined : null, path.url);
          }
        }
      }
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `releasability property test: ${triples} triples in ${seconds.toFixed(1)} s (${Math.round(triples / seconds)} triples/s, ${node.ctx.database.kind}); ${aggregateChecks} aggregate totals checked`,
    );
    expect(disagreements.slice(0, 10)).toEqual([]);
    expect(aggregateChecks).toBeGreaterThan(0);
    expect(triples).toBeGreaterThanOrEqual(100_000);
  }, 600_000);
});

describe('S2: an unreadable record answers exactly as a missing one', () => {
  it('on every record read path, byte for byte', async () => {
    const { paths } = readPathsOf(node.app, getUrls());
    const recordPaths = paths.filter((p) => p.reads.kind === 'record');
    expect(recordPaths.length).toBeGreaterThan(0);
    let compared = 0;
    for (const path of recordPaths) {
      const records = recordsByKind.get(path.reads.kind === 'none' ? '' : path.reads.recordKind) ?? [];
      for (const user of world.users.slice(0, 10)) {
        const hidden = records.find((r) => !oracleMayRead(user, r.label, COMMUNITIES));
        if (!hidden) continue;
        const headers = bearer(tokens.get(user.id)!);
        const unreadable = await node.app.http.inject({ method: 'GET', url: path.url.replace(':id', hidden.id), headers });
        const missing = await node.app.http.inject({ method: 'GET', url: path.url.replace(':id', node.ctx.ids.uuid()), headers });
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
