import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/server/domain/app-error';
import { parseIncidentCsv } from '../../src/server/domain/incidents/incident-import';
import { importStixBundle } from '../../src/server/domain/stix/stix-import';
import { COLLECTION_ID } from '../../src/server/domain/taxii/taxii-service';
import { auditRepository } from '../../src/server/db/repositories/audit-repository';
import { newTotpSecret } from '../../src/server/domain/auth/totp';
import { label, makeOrg, makeToken, makeUser } from '../kit/factories';
import { anyVersion, bearer } from '../kit/http';
import { startTestNode } from '../kit/test-node';
import type { MadeUser } from '../kit/factories';
import type { TestNode } from '../kit/test-node';

let node: TestNode;
let token: string;
let releaser: MadeUser;
let releaserToken: string;
let adminToken: string;
let attachTo = '';
beforeAll(async () => {
  node = await startTestNode();
  const org = await makeOrg(node.ctx, 'PAK');
  token = await makeToken(node.ctx, await makeUser(node.ctx, { org }));
  releaser = await makeUser(node.ctx, { org, roles: ['analyst', 'releasing-officer'] });
  releaserToken = await makeToken(node.ctx, releaser);
  adminToken = await makeToken(node.ctx, await makeUser(node.ctx, { org, roles: ['node-admin'] }), ['admin']);
  attachTo = (await send('POST', '/api/incidents', incident({ title: 'Holds attachments' }))).json().id;
});
afterAll(() => node.close());

const postRaw = (payload: string | Buffer, contentType = 'application/json') =>
  node.app.http.inject({ method: 'POST', url: '/api/notes', headers: { ...bearer(token), 'content-type': contentType }, payload });
const countNotes = async () =>
  Number(
    (
      await node.ctx.database.db
        .selectFrom('notes')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('bad input is a 4xx that says what to fix, and writes nothing', () => {
  const cases: [string, () => ReturnType<typeof postRaw>, number, RegExp][] = [
    ['malformed JSON', () => postRaw('{"title": '), 400, /not valid JSON/],
    ['unknown fields', () => postRaw(JSON.stringify({ title: 't', label: label(), admin: true })), 400, /admin/],
    ['wrong types', () => postRaw(JSON.stringify({ title: 42, label: label() })), 400, /title/],
    ['wrong content type', () => postRaw('title=t', 'application/x-www-form-urlencoded'), 415, /application\/json/],
    ['oversized body', () => postRaw(JSON.stringify({ title: 't', body: 'x'.repeat(1_100_000), label: label() })), 413, /1 MiB/],
    ['deep nesting', () => postRaw(`${'['.repeat(100)}${']'.repeat(100)}`), 400, /nested/],
    ['invalid UTF-8', () => postRaw(Buffer.from([0x7b, 0x22, 0x74, 0xff, 0xfe, 0x22, 0x7d])), 400, /UTF-8/],
    ['prototype pollution', () => postRaw('{"title":"t","__proto__":{"x":1}}'), 400, /__proto__/],
    ['missing label', () => postRaw(JSON.stringify({ title: 't' })), 400, /label/],
    ['unknown level', () => postRaw(JSON.stringify({ title: 't', label: { ...label(), classification: 'TOP' } })), 400, /classification/],
  ];
  for (const [name, send, status, message] of cases) {
    it(name, async () => {
      const before = await countNotes();
      const response = await send();
      expect(response.statusCode).toBe(status);
      expect(response.json().error.message).toMatch(message);
      expect(await countNotes()).toBe(before);
    });
  }

  it('rejects a non-UUID id with a 400, not a 500', async () => {
    const response = await node.app.http.inject({ method: 'GET', url: '/api/notes/not-a-uuid', headers: bearer(token) });
    expect(response.statusCode).toBe(400);
  });

  it('answers unknown API routes with a JSON 404', async () => {
    const response = await node.app.http.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('NOT_FOUND');
  });

  it('requires authentication for user routes', async () => {
    const response = await node.app.http.inject({ method: 'GET', url: '/api/notes' });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.message).toMatch(/Sign in/);
  });
});

const TABLES = ['notes', 'incidents', 'indicators', 'actors', 'attachments', 'record_versions', 'incident_versions'] as const;
const rowCounts = async () =>
  Promise.all(
    TABLES.map(async (table) =>
      Number(
        (
          await node.ctx.database.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ),
  );
const send = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: string | object, who = token) =>
  node.app.http.inject({
    method,
    url,
    headers: { ...bearer(who), ...anyVersion(method), ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(payload === undefined ? {} : { payload: typeof payload === 'string' ? payload : JSON.stringify(payload) }),
  });
const incident = (over: object = {}) => ({
  domain: 'border-incident',
  subtype: 'incursion',
  title: 'Incursion near the post',
  occurredAt: '2026-11-20T00:00:00Z',
  timePrecision: 'day',
  place: { country: 'TJK', precision: 'country' },
  label: label(),
  ...over,
});
const indicatorObject = (over: object = {}) => ({
  type: 'indicator',
  spec_version: '2.1',
  id: 'indicator--6d1a3f0e-6f0b-4c6e-9a51-2b8f0f3c9d11',
  created: '2026-11-01T00:00:00Z',
  modified: '2026-11-01T00:00:00Z',
  name: 'Scanner',
  pattern: "[ipv4-addr:value = '203.0.113.7']",
  pattern_type: 'stix',
  valid_from: '2026-11-01T00:00:00Z',
  ...over,
});
const stixImport = (objects: object[]) => ({
  bundle: {
    type: 'bundle' as const,
    id: 'bundle--0b6f7c3e-1d2a-4e5f-8a9b-0c1d2e3f4a5b',
    objects: objects as { type: string; id: string }[],
  },
  label: label(),
});
const CSV_HEADER = 'event_date,time_precision,event_type,sub_event_type,title,country,geo_precision';

describe('text and times the database cannot store are a 400 naming the field, and nothing is written', () => {
  const note = { title: 'Note', label: label() };
  const cases: [string, () => ReturnType<typeof send>, string, RegExp][] = [
    ['NUL in a JSON string', () => send('POST', '/api/notes', { ...note, title: 'a\u0000b' }), 'title', /NUL/],
    [
      'NUL deep in a JSON body',
      () => send('POST', '/api/incidents', incident({ place: { country: 'TJK', precision: 'country', name: 'Post\u0000' } })),
      'place.name',
      /NUL/,
    ],
    [
      'NUL in a JSON key',
      () => send('POST', '/api/notes', `{"title":"t","x\\u0000":1,"label":${JSON.stringify(label())}}`),
      'x\\u0000',
      /NUL/,
    ],
    [
      'a lone surrogate in a JSON string',
      () => send('POST', '/api/notes', `{"title":"a\\ud800b","label":${JSON.stringify(label())}}`),
      'title',
      /surrogate/,
    ],
    [
      'a year-0000 date in a body',
      () => send('POST', '/api/incidents', incident({ occurredAt: '0000-01-01T00:00:00Z' })),
      'occurredAt',
      /1900/,
    ],
    ['NUL in a query', () => send('GET', '/api/incidents?subtype=%00'), 'subtype', /NUL/],
    ['NUL in a search', () => send('GET', '/api/incidents?q=ab%00'), 'q', /NUL/],
    ['a year-0000 date in a query', () => send('GET', '/api/incidents?from=0000-01-01T00:00:00Z'), 'from', /1900/],
    ['NUL in a path', () => send('POST', '/api/users/ab%00cd/disable', undefined, adminToken), 'username', /NUL/],
    [
      'NUL in a CSV import cell',
      () =>
        send('POST', '/api/incidents/import', {
          csv: `${CSV_HEADER}\n2026-11-01,1,border-incident,incursion,Post\u0000,TJK,country\n`,
          label: label(),
        }),
      'csv',
      /line 2/,
    ],
    [
      'NUL in a STIX import',
      () => send('POST', '/api/stix/import', stixImport([indicatorObject({ name: 'Scan\u0000ner' })]), releaserToken),
      'bundle.objects.0.name',
      /NUL/,
    ],
    [
      'a year-0000 STIX timestamp',
      () => send('POST', '/api/stix/import', stixImport([indicatorObject({ valid_from: '0000-01-01T00:00:00Z' })]), releaserToken),
      'bundle.objects.0',
      /valid_from: .*1900/,
    ],
    [
      'NUL in an attachment name',
      () =>
        send('POST', `/api/incidents/${attachTo}/attachments`, {
          fileName: 'a\u0000.txt',
          contentBase64: 'aGVsbG8=',
        }),
      'fileName',
      /NUL/,
    ],
    [
      'a lone surrogate in an attachment name',
      () => send('POST', `/api/incidents/${attachTo}/attachments`, `{"fileName":"\\udc00.txt","contentBase64":"aGVsbG8="}`),
      'fileName',
      /surrogate/,
    ],
  ];
  for (const [name, request, field, message] of cases) {
    it(name, async () => {
      const before = await rowCounts();
      const response = await request();
      expect(response.statusCode, response.body).toBe(400);
      const { error } = response.json();
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.issues).toEqual(expect.arrayContaining([{ path: field, message: expect.stringMatching(message) }]));
      expect(await rowCounts()).toEqual(before);
    });
  }

  it("in a TAXII path, answers in TAXII's format naming the field", async () => {
    const response = await send('GET', `/taxii2/api/collections/${COLLECTION_ID}/objects/indicator--%00/`);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ http_status: '400', title: expect.stringMatching(/object: .*NUL/) });
  });

  it('are refused by the CSV and STIX imports themselves, for callers other than the JSON API (CLI, TAXII feeds)', async () => {
    const csv = `${CSV_HEADER}\n2026-11-01,1,border-incident,incursion,Post\u0000,TJK,country\n`;
    expect(() => parseIncidentCsv(csv, new Date())).toThrow(
      expect.objectContaining({ issues: [{ path: 'row 2: title', message: expect.stringMatching(/NUL/) }] }),
    );
    const before = await rowCounts();
    const refused = await importStixBundle(node.ctx, releaser.actor, {
      ...stixImport([indicatorObject(), indicatorObject({ id: 'indicator--7e2b4a1f-7a1c-4d7f-8b62-3c9a1a4d0e22', name: 'a\ud800' })]),
      dryRun: false,
    }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).issues).toEqual([{ path: 'bundle.objects.1', message: expect.stringMatching(/^name: .*surrogate/) }]);
    expect(await rowCounts()).toEqual(before);
  });
});

describe('times at which something happened are at most a day ahead of now', () => {
  const hoursAhead = (hours: number) => new Date(node.clock.now().getTime() + hours * 3_600_000).toISOString();

  it('for incidents created, edited and imported, and indicators seen', async () => {
    const before = await rowCounts();
    for (const occurredAt of ['9999-01-01T00:00:00Z', hoursAhead(25)]) {
      const refused = await send('POST', '/api/incidents', incident({ occurredAt }));
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error.issues).toEqual([{ path: 'occurredAt', message: expect.stringMatching(/at most a day ahead of now/) }]);
    }
    const imported = await send('POST', '/api/incidents/import', {
      csv: `${CSV_HEADER}\n2999-01-01,1,border-incident,incursion,Later,TJK,country\n`,
      label: label(),
    });
    expect(imported.statusCode).toBe(400);
    expect(imported.json().error.issues).toEqual([{ path: 'row 2: event_date', message: expect.stringMatching(/a day ahead/) }]);
    const indicator = await send('POST', '/api/indicators', {
      type: 'ipv4',
      value: '203.0.113.9',
      lastSeen: '9999-01-01T00:00:00Z',
      label: label(),
    });
    expect(indicator.statusCode).toBe(400);
    expect(indicator.json().error.issues).toEqual([{ path: 'lastSeen', message: expect.stringMatching(/a day ahead/) }]);
    expect(await rowCounts()).toEqual(before);

    const soon = await send('POST', '/api/incidents', incident({ occurredAt: hoursAhead(12) }));
    expect(soon.statusCode).toBe(201);
    const edited = await send('PATCH', `/api/incidents/${soon.json().id}`, { occurredAt: '9999-01-01T00:00:00Z' });
    expect(edited.statusCode).toBe(400);
    expect(edited.json().error.issues[0].path).toBe('occurredAt');
  });

  it('for incidents restored from a STIX bundle', async () => {
    const created = await send('POST', '/api/incidents', incident({ title: 'Exported and brought back' }));
    const id = created.json().id as string;
    const exported = await send('GET', `/api/incidents/export?format=stix&q=${encodeURIComponent('brought back')}`);
    const copyId = '5c0d9a8e-3b7f-4e21-9d6a-8f1e2c3b4a5d';
    const bundle = JSON.parse(exported.body.replaceAll(id, copyId)) as { objects: Record<string, unknown>[] };
    const copy = bundle.objects.find((o) => o.id === `incident--${copyId}`)!;
    const extension = Object.values(copy.extensions as Record<string, Record<string, unknown>>).find((e) => 'occurred_at' in e)!;
    extension.occurred_at = '9999-01-01T00:00:00Z';
    const before = await rowCounts();
    const response = await send('POST', '/api/stix/import', { bundle }, releaserToken);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error.issues).toEqual(
      expect.arrayContaining([
        { path: expect.stringMatching(/^bundle\.objects\.\d+$/), message: expect.stringMatching(/^occurred_at: .*a day ahead/) },
      ]),
    );
    expect(await rowCounts()).toEqual(before);
  });
});

describe("Fastify's own errors use the product's error format", () => {
  it('a path parameter that is too long (414) and a URL that does not decode (400)', async () => {
    const long = await send('GET', `/api/incidents/${'a'.repeat(300)}`);
    expect(long.statusCode).toBe(414);
    expect(long.json()).toEqual({ error: { code: 'URI_TOO_LONG', message: expect.stringMatching(/longer than 200 characters/) } });
    const bad = await send('GET', '/api/incidents/%E0%A4%A');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ error: { code: 'MALFORMED_REQUEST', message: expect.stringMatching(/percent-encoding/) } });
    const taxii = await send('GET', `/taxii2/api/collections/${'c'.repeat(300)}/`);
    expect(taxii.statusCode).toBe(414);
    expect(taxii.json()).toMatchObject({ http_status: '414', error_code: 'URI_TOO_LONG' });
    const unrouted = await send('PATCH', '/api/incidents', {});
    expect(unrouted.statusCode).toBe(404);
    expect(unrouted.json()).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String) } });
  });

  it('requests that are not valid HTTP at all (unknown method, headers too large)', async () => {
    await node.app.http.listen({ port: 0, host: '127.0.0.1' });
    const { port } = node.app.http.server.address() as net.AddressInfo;
    const raw = (request: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1', () => socket.write(request));
        let answer = '';
        socket.on('data', (chunk) => (answer += chunk.toString()));
        socket.on('close', () => resolve(answer));
        socket.on('error', reject);
      });
    const parse = (answer: string) => {
      const [head = '', body = ''] = answer.split('\r\n\r\n');
      return { status: Number(head.split(' ')[1]), type: /content-type: (.*)/i.exec(head)?.[1], body: JSON.parse(body) as unknown };
    };
    const method = parse(await raw('FROB /api/notes HTTP/1.1\r\nHost: x\r\n\r\n'));
    expect(method).toEqual({
      status: 400,
      type: 'application/json; charset=utf-8',
      body: { error: { code: 'MALFORMED_REQUEST', message: expect.stringMatching(/method/) } },
    });
    const headers = parse(await raw(`GET /api/notes HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`));
    expect(headers).toEqual({
      status: 431,
      type: 'application/json; charset=utf-8',
      body: { error: { code: 'HEADERS_TOO_LARGE', message: expect.stringMatching(/KiB/) } },
    });
  });
});

describe('security headers', () => {
  it('sends a CSP and hardening headers, no CORS grant, no caching of API answers', async () => {
    const response = await node.app.http.inject({ method: 'GET', url: '/healthz', headers: { origin: 'https://evil.example' } });
    expect(response.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(response.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    const api = await node.app.http.inject({ method: 'GET', url: '/api/node' });
    expect(api.headers['cache-control']).toBe('no-store');
  });
  it('does not grant a CORS preflight', async () => {
    const response = await node.app.http.inject({
      method: 'OPTIONS',
      url: '/api/notes',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
  });
});

describe('health, metrics and API description', () => {
  it('reports health with the database kind', async () => {
    const health = (await node.app.http.inject({ method: 'GET', url: '/healthz' })).json();
    expect(health).toMatchObject({ status: 'ok', nation: 'PAK', nodeId: node.ctx.node.nodeId, database: node.ctx.database.kind });
  });
  it('serves Prometheus metrics only to a token with the metrics scope', async () => {
    const metrics = (headers: Record<string, string> = {}) => node.app.http.inject({ method: 'GET', url: '/metrics', headers });
    const anonymous = await metrics();
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.body).not.toContain('concord_');
    const admin = await makeUser(node.ctx, { roles: ['node-admin'], totpSecret: newTotpSecret() });
    // Everything but metrics: refused, and the refusal audited.
    const busy = await metrics(bearer(await makeToken(node.ctx, admin, ['read', 'write', 'taxii', 'admin'])));
    expect(busy.statusCode).toBe(403);
    expect(busy.body).not.toContain('concord_');
    const refusals = await auditRepository(node.ctx.database.db).latest(5, { action: 'access.denied' });
    expect(refusals.some((r) => r.actor_id === admin.id && JSON.stringify(r.details).includes('/metrics'))).toBe(true);
    const scraped = await metrics(bearer(await makeToken(node.ctx, admin, ['metrics'])));
    expect(scraped.statusCode).toBe(200);
    expect(scraped.body).toContain('concord_http_request_duration_seconds');
    // The console may give a monitoring account a metrics-only token.
    const monitor = await makeUser(node.ctx, { roles: ['viewer'] });
    expect((await metrics(bearer(await makeToken(node.ctx, monitor, ['metrics'])))).statusCode).toBe(200);
    expect(scraped.body).toMatch(/^concord_nodejs_eventloop_lag_p99_seconds \d/m);
  });
  it('serves the OpenAPI document and a readable docs page', async () => {
    const doc = (await node.app.http.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.paths['/api/notes/{id}'].get.parameters[0].name).toBe('id');
    const html = await node.app.http.inject({ method: 'GET', url: '/api/docs' });
    expect(html.headers['content-type']).toMatch(/text\/html/);
    expect(html.body).toContain('/api/notes/{id}');
  });
});
