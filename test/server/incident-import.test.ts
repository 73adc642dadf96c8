import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
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
    expect(paths).toEqual(expect.arrayContaining(['row 3: event_date', 'row 4: sub_event_type', 'row 5: fatalities']));
    expect(paths.some((p: string) => p.startsWith('row 2'))).toBe(false);
    expect(await count()).toBe(before);
  });

  it('validates without writing on a dry run', async () => {
    const before = await count();
    const response = await importCsv('analyst', { csv: csv([row(1), row(2)]), label: label(), dryRun: true });
    expect(response.json()).toMatchObject({ rows: 2, imported: 0, released: false, dryRun: true, problems: [] });
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
    expect(lines.at(-1)).toMatchObject({ result: { rows: 2_500, imported: 2_500, released: false, dryRun: false } });
    expect(lines.at(-1).result.created).toHaveLength(100);
  });

  it('answers problems found before any progress with their status, as without streaming', async () => {
    const response = await node.app.http.inject({
      method: 'POST',
      url: '/api/incidents/import',
      headers: { ...bearer(token.analyst!), accept: 'application/x-ndjson' },
      payload: { csv: csv([row(1, '2026-13-45,1,narcotics,seizure,Bad date,x,UZB,,,,,,0,')]), label: label() },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.issues[0].path).toBe('row 2: event_date');
  });
});

describe('ACLED files', () => {
  const sample = fs.readFileSync(new URL('../fixtures/acled/acled-sample.csv', import.meta.url), 'utf8');
  const acledHeader = sample.split('\n')[0]!;
  /** One ACLED row of the sample with some cells replaced, by column name. */
  const acledRow = (index: number, cells: Record<string, string>) => {
    const [record] = parse(sample, { columns: true, from: index + 1, to: index + 1 }) as Record<string, string>[];
    return stringify([{ ...record, ...cells }], { columns: acledHeader.split(',') }).trim();
  };

  it('previews an ACLED export with its event types, countries and dates mapped, and writes nothing', async () => {
    const before = await count();
    const response = await importCsv('analyst', { csv: sample, label: label({ relTo: ['KAZ'] }), dryRun: true });
    expect(response.statusCode).toBe(200);
    const report = response.json();
    expect(report).toMatchObject({ rows: 26, imported: 0, dryRun: true, problems: [] });
    expect(report.preview).toHaveLength(10);
    expect(report.preview[0]).toEqual({
      row: 2,
      content: {
        domain: 'armed-clash',
        // "Military Forces of Pakistan" is one side: a clash with an armed group, not between groups.
        subtype: 'clash-with-armed-group',
        title: 'Armed clash — Miranshah, Khyber Pakhtunkhwa',
        narrative: expect.stringMatching(
          /^On 2 October 2026, security forces clashed.*\n\nACLED PAK90001: Battles \/ Armed clash\. Actors: Military Forces of Pakistan \(2018-\); Tehreek-e-Taliban Pakistan\. Admin3: Miranshah\. Source: Dawn\.$/s,
        ),
        occurredAt: '2026-10-02T00:00:00Z',
        timePrecision: 'day',
        place: {
          country: 'PAK',
          admin1: 'Khyber Pakhtunkhwa',
          admin2: 'North Waziristan',
          name: 'Miranshah',
          point: { lat: 33, lon: 70.07 },
          precision: 'exact',
        },
        casualties: { killed: { kind: 'value', value: 3 }, wounded: { kind: 'unknown' }, abducted: { kind: 'unknown' } },
      },
    });
    const pairs = report.preview.map((p: { content: { domain: string; subtype: string; place: { country: string } } }) =>
      [p.content.domain, p.content.subtype, p.content.place.country].join(' '),
    );
    expect(pairs).toEqual([
      'armed-clash clash-with-armed-group PAK',
      'explosive-remote-violence ied-detonation PAK',
      'terrorism-militancy suicide-attack PAK',
      'explosive-remote-violence drone-strike AFG',
      'explosive-remote-violence shelling-artillery AFG',
      'explosive-remote-violence grenade AFG',
      'explosive-remote-violence shelling-artillery AFG',
      'terrorism-militancy attack-on-civilians TJK',
      'terrorism-militancy kidnapping TJK',
      'terrorism-militancy attack-on-civilians TJK',
    ]);
    expect(report.preview[8].content.timePrecision).toBe('week');
    expect(await count()).toBe(before);
  });

  it('imports every row of an ACLED export as drafts and links to each', async () => {
    const response = await importCsv('analyst', { csv: sample, label: label({ relTo: ['KAZ'] }) });
    expect(response.json()).toMatchObject({ rows: 26, imported: 26, released: false, dryRun: false });
    const created = response.json().created as { id: string; title: string }[];
    expect(created).toHaveLength(26);
    const last = await node.app.http.inject({ method: 'GET', url: `/api/incidents/${created[25]!.id}`, headers: bearer(token.analyst!) });
    expect(last.json()).toMatchObject({
      releaseState: 'draft',
      title: created[25]!.title,
      domain: 'armed-clash',
      subtype: 'clash-between-armed-groups',
      place: { country: 'AFG', name: 'Imam Sahib', precision: 'near' },
      casualties: { killed: { kind: 'value', value: 2 } },
    });
  });

  it('names the row and the CSV column of every problem in plain words, in the preview and when importing', async () => {
    const bad = [
      acledHeader,
      acledRow(0, {}),
      acledRow(1, { event_type: 'Bombing' }),
      acledRow(2, { country: 'Atlantis' }),
      acledRow(3, { event_date: '31/02/2026', fatalities: 'many' }),
      acledRow(4, { latitude: 'north' }),
    ].join('\n');
    const preview = (await importCsv('analyst', { csv: bad, label: label(), dryRun: true })).json();
    expect(preview.preview.map((p: { row: number }) => p.row)).toEqual([2]);
    expect(preview.problems).toEqual([
      {
        path: 'row 3: event_type',
        message:
          "Row 3, column event_type: “Bombing” is neither an ACLED event type nor a Concord domain: use one of ACLED's (such as Battles) or Concord's (such as Armed clash or narcotics).",
      },
      {
        path: 'row 4: country',
        message:
          'Row 4, column country: “Atlantis” is not a country: write its English name as ACLED does, or its ISO 3166 alpha-3 code such as UZB.',
      },
      {
        path: 'row 5: event_date',
        message: 'Row 5, column event_date: “31/02/2026” is not a date: write it as 2026-11-27 or 27 November 2026.',
      },
      {
        path: 'row 5: fatalities',
        message:
          'Row 5, column fatalities: “many” is not a count: write a whole number, a range such as 3-5, or leave it empty for unknown.',
      },
      {
        path: 'row 6: latitude',
        message:
          'Row 6, column latitude: “north” is not a coordinate: write decimal degrees such as 37.22 (latitude) and 67.28 (longitude).',
      },
    ]);
    const before = await count();
    const refused = await importCsv('analyst', { csv: bad, label: label() });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.issues).toEqual(preview.problems);
    expect(await count()).toBe(before);
  });

  it('accepts the vocabulary as the web app shows it, and ACLED’s older date format', async () => {
    const response = await importCsv('analyst', {
      csv: [
        'event_date,time_precision,domain,subtype,title,country,geo_precision',
        '27 October 2026,Day,Armed clash,Cross border fire,Fire across the border,Tajikistan,Country',
        '3-Oct-2026,week,EXPLOSIVE REMOTE VIOLENCE,ied found,Device found,uzb,admin1',
      ].join('\n'),
      label: label(),
      dryRun: true,
    });
    expect(response.json().problems).toEqual([]);
    expect(
      response
        .json()
        .preview.map((p: { content: object }) => p.content)
        .map(({ domain, subtype, occurredAt, timePrecision, place }: Record<string, unknown>) => ({
          domain,
          subtype,
          occurredAt,
          timePrecision,
          place,
        })),
    ).toEqual([
      {
        domain: 'armed-clash',
        subtype: 'cross-border-fire',
        occurredAt: '2026-10-27T00:00:00Z',
        timePrecision: 'day',
        place: { country: 'TJK', precision: 'country' },
      },
      {
        domain: 'explosive-remote-violence',
        subtype: 'ied-found',
        occurredAt: '2026-10-03T00:00:00Z',
        timePrecision: 'week',
        place: { country: 'UZB', precision: 'admin1' },
      },
    ]);
  });
});
