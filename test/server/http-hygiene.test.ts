import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { label, makeToken, makeUser } from '../kit/factories';
import { bearer } from '../kit/http';
import { startTestNode } from '../kit/test-node';
import type { TestNode } from '../kit/test-node';

let node: TestNode;
let token: string;
beforeAll(async () => {
  node = await startTestNode();
  token = await makeToken(node.ctx, await makeUser(node.ctx));
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
  it('exposes Prometheus metrics', async () => {
    const response = await node.app.http.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('concord_http_request_duration_seconds');
    expect(response.body).toMatch(/^concord_nodejs_eventloop_lag_p99_seconds \d/m);
  });
  it('serves the OpenAPI document and a readable docs page', async () => {
    const doc = (await node.app.http.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.paths['/api/notes/{id}'].get.parameters[0].name).toBe('id');
    const html = await node.app.http.inject({ method: 'GET', url: '/api/docs' });
    expect(html.headers['content-type']).toMatch(/text\/html/);
    expect(html.body).toContain('/api/notes/{id}');
  });
});
