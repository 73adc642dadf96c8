/**
 * Imports write only what their caller could write by hand (docs/decisions/0010). A releasing
 * officer of one PAK organisation holds the ids of another PAK organisation's drafts (from an
 * export that organisation made) and tries them through every way in — the STIX import, its dry
 * run, TAXII add and a TAXII feed: nothing of the drafts changes, and every answer is the one the
 * same objects get under ids nobody holds. Relationships follow the PUT /links rule, and a link
 * is a new version of its incident, named in the audit. A feed updates only what it brought in.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTION_ID } from '../../src/server/domain/taxii/taxii-service';
import { TLP_BY_MARKING } from '../../src/server/domain/stix/stix-vocab';
import { label, makeOrg, makeToken, makeUser } from '../kit/factories';
import { anyVersion, bearer } from '../kit/http';
import { startTestNode } from '../kit/test-node';
import type { AddressInfo } from 'node:net';
import type { MadeUser } from '../kit/factories';
import type { TestNode } from '../kit/test-node';

type StixObject = Record<string, unknown> & { type: string; id: string };

let node: TestNode;
let server: http.Server;
let apiRoot: string;
/** The stand-in TAXII server's collections: what each serves, in the order it was added. */
const collections: Record<string, { added: string; object: StixObject }[]> = {};
const users: Record<string, MadeUser> = {};
const tokens: Record<string, string> = {};
let orgA = '';
let orgB = '';
/** Org A's first drafts (the relationship tests aim at them). */
const a = { actor: '', indicator: '', incident: '' };

const call = (who: string, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object) =>
  node.app.http.inject({ method, url, headers: { ...bearer(tokens[who]!), ...anyVersion(method) }, ...(payload ? { payload } : {}) });
const created = async (who: string, url: string, payload: object) => {
  const response = await call(who, 'POST', url, payload);
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as string;
};

const LATER = '2027-01-01T00:00:00.000Z';
/** The label officer B imports other producers' objects under (org A's drafts were marked TLP:AMBER+STRICT). */
const labelB = () => label({ tlp: 'AMBER+STRICT', recipients: { orgs: [orgB], users: [] } });
const bundle = (objects: object[]) => ({ type: 'bundle', id: `bundle--${crypto.randomUUID()}`, objects });
const importAs = (who: string, objects: object[], extra: object = {}) =>
  call(who, 'POST', '/api/stix/import', { bundle: bundle(objects), label: labelB(), ...extra });

/** An exported object as another producer would send a newer version of it: no Concord label, new content. */
function foreignForm(object: StixObject, content: object): StixObject {
  return {
    type: object.type,
    spec_version: '2.1',
    id: object.id,
    created: object.created,
    modified: LATER,
    object_marking_refs: (object.object_marking_refs as string[]).filter((ref) => TLP_BY_MARKING[ref] !== undefined),
    ...content,
  };
}

/**
 * New drafts of org A (an actor, an indicator, an incident linking them) and org A's export of
 * them: each test aims at ids officer B has never imported anything under.
 */
async function draftsOfA() {
  const n = crypto.randomInt(1, 250);
  const ids = {
    actor: await created('analystA', '/api/actors', { kind: 'armed-group', name: `Hidden Cell ${n}`, label: label() }),
    indicator: await created('analystA', '/api/indicators', { type: 'ipv4', value: `198.51.100.${n}`, label: label() }),
    incident: await created('analystA', '/api/incidents', {
      domain: 'other',
      subtype: 'other',
      title: 'Org A draft',
      occurredAt: '2026-11-22T00:00:00Z',
      timePrecision: 'day',
      place: { country: 'PAK', precision: 'country' },
      label: label(),
    }),
  };
  const linked = await call('analystA', 'PUT', `/api/incidents/${ids.incident}/links`, {
    actors: [ids.actor],
    indicators: [ids.indicator],
  });
  expect(linked.statusCode, linked.body).toBe(200);
  const exportA = await call('officerA', 'GET', '/api/incidents/export?format=stix');
  expect(exportA.statusCode).toBe(200);
  const objects = (exportA.json() as { objects: StixObject[] }).objects;
  const actor = objects.find((o) => o.id === `threat-actor--${ids.actor}`)!;
  const indicator = objects.find((o) => o.id === `indicator--${ids.indicator}`)!;
  expect([actor, indicator]).toEqual([expect.anything(), expect.anything()]);
  // They are org A's alone: 404 to officer B.
  expect((await call('officerB', 'GET', `/api/actors/${ids.actor}`)).statusCode).toBe(404);
  expect((await call('officerB', 'GET', `/api/indicators/${ids.indicator}`)).statusCode).toBe(404);
  return {
    ids,
    actor,
    indicator,
    markings: objects.filter((o) => o.type === 'marking-definition'),
    /** Newer versions as another producer would send them. */
    foreign: (modified = LATER) => [
      foreignForm(actor, { name: 'Renamed by B', modified }),
      foreignForm(indicator, { pattern: "[ipv4-addr:value = '203.0.113.66']", pattern_type: 'stix', valid_from: LATER, modified }),
    ],
  };
}

/** The same objects under ids nobody holds (the type kept), and the pairs to compare answers with. */
function underFreshIds(objects: StixObject[]): { objects: StixObject[]; pairs: [string, string][] } {
  const pairs = objects.map((o) => [o.id, `${o.type}--${crypto.randomUUID()}`] as [string, string]);
  return { objects: objects.map((o, i) => ({ ...o, id: pairs[i]![1] })), pairs };
}
/** An answer with the fresh ids written back as the originals (and anything else given), to compare byte for byte. */
const withIds = (body: string, pairs: [string, string][]) =>
  pairs.reduce((text, [original, fresh]) => text.split(fresh).join(original), body);

/** Everything of org A's records an import might touch: rows, versions and links. */
async function stateOfA(): Promise<string> {
  const db = node.ctx.database.db;
  const [actors, indicators, incidents] = await Promise.all([
    db.selectFrom('actors').selectAll().where('originator_org', '=', orgA).orderBy('id').execute(),
    db.selectFrom('indicators').selectAll().where('originator_org', '=', orgA).orderBy('id').execute(),
    db
      .selectFrom('incidents')
      .select(['id', 'version', 'updated_at', 'title', 'state', 'tlp'])
      .where('originator_org', '=', orgA)
      .orderBy('id')
      .execute(),
  ]);
  const ids = [...actors, ...indicators, ...incidents].map((r) => r.id);
  return JSON.stringify([
    actors,
    indicators,
    incidents,
    await db
      .selectFrom('record_versions')
      .select(['record_kind', 'id', 'version'])
      .where('id', 'in', ids)
      .orderBy('id')
      .orderBy('version')
      .execute(),
    await db.selectFrom('incident_versions').select(['id', 'version']).where('id', 'in', ids).orderBy('id').orderBy('version').execute(),
    await db
      .selectFrom('record_links')
      .selectAll()
      .where((eb) => eb.or([eb('from_id', 'in', ids), eb('to_id', 'in', ids)]))
      .orderBy('from_id')
      .orderBy('to_id')
      .execute(),
  ]);
}

const importAudits = (user: MadeUser) =>
  node.ctx.database.db
    .selectFrom('audit_log')
    .select(['details', 'outcome'])
    .where('action', '=', 'stix.import')
    .where('actor_id', '=', user.id)
    .orderBy('seq')
    .execute();

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const send = (status: number, body: object, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/taxii+json;version=2.1', ...headers });
      res.end(JSON.stringify(body));
    };
    const [, name, rest] = /^\/api1\/collections\/([^/]+)\/(.*)$/.exec(url.pathname) ?? [];
    const collection = name ? collections[name] : undefined;
    if (!collection) return send(404, { title: 'Not found' });
    if (rest === '') return send(200, { id: name, title: name, can_read: true, can_write: false });
    const after = url.searchParams.get('added_after');
    const page = collection.filter((c) => !after || c.added > after);
    send(
      200,
      { more: false, objects: page.map((c) => c.object) },
      page.length > 0 ? { 'x-taxii-date-added-first': page[0]!.added, 'x-taxii-date-added-last': page.at(-1)!.added } : {},
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiRoot = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api1/`;

  node = await startTestNode('PAK', { CONCORD_OUTBOUND_ALLOW: 'loopback' });
  orgA = await makeOrg(node.ctx, 'PAK', 'PAK org A');
  orgB = await makeOrg(node.ctx, 'PAK', 'PAK org B');
  users.analystA = await makeUser(node.ctx, { nation: 'PAK', org: orgA, roles: ['analyst'] });
  users.officerA = await makeUser(node.ctx, { nation: 'PAK', org: orgA, roles: ['releasing-officer'] });
  users.analystB = await makeUser(node.ctx, { nation: 'PAK', org: orgB, roles: ['analyst'] });
  users.officerB = await makeUser(node.ctx, { nation: 'PAK', org: orgB, roles: ['releasing-officer'] });
  users.kaz = await makeUser(node.ctx, { nation: 'KAZ', roles: ['analyst'] });
  for (const [who, user] of Object.entries(users)) tokens[who] = await makeToken(node.ctx, user);
  Object.assign(a, (await draftsOfA()).ids);
}, 60_000);
afterAll(async () => {
  await node.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('an import by an officer of another organisation, with ids of hidden drafts', () => {
  it('STIX import: changes nothing of them and answers exactly as for unknown ids; a second import updates its own copy', async () => {
    const drafts = await draftsOfA();
    const before = await stateOfA();
    const hidden = drafts.foreign();
    const unknown = underFreshIds(hidden);
    const first = await importAs('officerB', hidden);
    const firstUnknown = await importAs('officerB', unknown.objects);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ imported: { actors: 1, indicators: 1 }, updated: { actors: 0, indicators: 0 }, skipped: [] });
    expect(first.body).toBe(withIds(firstUnknown.body, unknown.pairs));

    // A newer version again: each updates the copy the first import made, and only that.
    const newer = hidden.map((o) => ({ ...o, modified: '2027-02-01T00:00:00.000Z', name: 'Renamed again' }));
    const second = await importAs('officerB', newer);
    const secondUnknown = await importAs(
      'officerB',
      newer.map((o, i) => ({ ...o, id: unknown.pairs[i]![1] })),
    );
    expect(second.json()).toMatchObject({ imported: { actors: 0, indicators: 0 }, updated: { actors: 1, indicators: 1 } });
    expect(second.body).toBe(withIds(secondUnknown.body, unknown.pairs));
    expect(await stateOfA()).toBe(before);
    const copy = await node.ctx.database.db
      .selectFrom('imported_records')
      .select('record_id')
      .where('stix_id', '=', drafts.actor.id)
      .execute();
    expect(copy).toHaveLength(1);
    expect((await call('officerB', 'GET', `/api/actors/${copy[0]!.record_id}`)).json()).toMatchObject({
      name: 'Renamed again',
      version: 2,
      releaseState: 'draft',
    });
  });

  it('STIX import of Concord-labelled objects: another organisation’s are refused, relabelled ones never reach the drafts', async () => {
    const drafts = await draftsOfA();
    const before = await stateOfA();
    const { markings } = drafts;
    const records = [drafts.actor, drafts.indicator];
    const unknown = underFreshIds(records);
    // As org A exported them: org A's records, not org B's to restore — whatever this node holds.
    const asExported = await importAs('officerB', [...markings, ...records]);
    const asExportedUnknown = await importAs('officerB', [...markings, ...unknown.objects]);
    expect(asExported.statusCode).toBe(400);
    expect(asExported.json().error.issues[0].message).toMatch(/another organisation/);
    expect(asExported.body).toBe(withIds(asExportedUnknown.body, unknown.pairs));

    // Relabelled as org B's: restored as org B's records, answered as for free ids; org A's drafts untouched.
    const relabel = (o: StixObject) => JSON.parse(JSON.stringify(o).split(`"org":"${users.analystA!.org}"`).join(`"org":"${orgB}"`));
    const relabelled = [...markings.map(relabel), ...records];
    const restored = await importAs('officerB', relabelled);
    const restoredUnknown = await importAs('officerB', [...markings.map(relabel), ...unknown.objects]);
    expect(restored.statusCode, restored.body).toBe(200);
    expect(restored.json()).toMatchObject({ imported: { actors: 1, indicators: 1 }, skipped: [] });
    expect(restored.body).toBe(withIds(restoredUnknown.body, unknown.pairs));
    // Restoring again: present, as the free ids' records are.
    const again = await importAs('officerB', relabelled);
    const againUnknown = await importAs('officerB', [...markings.map(relabel), ...unknown.objects]);
    expect(again.json()).toMatchObject({ imported: { actors: 0, indicators: 0 } });
    expect(again.body).toBe(withIds(againUnknown.body, unknown.pairs));
    expect(await stateOfA()).toBe(before);
  });

  it('TAXII add: changes nothing of them and answers exactly as for unknown ids', async () => {
    const drafts = await draftsOfA();
    const before = await stateOfA();
    const add = (objects: object[]) =>
      node.app.http.inject({
        method: 'POST',
        url: `/taxii2/api/collections/${COLLECTION_ID}/objects/`,
        headers: {
          ...bearer(tokens.officerB!),
          'content-type': 'application/taxii+json;version=2.1',
          accept: 'application/taxii+json;version=2.1',
        },
        payload: JSON.stringify({ objects }),
      });
    const hidden = drafts.foreign();
    const unknown = underFreshIds(hidden);
    const status = await add(hidden);
    const statusUnknown = await add(unknown.objects);
    expect(status.statusCode, status.body).toBe(202);
    // Each status resource has an id and a time of its own.
    const own = (response: typeof status): [string, string][] => {
      const body = response.json() as { id: string; request_timestamp: string };
      return [
        ['STATUS', body.id],
        ['AT', body.request_timestamp],
      ];
    };
    expect(withIds(status.body, own(status))).toBe(withIds(withIds(statusUnknown.body, unknown.pairs), own(statusUnknown)));
    expect(status.json()).toMatchObject({ success_count: 2, failure_count: 0 });
    expect(await stateOfA()).toBe(before);
  });

  it('TAXII feed: changes nothing of them and counts and reports exactly as for unknown ids', async () => {
    const drafts = await draftsOfA();
    const before = await stateOfA();
    const hidden = drafts.foreign();
    const unknown = underFreshIds(hidden);
    collections.hidden = hidden.map((object, i) => ({ added: `2026-12-01T00:00:0${i}.000Z`, object }));
    collections.unknown = unknown.objects.map((object, i) => ({ added: `2026-12-01T00:00:0${i}.000Z`, object }));
    const subscribe = async (collectionId: string) =>
      created('officerB', '/api/taxii-feeds', {
        name: `Feed ${collectionId}`,
        apiRoot,
        collectionId,
        auth: { kind: 'none' },
        defaultLabel: label({ tlp: 'GREEN' }),
      });
    const feeds = { hidden: await subscribe('hidden'), unknown: await subscribe('unknown') };
    const poll = async (feed: string) => {
      const polled = await call('officerB', 'POST', `/api/taxii-feeds/${feed}/poll`);
      expect(polled.statusCode, polled.body).toBe(200);
      const report = await call('officerB', 'GET', `/api/taxii-feeds/${feed}/unmapped`);
      return { counts: polled.json().counts as object, report: (report.json() as { items: { stixId: string; reason: string }[] }).items };
    };
    const fromHidden = await poll(feeds.hidden);
    const fromUnknown = await poll(feeds.unknown);
    expect(fromHidden.counts).toMatchObject({ originatorOnly: 2, updated: 0, present: 0 });
    expect(fromHidden.counts).toEqual(fromUnknown.counts);
    expect(fromHidden.report.map((r) => [r.stixId, r.reason])).toEqual(
      fromUnknown.report.map((r) => [withIds(r.stixId, unknown.pairs), r.reason]),
    );
    expect(await stateOfA()).toBe(before);
  });
});

describe('relationships from an import', () => {
  const at = '2026-12-01T00:00:00.000Z';
  const relationship = (source: string, target: string, id = `relationship--${crypto.randomUUID()}`) => ({
    type: 'relationship',
    spec_version: '2.1',
    id,
    created: at,
    modified: at,
    relationship_type: 'related-to',
    source_ref: source,
    target_ref: target,
  });
  /** The ends as another producer's objects in the same bundle, as an importer who wants them linked sends them. */
  const stub = (stixId: string) =>
    stixId.startsWith('indicator--')
      ? {
          type: 'indicator',
          spec_version: '2.1',
          id: stixId,
          created: at,
          modified: at,
          pattern: "[ipv4-addr:value = '203.0.113.99']",
          pattern_type: 'stix',
          valid_from: at,
        }
      : { type: stixId.slice(0, stixId.indexOf('--')), spec_version: '2.1', id: stixId, created: at, modified: at, name: 'As sent' };
  const withEnds = (source: string, target: string, id?: string) => [stub(source), stub(target), relationship(source, target, id)];
  let incidentB = '';
  let actorB = '';
  let kazActor = '';
  const versionOfB = async () => (await call('officerB', 'GET', `/api/incidents/${incidentB}`)).json().version as number;
  /** Links officer B's imports made to these records. */
  const linksTo = (ids: string[]) =>
    node.ctx.database.db
      .selectFrom('record_links')
      .selectAll()
      .where('to_id', 'in', ids)
      .where('created_by', '=', users.officerB!.id)
      .execute();

  beforeAll(async () => {
    incidentB = await created('analystB', '/api/incidents', {
      domain: 'other',
      subtype: 'other',
      title: 'Org B incident',
      occurredAt: '2026-11-23T00:00:00Z',
      timePrecision: 'day',
      place: { country: 'PAK', precision: 'country' },
      label: label(),
    });
    actorB = await created('analystB', '/api/actors', { kind: 'armed-group', name: 'Known Cell', label: label() });
    kazActor = await created('kaz', '/api/actors', { kind: 'armed-group', name: 'KAZ draft', label: label() });
  });

  it('to another nation’s draft or a hidden record, or from a hidden incident: no link at them, answered as for an unknown id', async () => {
    const before = await stateOfA();
    const versionBefore = await versionOfB();
    const id = `relationship--${crypto.randomUUID()}`;
    const source = `incident--${incidentB}`;
    const unknown = `threat-actor--${crypto.randomUUID()}`;
    const hiddenTargets = [`threat-actor--${kazActor}`, `threat-actor--${a.actor}`, `indicator--${a.indicator}`];
    /** An id nobody holds, of the same type. */
    const free = (stixId: string) => `${stixId.slice(0, stixId.indexOf('--'))}--${crypto.randomUUID()}`;

    // The relationship alone: its ends are looked up here.
    const alone = await importAs('officerB', [relationship(source, unknown, id)]);
    expect(alone.json()).toMatchObject({ imported: { links: 0 }, skipped: [{ id }] });
    for (const target of hiddenTargets)
      expect((await importAs('officerB', [relationship(source, target, id)])).body, target).toBe(alone.body);
    const fromUnknown = await importAs('officerB', [relationship(`incident--${crypto.randomUUID()}`, `threat-actor--${actorB}`, id)]);
    const fromHidden = await importAs('officerB', [relationship(`incident--${a.incident}`, `threat-actor--${actorB}`, id)]);
    expect(fromHidden.body).toBe(fromUnknown.body);
    expect(fromHidden.json()).toMatchObject({ imported: { links: 0 } });
    expect(await versionOfB()).toBe(versionBefore);

    // With its ends in the bundle: another producer's object under a hidden id is the importer's own copy, as under a free id.
    for (const target of hiddenTargets) {
      const hidden = await importAs('officerB', withEnds(source, target, id));
      const unknownTarget = free(target);
      const fresh = await importAs('officerB', withEnds(source, unknownTarget, id));
      expect(hidden.statusCode, hidden.body).toBe(200);
      expect(hidden.json()).toMatchObject({ imported: { links: 1 } });
      expect(hidden.body, target).toBe(withIds(fresh.body, [[target, unknownTarget]]));
    }
    const unknownIncident = free('incident--');
    const hiddenSource = await importAs('officerB', withEnds(`incident--${a.incident}`, `threat-actor--${actorB}`, id));
    const unknownSource = await importAs('officerB', withEnds(unknownIncident, `threat-actor--${actorB}`, id));
    expect(hiddenSource.body).toBe(withIds(unknownSource.body, [[`incident--${a.incident}`, unknownIncident]]));
    expect(hiddenSource.json()).toMatchObject({ imported: { links: 0 } });

    expect(await linksTo([kazActor, a.actor, a.indicator])).toEqual([]);
    expect(await stateOfA()).toBe(before);
  });

  it('an accepted one is a new version of its incident, and the audit names it', async () => {
    const other = await created('analystB', '/api/actors', { kind: 'armed-group', name: 'Linked Cell', label: label() });
    const versionBefore = await versionOfB();
    const answer = await importAs('officerB', withEnds(`incident--${incidentB}`, `threat-actor--${other}`));
    expect(answer.json()).toMatchObject({ imported: { actors: 0, links: 1 } });
    expect(await versionOfB()).toBe(versionBefore + 1);
    const history = (await call('officerB', 'GET', `/api/incidents/${incidentB}/history`)).json().items as {
      version: number;
      change: string;
    }[];
    expect(history.at(-1)).toMatchObject({ version: versionBefore + 1, change: 'link' });
    const links = (await call('officerB', 'GET', `/api/incidents/${incidentB}/links`)).json();
    expect(links.actors.map((l: { id: string }) => l.id)).toContain(other);
    const audit = (await importAudits(users.officerB!)).at(-1)!;
    expect(audit.details).toMatchObject({
      dryRun: false,
      imported: { links: 1 },
      records: [{ kind: 'incident', id: incidentB, stixId: `incident--${incidentB}`, change: 'link' }],
    });
    // The same relationship again is no change: no new version.
    const twice = await importAs('officerB', [relationship(`incident--${incidentB}`, `threat-actor--${other}`)]);
    expect(twice.json()).toMatchObject({ imported: { links: 0 } });
    expect(await versionOfB()).toBe(versionBefore + 1);
  });

  it('dry runs: a hidden id answers as an unknown one, nothing is written, and each probe is audited', async () => {
    const drafts = await draftsOfA();
    const before = await stateOfA();
    const versionBefore = await versionOfB();
    const auditsBefore = (await importAudits(users.officerB!)).length;
    const hidden = drafts.foreign();
    const unknown = underFreshIds(hidden);
    const dry = await importAs('officerB', hidden, { dryRun: true });
    const dryUnknown = await importAs('officerB', unknown.objects, { dryRun: true });
    expect(dry.json()).toMatchObject({ dryRun: true, imported: { actors: 1, indicators: 1 }, updated: { actors: 0, indicators: 0 } });
    expect(dry.body).toBe(withIds(dryUnknown.body, unknown.pairs));
    const id = `relationship--${crypto.randomUUID()}`;
    const free = `threat-actor--${crypto.randomUUID()}`;
    const toHidden = await importAs('officerB', withEnds(`incident--${incidentB}`, drafts.actor.id, id), { dryRun: true });
    const toUnknown = await importAs('officerB', withEnds(`incident--${incidentB}`, free, id), { dryRun: true });
    expect(toHidden.body).toBe(withIds(toUnknown.body, [[drafts.actor.id, free]]));

    const audits = (await importAudits(users.officerB!)).slice(auditsBefore);
    expect(audits).toHaveLength(4);
    for (const audit of audits) expect(audit.details).toMatchObject({ dryRun: true });
    expect(audits[0]!.details).toMatchObject({
      records: expect.arrayContaining([expect.objectContaining({ stixId: drafts.actor.id, change: 'create' })]),
    });
    expect(await stateOfA()).toBe(before);
    expect(await versionOfB()).toBe(versionBefore);
    const copies = await node.ctx.database.db
      .selectFrom('imported_records')
      .select('record_id')
      .where('stix_id', 'in', [drafts.actor.id, unknown.pairs[0]![1], free])
      .execute();
    expect(copies).toEqual([]);
  });
});

describe('a TAXII feed', () => {
  it('updates only the records it brought in itself, never one another feed or a person brought in', async () => {
    const id = `threat-actor--${crypto.randomUUID()}`;
    const version = (name: string, modified: string): StixObject => ({
      type: 'threat-actor',
      spec_version: '2.1',
      id,
      created: '2026-12-01T00:00:00.000Z',
      modified,
      name,
    });
    const named = async (recordId: string) => (await call('officerB', 'GET', `/api/actors/${recordId}`)).json().name as string;
    const copies = async () =>
      node.ctx.database.db
        .selectFrom('imported_records')
        .select(['record_id', 'feed_id'])
        .where('stix_id', '=', id)
        .orderBy('imported_at')
        .orderBy('record_id')
        .execute();

    // A person brings the object in first.
    expect((await importAs('officerB', [version('Person v1', '2026-12-02T00:00:00.000Z')])).json()).toMatchObject({
      imported: { actors: 1 },
    });
    const [person] = await copies();
    const subscribe = async (collectionId: string) =>
      created('officerB', '/api/taxii-feeds', {
        name: collectionId,
        apiRoot,
        collectionId,
        auth: { kind: 'none' },
        defaultLabel: label({ tlp: 'GREEN' }),
      });
    collections.one = [{ added: '2026-12-03T00:00:00.000Z', object: version('Feed one v2', '2026-12-03T00:00:00.000Z') }];
    collections.two = [];
    const one = await subscribe('one');
    const two = await subscribe('two');
    const poll = async (feed: string) => (await call('officerB', 'POST', `/api/taxii-feeds/${feed}/poll`)).json().counts;

    // Feed one's newer version does not touch the person's record: it brings in its own.
    expect(await poll(one)).toMatchObject({ imported: 1, updated: 0 });
    expect(await named(person!.record_id)).toBe('Person v1');
    const fromOne = (await copies()).find((c) => c.feed_id === one)!;
    expect(await named(fromOne.record_id)).toBe('Feed one v2');

    // Feed two's, still newer: neither the person's nor feed one's.
    collections.two.push({ added: '2026-12-04T00:00:00.000Z', object: version('Feed two v3', '2026-12-04T00:00:00.000Z') });
    expect(await poll(two)).toMatchObject({ imported: 1, updated: 0 });
    const fromTwo = (await copies()).find((c) => c.feed_id === two)!;
    expect([await named(person!.record_id), await named(fromOne.record_id), await named(fromTwo.record_id)]).toEqual([
      'Person v1',
      'Feed one v2',
      'Feed two v3',
    ]);

    // Feed one's next version updates what feed one brought in, and only that.
    collections.one.push({ added: '2026-12-05T00:00:00.000Z', object: version('Feed one v4', '2026-12-05T00:00:00.000Z') });
    expect(await poll(one)).toMatchObject({ imported: 1, updated: 1 });
    expect([await named(person!.record_id), await named(fromOne.record_id), await named(fromTwo.record_id)]).toEqual([
      'Person v1',
      'Feed one v4',
      'Feed two v3',
    ]);

    // The person's next import updates the copy their organisation made first.
    expect((await importAs('officerB', [version('Person v5', '2026-12-06T00:00:00.000Z')])).json()).toMatchObject({
      imported: { actors: 0 },
      updated: { actors: 1 },
    });
    expect(await named(person!.record_id)).toBe('Person v5');
    expect(await named(fromOne.record_id)).toBe('Feed one v4');
    expect(await copies()).toHaveLength(3);
  });
});
