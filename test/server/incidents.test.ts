import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { label, makeCaveat, makeOrg, makeToken, makeUser } from '../kit/factories';
import { bearer } from '../kit/http';
import { startTestNode } from '../kit/test-node';
import type { MadeUser } from '../kit/factories';
import type { TestNode } from '../kit/test-node';

let node: TestNode;
let analyst: MadeUser;
let releaser: MadeUser;
let otherPakOrgAnalyst: MadeUser;
let kaz: MadeUser;
let tjk: MadeUser;
const token: Record<string, string> = {};

beforeAll(async () => {
  node = await startTestNode();
  const { ctx } = node;
  await makeCaveat(ctx, 'NARC');
  const intel = await makeOrg(ctx, 'PAK', 'PAK intel');
  analyst = await makeUser(ctx, { nation: 'PAK', org: intel, roles: ['analyst'], caveats: ['NARC'] });
  releaser = await makeUser(ctx, { nation: 'PAK', org: intel, roles: ['releasing-officer'], caveats: ['NARC'] });
  otherPakOrgAnalyst = await makeUser(ctx, { nation: 'PAK', roles: ['analyst'], caveats: ['NARC'] });
  kaz = await makeUser(ctx, { nation: 'KAZ', roles: ['viewer'], clearance: 'CONFIDENTIAL', caveats: ['NARC'] });
  tjk = await makeUser(ctx, { nation: 'TJK', roles: ['viewer'], clearance: 'SECRET', caveats: ['NARC'] });
  const lowAnalyst = await makeUser(ctx, { nation: 'PAK', org: intel, roles: ['analyst'], clearance: 'CONFIDENTIAL', caveats: ['NARC'] });
  for (const [name, user] of Object.entries({ analyst, releaser, otherPakOrgAnalyst, kaz, tjk, lowAnalyst }))
    token[name] = await makeToken(ctx, user);
});
afterAll(() => node.close());

const call = (who: string, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object, ifMatch?: string) =>
  node.app.http.inject({
    method,
    url,
    headers: { ...bearer(token[who]!), ...(ifMatch !== undefined ? { 'if-match': ifMatch } : {}) },
    ...(payload ? { payload } : {}),
  });

const seizure = (over: object = {}) => ({
  domain: 'narcotics',
  subtype: 'seizure',
  title: 'Heroin seized at the Torkham crossing',
  narrative: 'Customs and border forces seized 40 kg concealed in a fuel tanker.',
  occurredAt: '2026-11-20T03:00:00Z',
  timePrecision: 'day',
  place: {
    country: 'PAK',
    admin1: 'Khyber Pakhtunkhwa',
    name: 'Torkham',
    point: { lat: 34.1, lon: 71.1 },
    precision: 'near',
    uncertaintyKm: 5,
  },
  casualties: { killed: { kind: 'value', value: 0 }, wounded: { kind: 'unknown' }, abducted: { kind: 'range', min: 1, max: 3 } },
  label: label({ classification: 'RESTRICTED', relTo: ['KAZ'], caveats: ['NARC'] }),
  ...over,
});

describe('incidents: draft, release, read', () => {
  let id = '';

  it("records a draft that only the author's organisation can read", async () => {
    const created = await call('analyst', 'POST', '/api/incidents', seizure());
    expect(created.statusCode).toBe(201);
    const incident = created.json();
    id = incident.id;
    expect(incident.releaseState).toBe('draft');
    expect(incident.label.marking).toBe('RESTRICTED//REL TO PAK//NARC TLP:AMBER+STRICT');
    expect(incident.proposedLabel.marking).toBe('RESTRICTED//REL TO PAK, KAZ//NARC TLP:GREEN');
    expect(incident.casualties).toEqual({
      killed: { kind: 'value', value: 0 },
      wounded: { kind: 'unknown' },
      abducted: { kind: 'range', min: 1, max: 3 },
    });
    expect((await call('releaser', 'GET', `/api/incidents/${id}`)).statusCode).toBe(200);
    for (const who of ['otherPakOrgAnalyst', 'kaz', 'tjk']) expect((await call(who, 'GET', `/api/incidents/${id}`)).statusCode).toBe(404);
  });

  it('lets only a releasing officer release it; then KAZ reads it and TJK gets the plain 404', async () => {
    const byAnalyst = await call('analyst', 'POST', `/api/incidents/${id}/release`, {});
    expect(byAnalyst.statusCode).toBe(403);
    const released = await call('releaser', 'POST', `/api/incidents/${id}/release`, {});
    expect(released.statusCode).toBe(200);
    expect(released.json()).toMatchObject({
      releaseState: 'released',
      version: 2,
      label: { marking: 'RESTRICTED//REL TO PAK, KAZ//NARC TLP:GREEN' },
    });
    const asKaz = await call('kaz', 'GET', `/api/incidents/${id}`);
    expect(asKaz.statusCode).toBe(200);
    expect('proposedLabel' in asKaz.json()).toBe(false);
    const hidden = await call('tjk', 'GET', `/api/incidents/${id}`);
    const missing = await call('tjk', 'GET', '/api/incidents/00000000-0000-4000-8000-000000000000');
    expect(hidden.statusCode).toBe(404);
    expect(hidden.body).toBe(missing.body);
  });

  it('widens a released label but refuses to narrow it (narrowing is a recall)', async () => {
    const narrower = await call('releaser', 'POST', `/api/incidents/${id}/release`, {
      label: label({ classification: 'CONFIDENTIAL', relTo: ['KAZ'], caveats: ['NARC'] }),
    });
    expect(narrower.statusCode).toBe(409);
    const wider = await call('releaser', 'POST', `/api/incidents/${id}/release`, {
      label: label({ classification: 'RESTRICTED', relTo: ['KAZ', 'TJK'], caveats: ['NARC'] }),
    });
    expect(wider.statusCode).toBe(200);
    expect((await call('tjk', 'GET', `/api/incidents/${id}`)).statusCode).toBe(200);
  });

  it('releasing the label it has again makes no version', async () => {
    const before = (await call('releaser', 'GET', `/api/incidents/${id}`)).json();
    const again = await call('releaser', 'POST', `/api/incidents/${id}/release`, {
      label: label({ classification: 'RESTRICTED', relTo: ['TJK', 'KAZ'], caveats: ['NARC'] }),
    });
    expect(again.statusCode).toBe(200);
    expect(again.json().version).toBe(before.version);
    expect(again.json().label.version).toBe(before.label.version);
  });

  it('edits content as a new version; history shows only versions the reader may read', async () => {
    const read = await call('analyst', 'GET', `/api/incidents/${id}`);
    expect(read.headers.etag).toBe('"3"');
    const edited = await call(
      'analyst',
      'PATCH',
      `/api/incidents/${id}`,
      { title: 'Heroin and weapons seized at Torkham' },
      read.headers.etag,
    );
    expect(edited.statusCode).toBe(200);
    expect(edited.json().version).toBe(4);
    expect(edited.headers.etag).toBe('"4"');
    expect((await call('kaz', 'PATCH', `/api/incidents/${id}`, { title: 'x' }, '"4"')).statusCode).toBe(403);
    const own = (await call('analyst', 'GET', `/api/incidents/${id}/history`)).json();
    expect(own.items.map((v: { change: string }) => v.change)).toEqual(['create', 'release', 'widen', 'edit']);
    expect(own.items[3].changedFields).toEqual(['title']);
    const asTjk = (await call('tjk', 'GET', `/api/incidents/${id}/history`)).json();
    expect(asTjk.items.map((v: { change: string }) => v.change)).toEqual(['widen', 'edit']);
    const asKaz = (await call('kaz', 'GET', `/api/incidents/${id}/history`)).json();
    expect(asKaz.items.map((v: { change: string }) => v.change)).toEqual(['release', 'widen', 'edit']);
  });
});

describe('incidents: finding things', () => {
  beforeAll(async () => {
    const make = async (over: object) => {
      const created = (await call('analyst', 'POST', '/api/incidents', seizure({ label: label({ relTo: ['KAZ'] }), ...over }))).json();
      await call('releaser', 'POST', `/api/incidents/${created.id}/release`, {});
    };
    await make({
      domain: 'cyber',
      subtype: 'ddos',
      title: 'Ministry websites flooded',
      occurredAt: '2026-10-01T10:00:00Z',
      place: { country: 'KAZ', precision: 'country' },
    });
    await make({
      domain: 'border-incident',
      subtype: 'illegal-crossing',
      title: 'Night crossing near Khorog',
      occurredAt: '2026-09-15T22:00:00Z',
      place: { country: 'TJK', name: 'Khorog', point: { lat: 37.49, lon: 71.55 }, precision: 'near' },
    });
  });

  it('filters by domain, country, time and map box, and searches text', async () => {
    const titles = async (query: string) =>
      ((await call('kaz', 'GET', `/api/incidents?${query}`)).json().items as { title: string }[]).map((i) => i.title);
    expect(await titles('domain=cyber')).toEqual(['Ministry websites flooded']);
    expect(await titles('country=TJK')).toEqual(['Night crossing near Khorog']);
    expect(await titles('from=2026-09-01T00:00:00Z&to=2026-10-30T00:00:00Z')).toEqual([
      'Ministry websites flooded',
      'Night crossing near Khorog',
    ]);
    expect(await titles('bbox=70,36,73,38')).toEqual(['Night crossing near Khorog']);
    expect(await titles('q=khorog')).toEqual(['Night crossing near Khorog']);
  });

  it('rejects bad filters with a message that says what to fix', async () => {
    const bad = await call('kaz', 'GET', '/api/incidents?bbox=east');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/west,south,east,north/);
    const inverted = await call('kaz', 'GET', '/api/incidents?from=2026-10-01T00:00:00Z&to=2026-09-01T00:00:00Z');
    expect(inverted.statusCode).toBe(400);
  });

  it('rejects a subtype of another domain and unknown casualty forms', async () => {
    const wrong = await call('analyst', 'POST', '/api/incidents', seizure({ subtype: 'ddos' }));
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.issues[0].path).toBe('subtype');
    const zeroForUnknown = await call('analyst', 'POST', '/api/incidents', seizure({ casualties: { killed: { kind: 'value' } } }));
    expect(zeroForUnknown.statusCode).toBe(400);
  });

  it('keeps a stricter sources group from readers outside it', async () => {
    const created = (
      await call(
        'analyst',
        'POST',
        '/api/incidents',
        seizure({
          label: label({ relTo: ['KAZ'] }),
          sources: {
            items: [{ description: 'Liaison report', reliability: 'B', credibility: 2 }],
            label: label({ classification: 'SECRET' }),
          },
        }),
      )
    ).json();
    await call('releaser', 'POST', `/api/incidents/${created.id}/release`, {});
    const asKaz = (await call('kaz', 'GET', `/api/incidents/${created.id}`)).json();
    expect(asKaz.title).toBe('Heroin seized at the Torkham crossing');
    expect('sources' in asKaz).toBe(false);
    expect((await call('releaser', 'GET', `/api/incidents/${created.id}`)).json().sources.items[0].reliability).toBe('B');
  });

  it('never lets an editor replace sources under a label beyond their clearance, and lets them edit the rest', async () => {
    const sources = {
      items: [{ description: 'Liaison report', reliability: 'B', credibility: 2 }],
      label: label({ classification: 'SECRET' }),
    };
    const guarded = (await call('analyst', 'POST', '/api/incidents', seizure({ sources }))).json();
    const overwrite = { sources: { items: [{ description: 'Rumour', reliability: 'F', credibility: 6 }] } };
    const refused = await call('lowAnalyst', 'PATCH', `/api/incidents/${guarded.id}`, overwrite, '"1"');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toMatch(/cannot replace them/);
    expect(refused.body).not.toContain('Liaison');
    const asAnalyst = (await call('analyst', 'GET', `/api/incidents/${guarded.id}`)).json();
    expect(asAnalyst.version).toBe(1);
    expect(asAnalyst.sources.items).toEqual(sources.items);
    // The rest of the incident stays theirs to edit, and the sources survive it.
    const retitled = await call('lowAnalyst', 'PATCH', `/api/incidents/${guarded.id}`, { title: 'Heroin seized near Torkham' }, '"1"');
    expect(retitled.statusCode, retitled.body).toBe(200);
    expect((await call('analyst', 'GET', `/api/incidents/${guarded.id}`)).json().sources.items).toEqual(sources.items);
    // Sources under the incident's own label are theirs to replace.
    const open = (await call('analyst', 'POST', '/api/incidents', seizure({ sources: { items: sources.items } }))).json();
    const replaced = await call('lowAnalyst', 'PATCH', `/api/incidents/${open.id}`, overwrite, '"1"');
    expect(replaced.statusCode, replaced.body).toBe(200);
    expect(replaced.json().sources.items).toEqual(overwrite.sources.items);
  });
});

describe('incidents: map, dashboard and export', () => {
  it('clusters and counts only what the reader may read', async () => {
    const asKaz = (await call('kaz', 'GET', '/api/incidents/map?zoom=3')).json();
    const asTjk = (await call('tjk', 'GET', '/api/incidents/map?zoom=3')).json();
    const kazList = (await call('kaz', 'GET', '/api/incidents?limit=200')).json().items;
    const tjkList = (await call('tjk', 'GET', '/api/incidents?limit=200')).json().items;
    expect(asKaz.total).toBe(kazList.length);
    expect(asTjk.total).toBe(tjkList.length);
    const located = kazList.filter((i: { place: { point?: unknown } }) => i.place.point).length;
    expect(asKaz.clusters.reduce((sum: number, c: { count: number }) => sum + c.count, 0)).toBe(located);
    const zoomedIn = (await call('kaz', 'GET', '/api/incidents/map?zoom=14&bbox=70,36,73,38')).json();
    expect(zoomedIn.clusters).toEqual([expect.objectContaining({ count: 1, id: expect.any(String) })]);
  });

  it('counts by domain, nation and month', async () => {
    const stats = (await call('kaz', 'GET', '/api/incidents/stats')).json();
    const list = (await call('kaz', 'GET', '/api/incidents?limit=200')).json().items as { domain: string }[];
    expect(stats.total).toBe(list.length);
    expect(stats.byDomain.find((b: { key: string }) => b.key === 'cyber').count).toBe(list.filter((i) => i.domain === 'cyber').length);
    expect(stats.byNation).toEqual([{ key: 'PAK', count: list.length }]);
    expect(stats.byMonth.map((b: { key: string }) => b.key)).toContain('2026-10');
  });

  it('exports CSV, GeoJSON and JSON as downloads, keeping unknown apart from zero, and audits the export', async () => {
    const csv = await call('kaz', 'GET', '/api/incidents/export?format=csv&domain=narcotics');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="incidents-.*\.csv"/);
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toMatch(/^id,version,occurred_at/);
    expect(lines.some((l) => l.includes(',0,unknown,1-3,PAK,'))).toBe(true);
    const geo = (await call('kaz', 'GET', '/api/incidents/export?format=geojson&country=TJK')).json();
    expect(geo.type).toBe('FeatureCollection');
    expect(geo.features[0].geometry).toEqual({ type: 'Point', coordinates: [71.55, 37.49] });
    const json = (await call('tjk', 'GET', '/api/incidents/export?format=json')).json();
    expect(json.every((i: { label: { relTo: string[] } }) => i.label.relTo.includes('TJK'))).toBe(true);
    const { auditRepository } = await import('../../src/server/db/repositories/audit-repository');
    const [last] = await auditRepository(node.ctx.database.db).latest(1, { action: 'incident.export' });
    expect(last).toMatchObject({ actor_id: tjk.id, outcome: 'ok' });
    expect((await call('kaz', 'GET', '/api/incidents/export?format=xml')).statusCode).toBe(400);
  });
});

describe('incidents: CSV export', () => {
  it('writes text a spreadsheet would run as a formula as text, and numbers as numbers', async () => {
    const starts = ['=', '+', '-', '@', '\t', '\r'];
    const ids: string[] = [];
    for (const i of starts.keys()) {
      const created = await call(
        'analyst',
        'POST',
        '/api/incidents',
        seizure({
          title: `Formula ${i}`,
          place: { country: 'AFG', point: { lat: -33.9, lon: 71.1 }, precision: 'near' },
          label: label(),
        }),
      );
      expect(created.statusCode, created.body).toBe(201);
      ids.push(created.json().id);
    }
    // Written directly: the API trims leading whitespace, but records also arrive by STIX import and federation untrimmed.
    for (const [i, id] of ids.entries())
      await node.ctx.database.db
        .updateTable('incidents')
        .set({
          title: `${starts[i]}HYPERLINK("https://evil.example","open")`,
          admin1: `${starts[i]}cmd|' /C calc'!A0`,
          place_name: `${starts[i]}1+1`,
        })
        .where('id', '=', id)
        .execute();
    const exported = await call('analyst', 'GET', '/api/incidents/export?format=csv&country=AFG');
    expect(exported.statusCode).toBe(200);
    const rows = parse(exported.body, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(starts.length);
    for (const [i, c] of starts.entries()) {
      const row = rows.find((r) => r.id === ids[i])!;
      expect(row.title).toBe(`'${c}HYPERLINK("https://evil.example","open")`);
      expect(row.admin1).toBe(`'${c}cmd|' /C calc'!A0`);
      expect(row.place).toBe(`'${c}1+1`);
      expect(row.latitude).toBe('-33.9');
    }
    // Quoted, and a negative coordinate left a plain number.
    expect(exported.body).toContain(`"'=1+1"`);
    expect(exported.body).toMatch(/,-33\.9,71\.1,/);
  });
});

describe('incidents: related records', () => {
  it('links incidents near in place and time, only among those the reader may read', async () => {
    const near = async (title: string, relTo: string[], occurredAt: string, point: { lat: number; lon: number }) => {
      const created = (
        await call('analyst', 'POST', '/api/incidents', {
          domain: 'border-incident',
          subtype: 'illegal-crossing',
          title,
          occurredAt,
          timePrecision: 'exact',
          place: { country: 'TJK', point, precision: 'near' },
          label: label({ relTo }),
        })
      ).json();
      await call('releaser', 'POST', `/api/incidents/${created.id}/release`, {});
      return created.id as string;
    };
    const anchor = await near('Crossing A', ['KAZ', 'TJK'], '2026-08-10T02:00:00Z', { lat: 37.0, lon: 70.0 });
    const sameNight = await near('Crossing B', ['KAZ', 'TJK'], '2026-08-10T04:00:00Z', { lat: 37.05, lon: 70.05 });
    const kazOnly = await near('Crossing C', ['KAZ'], '2026-08-11T01:00:00Z', { lat: 37.02, lon: 69.98 });
    await near('Crossing far away', ['KAZ', 'TJK'], '2026-08-10T03:00:00Z', { lat: 39.0, lon: 70.0 });
    await near('Crossing weeks later', ['KAZ', 'TJK'], '2026-09-10T03:00:00Z', { lat: 37.0, lon: 70.0 });
    const related = async (who: string) =>
      ((await call(who, 'GET', `/api/incidents/${anchor}/related`)).json().items as { id: string }[]).map((i) => i.id);
    expect(await related('kaz')).toEqual([sameNight, kazOnly]);
    expect(await related('tjk')).toEqual([sameNight]);
    const body = (await call('tjk', 'GET', `/api/incidents/${anchor}/related`)).body;
    expect(body).not.toContain(kazOnly);
    expect(body).not.toMatch(/total|count/);
  });
});

describe('incidents: edits carry the version they edit', () => {
  it('answers 428 without If-Match, 409 for a stale version, and makes no version for an edit that changes nothing', async () => {
    const id = (await call('analyst', 'POST', '/api/incidents', seizure())).json().id as string;
    const missing = await call('analyst', 'PATCH', `/api/incidents/${id}`, { title: 'Changed' });
    expect(missing.statusCode).toBe(428);
    expect(missing.json().error.message).toMatch(/If-Match/);
    expect((await call('analyst', 'PATCH', `/api/incidents/${id}`, { title: 'Changed' }, 'yesterday')).statusCode).toBe(400);
    const first = await call('analyst', 'PATCH', `/api/incidents/${id}`, { title: 'Changed' }, '"1"');
    expect(first.json().version).toBe(2);
    // The second writer edited version 1 too: it is stale now, and nothing is overwritten.
    const stale = await call('analyst', 'PATCH', `/api/incidents/${id}`, { title: 'Other change' }, '"1"');
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.message).toMatch(/version 1.*version 2/);
    expect((await call('analyst', 'GET', `/api/incidents/${id}`)).json().title).toBe('Changed');
    const same = await call('analyst', 'PATCH', `/api/incidents/${id}`, { title: 'Changed' }, '"2"');
    expect(same.statusCode).toBe(200);
    expect(same.json().version).toBe(2);
    const history = (await call('analyst', 'GET', `/api/incidents/${id}/history`)).json();
    expect(history.items.map((v: { change: string }) => v.change)).toEqual(['create', 'edit']);
    const anyVersion = await call('analyst', 'PATCH', `/api/incidents/${id}`, { narrative: 'More.' }, '*');
    expect(anyVersion.json().version).toBe(3);
  });
});

describe('incidents: history names the author and carries what each version held', () => {
  it('gives each readable version its author and content, never the sources under their own label nor the ids of linked records', async () => {
    const created = (
      await call(
        'analyst',
        'POST',
        '/api/incidents',
        seizure({
          label: label({ relTo: ['KAZ'], caveats: ['NARC'] }),
          sources: {
            items: [{ description: 'Liaison report', reliability: 'B', credibility: 2 }],
            label: label({ classification: 'SECRET' }),
          },
        }),
      )
    ).json();
    const id = created.id as string;
    await call('releaser', 'POST', `/api/incidents/${id}/release`, {});
    const edited = await call(
      'analyst',
      'PATCH',
      `/api/incidents/${id}`,
      {
        title: 'Heroin and rifles seized at Torkham',
        casualties: { killed: { kind: 'value', value: 1 }, wounded: { kind: 'range', min: 2, max: 4 }, abducted: { kind: 'unknown' } },
      },
      '"2"',
    );
    expect(edited.statusCode).toBe(200);
    const sourcesEdited = await call(
      'analyst',
      'PATCH',
      `/api/incidents/${id}`,
      { sources: { items: [{ description: 'Second liaison report', reliability: 'A', credibility: 1 }] } },
      '"3"',
    );
    expect(sourcesEdited.json().version).toBe(4);
    // A draft of the organisation that KAZ may not read, linked from the released incident.
    const hidden = (await call('analyst', 'POST', '/api/incidents', seizure({ title: 'Unreleased lead' }))).json().id as string;
    expect(
      (await call('analyst', 'PUT', `/api/incidents/${id}/links`, { incidents: [{ id: hidden, relation: 'related' }] }, '"4"')).statusCode,
    ).toBe(200);

    const own = (await call('analyst', 'GET', `/api/incidents/${id}/history`)).json();
    expect(own.items.map((v: { change: string }) => v.change)).toEqual(['create', 'release', 'edit', 'edit', 'link']);
    expect(own.items.map((v: { changedByName: string }) => v.changedByName)).toEqual([
      analyst.username,
      releaser.username,
      analyst.username,
      analyst.username,
      analyst.username,
    ]);
    expect(own.items[1].content.title).toBe('Heroin seized at the Torkham crossing');
    expect(own.items[2].content.title).toBe('Heroin and rifles seized at Torkham');
    expect(own.items[2].content.casualties.wounded).toEqual({ kind: 'range', min: 2, max: 4 });
    expect(own.items[2].changedFields).toEqual(['casualties', 'title']);

    const asKaz = await call('kaz', 'GET', `/api/incidents/${id}/history`);
    expect(asKaz.json().items.map((v: { change: string }) => v.change)).toEqual(['release', 'edit', 'edit', 'link']);
    for (const version of asKaz.json().items) expect(Object.keys(version.content)).not.toContain('sources');
    expect(asKaz.body).not.toMatch(/liaison/i);
    expect(asKaz.body).not.toContain(hidden);
  });
});

describe('incidents: the originating organisation reads within its clearance; TLP:RED only by name', () => {
  it('keeps a SECRET//NARC record from an uncleared colleague, and a RED one to its author, named people and releasing officers', async () => {
    const { ctx } = node;
    const org = analyst.org;
    const uncleared = await makeUser(ctx, { nation: 'PAK', org, roles: ['analyst'], clearance: 'UNCLASSIFIED', caveats: [] });
    const colleague = await makeUser(ctx, { nation: 'PAK', org, roles: ['analyst'], caveats: ['NARC'] });
    token.uncleared = await makeToken(ctx, uncleared);
    token.colleague = await makeToken(ctx, colleague);
    const secret = (
      await call('analyst', 'POST', '/api/incidents', seizure({ label: label({ classification: 'SECRET', caveats: ['NARC'] }) }))
    ).json();
    expect((await call('colleague', 'GET', `/api/incidents/${secret.id}`)).statusCode).toBe(200);
    expect((await call('uncleared', 'GET', `/api/incidents/${secret.id}`)).statusCode).toBe(404);
    // Nobody labels what they could not read.
    const above = await call('uncleared', 'POST', '/api/incidents', seizure({ label: label({ classification: 'SECRET' }) }));
    expect(above.statusCode).toBe(400);
    expect(above.json().error.message).toMatch(/above your clearance/);

    const red = await call(
      'analyst',
      'POST',
      '/api/incidents',
      seizure({ label: label({ classification: 'RESTRICTED', relTo: ['KAZ'], tlp: 'RED', recipients: { orgs: [], users: [kaz.id] } }) }),
    );
    expect(red.statusCode, red.body).toBe(201);
    const redId = red.json().id as string;
    expect(red.json().proposedLabel.recipients.users.sort()).toEqual([analyst.id, kaz.id].sort());
    const released = await call('releaser', 'POST', `/api/incidents/${redId}/release`, {});
    expect(released.json().label.tlp).toBe('RED');
    expect((await call('analyst', 'GET', `/api/incidents/${redId}`)).statusCode).toBe(200);
    expect((await call('releaser', 'GET', `/api/incidents/${redId}`)).statusCode).toBe(200);
    expect((await call('kaz', 'GET', `/api/incidents/${redId}`)).statusCode).toBe(200);
    const hidden = await call('colleague', 'GET', `/api/incidents/${redId}`);
    const nothing = await call('colleague', 'GET', '/api/incidents/00000000-0000-4000-8000-000000000000');
    expect(hidden.statusCode).toBe(404);
    expect(hidden.body).toBe(nothing.body);

    // Widening must keep the named KAZ reader: AMBER for another organisation would cut them off.
    const elsewhere = await call('releaser', 'POST', `/api/incidents/${redId}/release`, {
      label: label({ classification: 'RESTRICTED', relTo: ['KAZ'], tlp: 'AMBER', recipients: { orgs: [org], users: [] } }),
    });
    expect(elsewhere.statusCode).toBe(409);
    expect(elsewhere.json().error.message).toMatch(/recall/);
    expect((await call('kaz', 'GET', `/api/incidents/${redId}`)).statusCode).toBe(200);
    const kept = await call('releaser', 'POST', `/api/incidents/${redId}/release`, {
      label: label({ classification: 'RESTRICTED', relTo: ['KAZ'], tlp: 'AMBER', recipients: { orgs: [org, kaz.org], users: [] } }),
    });
    expect(kept.statusCode, kept.body).toBe(200);
    expect((await call('kaz', 'GET', `/api/incidents/${redId}`)).statusCode).toBe(200);
    expect((await call('colleague', 'GET', `/api/incidents/${redId}`)).statusCode).toBe(200);
  });
});
