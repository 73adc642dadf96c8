/** Reading the audit log over HTTP: node administrators only, newest first, paginated, filtered, and no record content. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newTotpSecret } from '../../src/server/domain/auth/totp';
import { incidentBody, label, makeNote, makeOrg, makeToken, makeUser } from '../kit/factories';
import { bearer, signIn, withSession } from '../kit/http';
import { startTestNode } from '../kit/test-node';
import type { AuditEntry } from '../../src/shared/contracts/audit';
import type { MadeUser } from '../kit/factories';
import type { TestNode } from '../kit/test-node';

let node: TestNode;
let admin: MadeUser & { headers: Record<string, string> };
let analyst: MadeUser & { headers: Record<string, string> };
beforeAll(async () => {
  node = await startTestNode();
  const org = await makeOrg(node.ctx, 'PAK');
  const adminUser = await makeUser(node.ctx, {
    nation: 'PAK',
    org,
    roles: ['node-admin'],
    clearance: 'UNCLASSIFIED',
    username: 'pak.admin',
    totpSecret: newTotpSecret(),
  });
  admin = { ...adminUser, headers: bearer(await makeToken(node.ctx, adminUser, ['admin'])) };
  const analystUser = await makeUser(node.ctx, { nation: 'PAK', org, username: 'pak.analyst' });
  analyst = { ...analystUser, headers: bearer(await makeToken(node.ctx, analystUser, ['read', 'write'])) };
});
afterAll(() => node.close());

const get = (url: string, headers = admin.headers) => node.app.http.inject({ method: 'GET', url, headers });

/** Every entry the filter selects, page by page. */
async function allPages(query: string, limit: number): Promise<AuditEntry[]> {
  const seen: AuditEntry[] = [];
  let cursor: string | null = null;
  do {
    const response = await get(`/api/audit?limit=${limit}&${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(response.statusCode).toBe(200);
    const page = response.json<{ items: AuditEntry[]; next: string | null }>();
    expect(page.items.length).toBeLessThanOrEqual(limit);
    seen.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return seen;
}

describe('GET /api/audit', () => {
  it('is refused to anyone without audit.read, and the refusal is itself audited', async () => {
    // Signed in: a session is not limited by token scopes, so the permission itself refuses.
    const refused = await get('/api/audit', withSession(await signIn(node.app, analyst.username)));
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toMatch(/node administrator/);
    const withoutScope = await get('/api/audit', bearer(await makeToken(node.ctx, admin, ['read'])));
    expect(withoutScope.statusCode).toBe(403);
    const denied = (await get(`/api/audit?actor=pak.analyst&outcome=denied`)).json<{ items: AuditEntry[] }>().items;
    expect(denied[0]).toMatchObject({ action: 'access.denied', actor: 'pak.analyst', details: { route: 'GET /api/audit' } });
  });

  it('pages through the whole log newest first, each entry once', async () => {
    for (let i = 0; i < 7; i++) await makeNote(node.ctx, analyst, { title: `page note ${i}` });
    const everything = await allPages('', 200);
    const paged = await allPages('', 3);
    expect(paged.map((e) => e.seq)).toEqual(everything.map((e) => e.seq));
    expect(everything.map((e) => e.seq)).toEqual([...everything.map((e) => e.seq)].sort((a, b) => b - a));
    expect(new Set(paged.map((e) => e.seq)).size).toBe(paged.length);
    const creates = await allPages('action=note.create', 2);
    expect(creates.length).toBeGreaterThanOrEqual(7);
    expect(creates.every((e) => e.action === 'note.create' && e.target?.kind === 'note')).toBe(true);
  });

  it('filters by actor, action prefix, outcome and time range', async () => {
    const started = node.clock.now();
    node.clock.advance(60_000);
    const inRange = await makeNote(node.ctx, analyst, { title: 'in range' });
    node.clock.advance(60_000);
    const ended = node.clock.now();
    node.clock.advance(60_000);
    await makeNote(node.ctx, analyst, { title: 'after the range' });

    const byTime = await allPages(`from=${started.toISOString()}&to=${ended.toISOString()}&actor=pak.analyst`, 50);
    expect(byTime.map((e) => e.target?.id)).toEqual([inRange.id]);

    const notes = await allPages('action=note&actor=pak.analyst', 50);
    expect(notes.length).toBeGreaterThan(2);
    expect(notes.every((e) => e.action.startsWith('note.') && e.actor === 'pak.analyst')).toBe(true);
    // A prefix matches whole segments only: `not` is no action's prefix.
    expect(await allPages('action=not', 50)).toEqual([]);
    expect(await allPages('actor=nobody-at-all', 50)).toEqual([]);
    expect((await allPages('outcome=denied', 50)).every((e) => e.outcome === 'denied')).toBe(true);
  });

  it('answers bad filters with what to fix', async () => {
    const backwards = await get('/api/audit?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z');
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.message).toMatch(/before its end/);
    expect((await get('/api/audit?cursor=nonsense')).statusCode).toBe(400);
    expect((await get('/api/audit?action=DROP%20TABLE')).statusCode).toBe(400);
    expect((await get('/api/audit?from=yesterday')).statusCode).toBe(400);
  });

  it('names records by id and never shows what they hold, whoever may read them', async () => {
    const kaz = await makeUser(node.ctx, { nation: 'KAZ', roles: ['analyst'], clearance: 'SECRET' });
    const kazHeaders = bearer(await makeToken(node.ctx, kaz));
    const created = await node.app.http.inject({
      method: 'POST',
      url: '/api/incidents',
      headers: kazHeaders,
      payload: incidentBody('Convoy route through Khorgos', {
        narrative: 'The convoy leaves at dawn.',
        label: label({ classification: 'SECRET', relTo: [] }),
      }),
    });
    expect(created.statusCode).toBe(201);
    const id = created.json<{ id: string }>().id;
    expect((await node.app.http.inject({ method: 'GET', url: `/api/incidents/${id}`, headers: kazHeaders })).statusCode).toBe(200);

    const response = await get(`/api/audit?limit=200&actor=${kaz.username}`);
    const entries = response.json<{ items: AuditEntry[] }>().items;
    expect(entries.map((e) => e.action)).toEqual(expect.arrayContaining(['incident.create', 'incident.read']));
    expect(entries.find((e) => e.action === 'incident.create')?.target).toEqual({ kind: 'incident', id });
    expect(response.body).not.toMatch(/Convoy route|Khorgos|leaves at dawn/);
    // The administrator follows the id to the record like anyone: not theirs to read, so not found.
    const adminSession = bearer(await makeToken(node.ctx, admin, ['read']));
    expect((await get(`/api/incidents/${id}`, adminSession)).statusCode).toBe(404);
  });
});

describe('account administration over HTTP', () => {
  it('enables a disabled account and resets its second factor, each audited', async () => {
    const account = await makeUser(node.ctx, { nation: 'PAK', username: 'pak.returning', totpSecret: newTotpSecret() });
    const disabled = await node.app.http.inject({ method: 'POST', url: `/api/users/${account.username}/disable`, headers: admin.headers });
    expect(disabled.json()).toMatchObject({ disabled: true });
    const enabled = await node.app.http.inject({ method: 'POST', url: `/api/users/${account.username}/enable`, headers: admin.headers });
    expect(enabled.statusCode).toBe(200);
    expect(enabled.json()).toMatchObject({ username: 'pak.returning', disabled: false });

    const reset = await node.app.http.inject({ method: 'POST', url: `/api/users/${account.username}/totp-reset`, headers: admin.headers });
    expect(reset.statusCode).toBe(200);
    const { secret, uri } = reset.json<{ secret: string; uri: string }>();
    expect(uri).toMatch(/^otpauth:\/\/totp\//);
    expect(uri).toContain(`secret=${secret}`);
    const refused = await node.app.http.inject({
      method: 'POST',
      url: `/api/users/${account.username}/totp-reset`,
      headers: analyst.headers,
    });
    expect(refused.statusCode).toBe(403);

    const actions = (await allPages(`actor=pak.admin&action=user`, 50)).filter((e) => e.target?.id === account.id).map((e) => e.action);
    expect(actions).toEqual(['user.totp-reset', 'user.enable', 'user.disable']);
  });
});
