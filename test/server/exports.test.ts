import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRepository } from '../../src/server/db/repositories/audit-repository';
import { EXPORT_PAGE, exportIncidents } from '../../src/server/domain/incidents/incident-views';
import { label, makeOrg, makeToken, makeUser } from '../kit/factories';
import { bearer } from '../kit/http';
import { startTestNode } from '../kit/test-node';
import type { IncidentRow } from '../../src/server/db/repositories/incident-repository';
import type { MadeUser } from '../kit/factories';
import type { TestNode } from '../kit/test-node';

/**
 * Exports stream: the filtered set is read, audited and sent a page at a time (never whole in
 * memory), every format stays one valid document across pages, and one person runs a bounded
 * number of exports — at once and per minute — answered 429 with Retry-After beyond it.
 */
const COUNT = EXPORT_PAGE * 2 + 50;
let node: TestNode;
const viewers: MadeUser[] = [];
const token: Record<string, string> = {};

beforeAll(async () => {
  node = await startTestNode('PAK', { CONCORD_EXPORTS_AT_ONCE: '2', CONCORD_EXPORTS_PER_MINUTE: '5' });
  const { ctx } = node;
  const intel = await makeOrg(ctx, 'PAK', 'PAK intel');
  const releaser = await makeUser(ctx, { nation: 'PAK', org: intel, roles: ['releasing-officer'] });
  for (let i = 0; i < 4; i++) viewers.push(await makeUser(ctx, { nation: 'KAZ', roles: ['viewer'] }));
  for (const [i, user] of viewers.entries()) token[`viewer${i}`] = await makeToken(ctx, user);
  const csv = [
    'event_date,time_precision,domain,subtype,title,country,geo_precision',
    ...Array.from(
      { length: COUNT },
      (_, i) => `2026-11-${String((i % 28) + 1).padStart(2, '0')},day,border-incident,illegal-crossing,Crossing ${i},PAK,country`,
    ),
  ].join('\n');
  const imported = await node.app.http.inject({
    method: 'POST',
    url: '/api/incidents/import',
    headers: bearer(await makeToken(ctx, releaser)),
    payload: { csv, release: true, label: label({ relTo: ['KAZ'] }) },
  });
  expect(imported.statusCode, imported.body).toBe(200);
}, 120_000);
afterAll(() => node.close());

const exportAs = (who: string, query: string) =>
  node.app.http.inject({ method: 'GET', url: `/api/incidents/export?${query}`, headers: bearer(token[who]!) });

async function exportEntries(user: MadeUser) {
  const entries = await auditRepository(node.ctx.database.db).latest(1_000, { action: 'incident.export' });
  return entries.filter((e) => e.actor_id === user.id).reverse();
}

describe('exports', () => {
  it('read, audit and hand over one page at a time', async () => {
    const viewer = viewers[0]!;
    const pages = exportIncidents(node.ctx, viewer.actor, {}, 'json');
    const first = await pages.next();
    expect(first.done).toBe(false);
    const firstPage: IncidentRow[] = first.done ? [] : first.value;
    expect(firstPage).toHaveLength(EXPORT_PAGE);
    // Only the page handed over is read and disclosed so far.
    const disclosed = await exportEntries(viewer);
    expect(disclosed).toHaveLength(1);
    expect((disclosed[0]!.details as { ids: string[] }).ids).toEqual(firstPage.map((r) => r.id));

    const rest: string[] = [];
    for await (const page of pages) rest.push(...page.map((r) => r.id));
    const all = [...firstPage.map((r) => r.id), ...rest];
    expect(new Set(all).size).toBe(COUNT);
    const entries = await exportEntries(viewer);
    expect(entries).toHaveLength(3);
    expect(entries.flatMap((e) => (e.details as { ids: string[] }).ids)).toEqual(all);
  });

  it('stay one valid document in every format across pages', async () => {
    const json = await exportAs('viewer1', 'format=json');
    expect(json.statusCode).toBe(200);
    expect(json.headers['content-type']).toMatch(/application\/json/);
    expect(new Set((json.json() as { id: string }[]).map((i) => i.id)).size).toBe(COUNT);

    const csv = await exportAs('viewer1', 'format=csv');
    const lines = csv.body.trim().split('\n');
    expect(lines).toHaveLength(COUNT + 1);
    expect(lines[0]).toMatch(/^id,version,occurred_at/);
    expect(lines.filter((l) => l === lines[0])).toHaveLength(1);

    const geo = (await exportAs('viewer1', 'format=geojson')).json() as { type: string; features: unknown[] };
    expect(geo.type).toBe('FeatureCollection');
    expect(geo.features).toHaveLength(COUNT);

    const stix = await exportAs('viewer1', 'format=stix');
    expect(stix.headers['content-type']).toMatch(/application\/stix\+json/);
    const bundle = stix.json() as { type: string; objects: { type: string; id: string }[] };
    expect(bundle.type).toBe('bundle');
    expect(bundle.objects.filter((o) => o.type === 'incident')).toHaveLength(COUNT);
    // Objects pages share (the label's marking, the originating organisation) are written once.
    expect(new Set(bundle.objects.map((o) => o.id)).size).toBe(bundle.objects.length);
  });

  it('are limited per person and minute: beyond it 429 with Retry-After and a message, others unaffected', async () => {
    for (let i = 0; i < 5; i++) expect((await exportAs('viewer2', 'format=csv&country=TJK')).statusCode).toBe(200);
    const refused = await exportAs('viewer2', 'format=csv&country=TJK');
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(refused.json().error).toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      message: expect.stringMatching(/5 export\(s\) in the last minute/),
    });
    expect((await exportAs('viewer3', 'format=csv&country=TJK')).statusCode).toBe(200);
    node.clock.advance(61_000);
    expect((await exportAs('viewer2', 'format=csv&country=TJK')).statusCode).toBe(200);
  });

  it('are limited per person at once; a finished or abandoned export gives its place back', async () => {
    const viewer = viewers[3]!;
    const abandoned = exportIncidents(node.ctx, viewer.actor, {}, 'json');
    await abandoned.return!();
    const running = [exportIncidents(node.ctx, viewer.actor, {}, 'json'), exportIncidents(node.ctx, viewer.actor, {}, 'json')];
    for (const pages of running) expect((await pages.next()).done).toBe(false);
    const refused = await exportAs('viewer3', 'format=json&country=TJK');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('5');
    expect(refused.json().error.message).toMatch(/2 export\(s\) running/);
    for await (const _ of running[0]!);
    expect((await exportAs('viewer3', 'format=json&country=TJK')).statusCode).toBe(200);
    await running[1]!.return!();
    expect((await exportAs('viewer3', 'format=json&country=TJK')).statusCode).toBe(200);
  });
});
