/**
 * The timeline and map aggregates: counts per bucket and domain, cluster domains and cards, the
 * list's filters, and nothing of what the reader may not read (a draft of another organisation,
 * a release to other nations).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { label, makeOrg, makeToken, makeUser } from '../kit/factories';
import { anyVersion, bearer } from '../kit/http';
import { startTestNode } from '../kit/test-node';
import type { TestNode } from '../kit/test-node';

let node: TestNode;
const token: Record<string, string> = {};
const ids: Record<string, string> = {};

const call = (who: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  node.app.http.inject({ method, url, headers: { ...bearer(token[who]!), ...anyVersion(method) }, ...(payload ? { payload } : {}) });

type Bucket = { start: string; domain: string; count: number };
const sum = (buckets: Bucket[]) => buckets.reduce((total, b) => total + b.count, 0);

async function record(name: string, domain: string, subtype: string, occurredAt: string, lon: number, relTo: string[], release = true) {
  const created = await call('analyst', 'POST', '/api/incidents', {
    domain,
    subtype,
    title: name,
    occurredAt,
    timePrecision: 'day',
    place: { country: 'UZB', point: { lat: 38.5, lon }, precision: 'near' },
    label: label({ relTo }),
  });
  expect(created.statusCode, created.body).toBe(201);
  ids[name] = created.json().id;
  if (release) expect((await call('releaser', 'POST', `/api/incidents/${ids[name]}/release`, {})).statusCode).toBe(200);
}

beforeAll(async () => {
  node = await startTestNode();
  const org = await makeOrg(node.ctx, 'PAK', 'PAK timeline');
  token.analyst = await makeToken(node.ctx, await makeUser(node.ctx, { nation: 'PAK', org, roles: ['analyst'] }));
  token.releaser = await makeToken(node.ctx, await makeUser(node.ctx, { nation: 'PAK', org, roles: ['releasing-officer'] }));
  token.kaz = await makeToken(node.ctx, await makeUser(node.ctx, { nation: 'KAZ', roles: ['viewer'] }));
  token.uzb = await makeToken(node.ctx, await makeUser(node.ctx, { nation: 'UZB', roles: ['viewer'] }));
  await record('Cyber one', 'cyber', 'ddos', '2026-03-02T08:00:00Z', 64.1, ['KAZ']);
  await record('Cyber two', 'cyber', 'intrusion', '2026-03-02T20:00:00Z', 64.2, ['KAZ']);
  await record('Cyber draft', 'cyber', 'ddos', '2026-03-10T08:00:00Z', 64.3, ['KAZ'], false);
  await record('Seizure', 'narcotics', 'seizure', '2026-04-05T08:00:00Z', 70.1, ['KAZ']);
  await record('Seizure for Uzbekistan', 'narcotics', 'seizure', '2026-04-06T08:00:00Z', 70.2, ['UZB']);
});
afterAll(() => node.close());

describe('timeline', () => {
  it('counts per day and domain only what the reader may read, and lists those incidents', async () => {
    const kaz = (await call('kaz', 'GET', '/api/incidents/timeline')).json();
    expect(kaz).toMatchObject({ total: 2 + 1, unit: 'day', first: '2026-03-02T08:00:00.000Z', last: '2026-04-05T08:00:00.000Z' });
    expect(kaz.buckets).toEqual([
      { start: '2026-03-02', domain: 'cyber', count: 2 },
      { start: '2026-04-05', domain: 'narcotics', count: 1 },
    ]);
    expect(kaz.items.map((i: { id: string }) => i.id)).toEqual([ids['Cyber one'], ids['Cyber two'], ids.Seizure]);
    expect(kaz.items[0]).toEqual({
      id: ids['Cyber one'],
      title: 'Cyber one',
      domain: 'cyber',
      occurredAt: '2026-03-02T08:00:00.000Z',
      timePrecision: 'day',
    });
    // The originating organisation reads its draft and every release.
    const own = (await call('analyst', 'GET', '/api/incidents/timeline')).json();
    expect(own.total).toBe(5);
    expect(sum(own.buckets)).toBe(5);
  });

  it('takes the list filters: domain, time range, text', async () => {
    const cyber = (await call('kaz', 'GET', '/api/incidents/timeline?domain=cyber')).json();
    expect(cyber.total).toBe(2);
    expect(cyber.buckets).toEqual([{ start: '2026-03-02', domain: 'cyber', count: 2 }]);
    const april = (await call('kaz', 'GET', '/api/incidents/timeline?from=2026-04-01T00:00:00Z&to=2026-05-01T00:00:00Z')).json();
    expect(april.items.map((i: { title: string }) => i.title)).toEqual(['Seizure']);
    const text = (await call('analyst', 'GET', '/api/incidents/timeline?q=Uzbekistan')).json();
    expect(text.total).toBe(1);
    const none = (await call('kaz', 'GET', '/api/incidents/timeline?q=Uzbekistan')).json();
    expect(none).toMatchObject({ total: 0, buckets: [], items: [], first: null, last: null });
  });

  it('answers counts per week without the incidents when more match than it lists', async () => {
    const csv = ['event_date,time_precision,domain,subtype,title,country,latitude,longitude,geo_precision'];
    for (let i = 0; i < 320; i++) {
      const day = new Date(Date.UTC(2024, 0, 1) + i * 2 * 86_400_000).toISOString().slice(0, 10);
      csv.push(`${day},day,border-incident,incursion,Imported ${i},UZB,39,66,near`);
    }
    const imported = await call('releaser', 'POST', '/api/incidents/import', {
      csv: csv.join('\n'),
      label: label({ relTo: ['KAZ'] }),
      release: true,
    });
    expect(imported.json()).toMatchObject({ imported: 320 });
    const all = (await call('kaz', 'GET', '/api/incidents/timeline?domain=border-incident')).json();
    expect(all.total).toBe(320);
    expect(all.items).toBeUndefined();
    expect(all.unit).toBe('week');
    expect(sum(all.buckets)).toBe(320);
    // 2024-01-01 is a Monday: the first ISO week holds the imports of the 1st, 3rd, 5th and 7th.
    expect(all.buckets[0]).toEqual({ start: '2024-01-01', domain: 'border-incident', count: 4 });
    // A month's range is drawn one incident at a time again.
    const month = (
      await call('kaz', 'GET', '/api/incidents/timeline?domain=border-incident&from=2024-02-01T00:00:00Z&to=2024-03-01T00:00:00Z')
    ).json();
    expect(month).toMatchObject({ unit: 'day', total: month.items.length });
    expect(month.total).toBe(14);
  });

  it('refuses a malformed filter with a 400 that names it', async () => {
    const response = await call('kaz', 'GET', '/api/incidents/timeline?from=yesterday');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('from');
  });
});

describe('map clusters', () => {
  it('carry their count by domain, and a single incident carries its title and time; unreadable ones are not counted', async () => {
    for (const query of ['zoom=4&bbox=55,30,80,45', 'zoom=4&bbox=55,30,80,45&q=Cyber', 'zoom=4&bbox=55,30,80,45&domain=cyber']) {
      const kaz = (await call('kaz', 'GET', `/api/incidents/map?${query}`)).json();
      const west = kaz.clusters.find((c: { lon: number }) => c.lon < 65);
      expect(west, query).toMatchObject({ count: 2, domains: [{ domain: 'cyber', count: 2 }] });
      expect(west.id).toBeUndefined();
      const own = (await call('analyst', 'GET', `/api/incidents/map?${query}`)).json();
      expect(
        own.clusters.find((c: { lon: number }) => c.lon < 65),
        query,
      ).toMatchObject({ count: 3 });
    }
    // Seen from Kazakhstan the eastern cell holds one readable incident: its card, not the other's.
    const kaz = (await call('kaz', 'GET', '/api/incidents/map?zoom=4&bbox=55,30,80,45&domain=narcotics')).json();
    expect(kaz.total).toBe(1);
    expect(kaz.clusters).toEqual([
      expect.objectContaining({
        count: 1,
        id: ids.Seizure,
        title: 'Seizure',
        occurredAt: '2026-04-05T08:00:00.000Z',
        domains: [{ domain: 'narcotics', count: 1 }],
      }),
    ]);
    const fromIncidents = (
      await call('kaz', 'GET', '/api/incidents/map?zoom=4&bbox=55,30,80,45&domain=narcotics&from=2000-01-01T00:00:00Z')
    ).json();
    expect(fromIncidents.clusters).toEqual(kaz.clusters);
  });
});
