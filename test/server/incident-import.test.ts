import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { label, makeOrg, makeToken, makeUser } from '../kit/factories';
import { anyVersion, bearer } from '../kit/http';
import { startTestNode } from '../kit/test-node';
import type { TestNode } from '../kit/test-node';

let node: TestNode;
const token: Record<string, string> = {};
beforeAll(async () => {
  node = await startTestNode();
  const org = await makeOrg(node.ctx, 'UZB', 'UZB intel');
  token.analyst = await makeToken(node.ctx, await makeUser(node.ctx, { nation: 'UZB', org, roles: ['analyst'] }));
  token.releaser = await makeToken(node.ctx, await makeUser(node.ctx, { nation: 'UZB', org, roles: ['releasing-officer'] }));
  token.kaz = await makeToken(node.ctx, await makeUser(node.ctx, { nation: 'KAZ', roles: ['viewer'] }));
});
afterAll(() => node.close());

const HEADER =
  'event_date,time_precision,event_type,sub_event_type,title,notes,country,admin1,location,latitude,longitude,geo_precision,fatalities,wounded';
const row = (i: number, over = '') =>
  over ||
  `2026-0${(i % 9) + 1}-15,1,narcotics,seizure,Seizure ${i},Opiates found in a truck,UZB,Surxondaryo,Termez,37.2${i % 10},67.2${i % 10},2,0,unknown`;
const csv = (rows: string[]) => [HEADER, ...rows].join('\n');
const importCsv = (who: string, body: object) =>
  node.app.http.inject({ method: 'POST', url: '/api/incidents/import', headers: bearer(token[who]!), payload: body });
const count = async () =>
  Number(
    (
      await node.ctx.database.db
        .selectFrom('incidents')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('CSV import', () => {
  it('reports every bad row by line and imports nothing', async () => {
    const before = await count();
    const bad = csv([
      row(1),
      row(2, '2026-13-45,1,narcotics,seizure,Bad date,x,UZB,,,,,,0,'),
      row(3, '2026-02-01,1,narcotics,ddos,Wrong type,x,UZB,,,,,,0,'),
      row(4, '2026-02-01,1,narcotics,seizure,Bad count,x,UZB,,,,,,-3,'),
    ]);
    const response = await importCsv('analyst', { csv: bad, label: label({ relTo: ['KAZ'] }) });
    expect(response.statusCode).toBe(400);
    const paths = response.json().error.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['line 3: occurredAt', 'line 4: subtype', expect.stringMatching(/^line 5: casualties/)]));
    expect(paths.some((p: string) => p.startsWith('line 2'))).toBe(false);
    expect(await count()).toBe(before);
  });

  it('validates without writing on a dry run', async () => {
    const before = await count();
    const response = await importCsv('analyst', { csv: csv([row(1), row(2)]), label: label(), dryRun: true });
    expect(response.json()).toEqual({ rows: 2, imported: 0, released: false, dryRun: true });
    expect(await count()).toBe(before);
  });

  it('imports drafts for an analyst, released records for a releasing officer', async () => {
    const drafts = await importCsv('analyst', { csv: csv([1, 2, 3].map((i) => row(i))), label: label({ relTo: ['KAZ'] }) });
    expect(drafts.json()).toMatchObject({ imported: 3, released: false });
    expect(
      (await node.app.http.inject({ method: 'GET', url: '/api/incidents?q=Seizure', headers: bearer(token.kaz!) })).json().items,
    ).toHaveLength(0);
    expect((await importCsv('analyst', { csv: csv([row(9)]), label: label(), release: true })).statusCode).toBe(403);
    const released = await importCsv('releaser', { csv: csv([4, 5].map((i) => row(i))), label: label({ relTo: ['KAZ'] }), release: true });
    expect(released.json()).toMatchObject({ imported: 2, released: true });
    const seen = (await node.app.http.inject({ method: 'GET', url: '/api/incidents?q=Seizure', headers: bearer(token.kaz!) })).json().items;
    expect(seen.map((i: { title: string }) => i.title).sort()).toEqual(['Seizure 4', 'Seizure 5']);
    expect(seen[0]).toMatchObject({
      timePrecision: 'day',
      place: { precision: 'near', name: 'Termez' },
      casualties: { killed: { kind: 'value', value: 0 }, wounded: { kind: 'unknown' } },
    });
  });

  it('stores text exactly, whatever it holds (tabs, backslashes, quotes, line breaks, non-Latin script), and keeps the whole content as the first version', async () => {
    const narrative = 'Line one\twith a tab, a back\\slash and "quotes"\nline two — Сурхандарья, سرحد \\N';
    const quoted = `"${narrative.replace(/"/g, '""')}"`;
    const response = await importCsv('analyst', {
      csv: csv([`2026-03-15,1,narcotics,seizure,"Tab\there, \\N",${quoted},UZB,Surxondaryo,Termez,37.2,67.2,2,0,unknown`]),
      label: label({ relTo: ['KAZ'] }),
    });
    expect(response.json()).toMatchObject({ imported: 1 });
    const list = await node.app.http.inject({ method: 'GET', url: '/api/incidents?q=tab', headers: bearer(token.analyst!) });
    const stored = list.json().items.find((i: { narrative: string }) => i.narrative === narrative);
    expect(stored).toBeDefined();
    expect(stored.title).toBe('Tab\there, \\N');
    // The first version holds the whole content: an edit of the title shows the title alone as changed.
    const edit = await node.app.http.inject({
      method: 'PATCH',
      url: `/api/incidents/${stored.id}`,
      headers: { ...bearer(token.analyst!), ...anyVersion('PATCH') },
      payload: { title: 'Seizure at Termez' },
    });
    expect(edit.statusCode).toBe(200);
    const history = await node.app.http.inject({
      method: 'GET',
      url: `/api/incidents/${stored.id}/history`,
      headers: bearer(token.analyst!),
    });
    expect(history.json().items.map((v: { version: number; changedFields: string[] }) => [v.version, v.changedFields])).toEqual([
      [1, []],
      [2, ['title']],
    ]);
  });

  it('rejects a file that is not CSV', async () => {
    const response = await importCsv('analyst', { csv: 'a,b\n"unterminated', label: label() });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toMatch(/not valid CSV/);
  });
});

describe('CSV import with progress', () => {
  it('streams a line per step and then the result, when the client asks for NDJSON', async () => {
    const rows = Array.from({ length: 2_500 }, (_, i) => row(i));
    const response = await node.app.http.inject({
      method: 'POST',
      url: '/api/incidents/import',
      headers: { ...bearer(token.analyst!), accept: 'application/x-ndjson' },
      payload: { csv: csv(rows), label: label() },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/x-ndjson');
    const lines = response.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({ stage: 'validated', done: 2_500, total: 2_500 });
    expect(lines.filter((l) => l.stage === 'imported').map((l) => l.done)).toEqual([1_000, 2_000, 2_500]);
    expect(lines.at(-1)).toEqual({ result: { rows: 2_500, imported: 2_500, released: false, dryRun: false } });
  });

  it('answers problems found before any progress with their status, as without streaming', async () => {
    const response = await node.app.http.inject({
      method: 'POST',
      url: '/api/incidents/import',
      headers: { ...bearer(token.analyst!), accept: 'application/x-ndjson' },
      payload: { csv: csv([row(1, '2026-13-45,1,narcotics,seizure,Bad date,x,UZB,,,,,,0,')]), label: label() },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.issues[0].path).toBe('line 2: occurredAt');
  });
});
