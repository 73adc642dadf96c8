/**
 * The map answers from its cell counts (kept by triggers) and from the incidents themselves alike:
 * after creates, releases, edits that move an incident, and imports, for readers of several nations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { label, makeOrg, makeToken, makeUser } from '../kit/factories';
import { anyVersion, bearer } from '../kit/http';
import { startTestNode } from '../kit/test-node';
import { seededRandom } from '../../src/shared/seeded-random';
import type { TestNode } from '../kit/test-node';

let node: TestNode;
const token: Record<string, string> = {};

beforeAll(async () => {
  node = await startTestNode();
  const org = await makeOrg(node.ctx, 'PAK', 'PAK map');
  token.analyst = await makeToken(node.ctx, await makeUser(node.ctx, { nation: 'PAK', org, roles: ['analyst'] }));
  token.releaser = await makeToken(node.ctx, await makeUser(node.ctx, { nation: 'PAK', org, roles: ['releasing-officer'] }));
  token.pakOther = await makeToken(node.ctx, await makeUser(node.ctx, { nation: 'PAK', roles: ['viewer'] }));
  token.kaz = await makeToken(node.ctx, await makeUser(node.ctx, { nation: 'KAZ', roles: ['viewer'], clearance: 'RESTRICTED' }));
  token.uzb = await makeToken(node.ctx, await makeUser(node.ctx, { nation: 'UZB', roles: ['viewer'] }));
});
afterAll(() => node.close());

const call = (who: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
  node.app.http.inject({ method, url, headers: { ...bearer(token[who]!), ...anyVersion(method) }, ...(payload ? { payload } : {}) });

const KINDS = [
  ['narcotics', 'seizure'],
  ['cyber', 'ddos'],
  ['border-incident', 'illegal-crossing'],
] as const;

/** Both answers for one reader and viewport: from the cell counts, and (`from` far in the past) from the incidents. */
async function bothWays(who: string, query: string) {
  const counted = (await call(who, 'GET', `/api/incidents/map?${query}`)).json();
  const direct = (await call(who, 'GET', `/api/incidents/map?${query}&from=1900-01-01T00:00:00Z`)).json();
  type Cluster = { lat: number; lon: number; count: number; id?: string; title?: string; domains: unknown[] };
  const sorted = (clusters: Cluster[]) =>
    clusters
      .map((c) => ({
        count: c.count,
        id: c.id,
        title: c.title,
        domains: c.domains,
        lat: Math.round(c.lat * 1e6) / 1e6,
        lon: Math.round(c.lon * 1e6) / 1e6,
      }))
      .sort((a, b) => a.lat - b.lat || a.lon - b.lon);
  return {
    counted: { total: counted.total, banner: counted.mostRestrictive, clusters: sorted(counted.clusters) },
    direct: { total: direct.total, banner: direct.mostRestrictive, clusters: sorted(direct.clusters) },
  };
}

async function expectSameEverywhere() {
  for (const who of ['analyst', 'pakOther', 'kaz', 'uzb']) {
    for (const query of [
      'zoom=4&bbox=55,30,80,45',
      'zoom=6&bbox=60,35,70,41',
      'zoom=9&bbox=64,37,66,39',
      'zoom=5&bbox=55,30,80,45&domain=cyber',
    ]) {
      const { counted, direct } = await bothWays(who, query);
      expect(counted, `${who} ${query}`).toEqual(direct);
    }
  }
}

describe('map cell counts', () => {
  it('give the same clusters, totals and banner as counting the incidents, through creates, releases, moves and imports', async () => {
    const random = seededRandom(7);
    const ids: string[] = [];
    for (let i = 0; i < 60; i++) {
      const [domain, subtype] = random.pick(KINDS);
      const created = await call('analyst', 'POST', '/api/incidents', {
        domain,
        subtype,
        title: `Incident ${i}`,
        occurredAt: '2026-05-01T00:00:00Z',
        timePrecision: 'day',
        place: { country: 'UZB', point: { lat: 37 + random.next() * 5, lon: 64 + random.next() * 8 }, precision: 'near' },
        label: label({
          relTo: ['KAZ', 'UZB'].filter(() => random.next() < 0.5),
          classification: random.pick(['UNCLASSIFIED', 'RESTRICTED', 'CONFIDENTIAL'] as const),
        }),
      });
      expect(created.statusCode).toBe(201);
      ids.push(created.json().id);
    }
    await expectSameEverywhere();
    for (const id of ids.filter(() => random.next() < 0.7))
      expect((await call('releaser', 'POST', `/api/incidents/${id}/release`, {})).statusCode).toBe(200);
    for (const id of ids.filter(() => random.next() < 0.3)) {
      const moved = await call('analyst', 'PATCH', `/api/incidents/${id}`, {
        place: { country: 'UZB', point: { lat: 38 + random.next(), lon: 65 + random.next() }, precision: 'exact' },
      });
      expect(moved.statusCode).toBe(200);
    }
    const csv = ['event_date,time_precision,domain,subtype,title,country,latitude,longitude,geo_precision'];
    for (let i = 0; i < 40; i++)
      csv.push(`2026-06-0${(i % 9) + 1},day,cyber,ddos,Imported ${i},UZB,${38 + (i % 7) * 0.3},${64 + (i % 5) * 0.7},near`);
    const imported = await call('releaser', 'POST', '/api/incidents/import', {
      csv: csv.join('\n'),
      label: label({ relTo: ['KAZ'] }),
      release: true,
    });
    expect(imported.json()).toMatchObject({ imported: 40 });
    await expectSameEverywhere();
    const { counted } = await bothWays('kaz', 'zoom=4&bbox=55,30,80,45');
    expect(counted.total).toBeGreaterThan(40);
    expect((await bothWays('uzb', 'zoom=4&bbox=55,30,80,45')).counted.total).toBeLessThan(counted.total + 60);
  });
});
