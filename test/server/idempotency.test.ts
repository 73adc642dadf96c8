/**
 * Idempotent writes: a retry with the same Idempotency-Key gets the first answer and does nothing
 * again — also after a restart, where only what the database kept counts — the same key with
 * another request is 422, a failed request keeps nothing, keys expire. Creates (group-committed),
 * edits with If-Match, releases, imports, hotline alerts and acknowledgements.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app';
import { Database } from '../../src/server/db/database';
import { verifyAuditLog } from '../../src/server/domain/audit/audit-verify';
import { createToken } from '../../src/server/domain/auth/auth-service';
import { systemActor } from '../../src/server/domain/auth/actor';
import { incidentBody, label, makeOrg, makeToken, makeUser } from '../kit/factories';
import { bearer } from '../kit/http';
import { startTestNode } from '../kit/test-node';
import type { App } from '../../src/server/app';
import type { Context } from '../../src/server/context';
import type { MadeUser } from '../kit/factories';
import type { TestNode } from '../kit/test-node';

let node: TestNode;
/** The app answering now: a restart replaces it (and the database handle under it). */
let app: App;
let ctx: Context;
const reopened: Database[] = [];
const users: Record<string, MadeUser> = {};
const token: Record<string, string> = {};

beforeAll(async () => {
  node = await startTestNode();
  ({ app, ctx } = node);
  const intel = await makeOrg(ctx, 'PAK', 'PAK intel');
  users.analyst = await makeUser(ctx, { nation: 'PAK', org: intel, roles: ['analyst'] });
  users.other = await makeUser(ctx, { nation: 'PAK', org: intel, roles: ['analyst'] });
  users.releaser = await makeUser(ctx, { nation: 'PAK', org: intel, roles: ['releasing-officer'] });
  users.duty = await makeUser(ctx, { nation: 'PAK', roles: ['duty-officer'] });
  users.kazDuty = await makeUser(ctx, { nation: 'KAZ', roles: ['duty-officer'] });
  for (const [name, user] of Object.entries(users)) token[name] = await makeToken(ctx, user);
  // A token that outlives a key (the test of expiry moves the clock a day on).
  token.lasting = (
    await createToken(ctx, systemActor('test'), users.analyst.id, { name: 'lasting', expiresInDays: 3, scopes: ['read', 'write'] })
  ).token;
});
afterAll(async () => {
  if (app !== node.app) await app.http.close();
  for (const database of reopened) await database.close();
  await node.close();
});

/**
 * A restart: a new app over a new handle on what the database holds — PostgreSQL reopened by its
 * URL, the embedded database loaded from its files — with nothing kept in memory from before.
 */
async function restart(): Promise<void> {
  const database = node.testDatabase.url
    ? await Database.openPostgres(node.testDatabase.url, { max: 4 })
    : await Database.openPGlite(null, { loadDataDir: await ctx.database.dumpPGlite() });
  reopened.push(database);
  if (app !== node.app) await app.http.close();
  ctx = { ...ctx, database };
  app = await buildApp(ctx);
  await app.http.ready();
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT';
const call = (who: string, method: Method, url: string, payload?: object, headers: Record<string, string> = {}) =>
  app.http.inject({ method, url, headers: { ...bearer(token[who]!), ...headers }, ...(payload ? { payload } : {}) });
const keyed = (key: string, more: Record<string, string> = {}) => ({ 'idempotency-key': key, ...more });

const incident = incidentBody;

const countTitled = async (title: string) =>
  Number((await sql<{ n: number }>`select count(*)::int as n from incidents where title = ${title}`.execute(ctx.database.db)).rows[0]?.n);
const auditCount = async (action: string, targetId?: string) =>
  Number(
    (
      await sql<{
        n: number;
      }>`select count(*)::int as n from audit_log where action = ${action} and (${targetId ?? null}::text is null or target_id = ${targetId ?? null})`.execute(
        ctx.database.db,
      )
    ).rows[0]?.n,
  );

describe('a create sent with an Idempotency-Key', () => {
  it('is done once: a retry answers the first answer, byte for byte, and stores nothing more', async () => {
    const first = await call('analyst', 'POST', '/api/incidents', incident('Keyed seizure 1'), keyed('create-1'));
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const retry = await call('analyst', 'POST', '/api/incidents', incident('Keyed seizure 1'), keyed('create-1'));
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toBe(first.body);
    expect(await countTitled('Keyed seizure 1')).toBe(1);
    expect(await auditCount('incident.create', first.json().id)).toBe(1);
  });

  it('answers the first answer after a restart: the key was committed with the incident', async () => {
    const first = await call('analyst', 'POST', '/api/incidents', incident('Keyed seizure 2'), keyed('create-2'));
    expect(first.statusCode).toBe(201);
    await restart();
    const retry = await call('analyst', 'POST', '/api/incidents', incident('Keyed seizure 2'), keyed('create-2'));
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toBe(first.body);
    expect(await countTitled('Keyed seizure 2')).toBe(1);
  });

  it('is refused (422, saying why) with another body, while another caller or route may use the same key', async () => {
    const other = await call('analyst', 'POST', '/api/incidents', incident('Keyed seizure 1, changed'), keyed('create-1'));
    expect(other.statusCode).toBe(422);
    expect(other.json().error).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(other.json().error.message).toMatch(/used in the last 24 hours for a different request/);
    expect(await countTitled('Keyed seizure 1, changed')).toBe(0);
    const otherCaller = await call('other', 'POST', '/api/incidents', incident('Keyed by another analyst'), keyed('create-1'));
    expect(otherCaller.statusCode).toBe(201);
    expect(await countTitled('Keyed by another analyst')).toBe(1);
  });

  it('commits with the group it arrives in: concurrent keyed and plain creates, each keyed one done once', async () => {
    const titles = Array.from({ length: 24 }, (_, i) => `Group seizure ${i}`);
    const send = (title: string, i: number) =>
      call('analyst', 'POST', '/api/incidents', incident(title), i % 4 === 3 ? {} : keyed(`group-${i}`));
    const first = await Promise.all(titles.map(send));
    expect(first.map((r) => r.statusCode)).toEqual(titles.map(() => 201));
    const retries = await Promise.all(titles.map((title, i) => (i % 4 === 3 ? Promise.resolve(null) : send(title, i))));
    retries.forEach((retry, i) => {
      if (!retry) return;
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.body).toBe(first[i]!.body);
    });
    for (const title of titles) expect(await countTitled(title)).toBe(1);
    expect((await verifyAuditLog(ctx.database)).problems).toEqual([]);
  });

  it('refuses a key that is not one', async () => {
    const response = await call('analyst', 'POST', '/api/incidents', incident('Badly keyed'), keyed('a key with spaces'));
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toMatch(/Idempotency-Key takes one key/);
    expect(await countTitled('Badly keyed')).toBe(0);
  });

  it('is forgotten after 24 hours: the key then starts a new request', async () => {
    const first = await call('lasting', 'POST', '/api/incidents', incident('Before the key expires'), keyed('expiring'));
    expect(first.statusCode).toBe(201);
    node.clock.advance(24 * 3_600_000 + 1_000);
    try {
      const later = await call('lasting', 'POST', '/api/incidents', incident('After the key expired'), keyed('expiring'));
      expect(later.statusCode).toBe(201);
      expect(later.headers['idempotent-replayed']).toBeUndefined();
      expect(await countTitled('After the key expired')).toBe(1);
    } finally {
      node.clock.advance(-(24 * 3_600_000 + 1_000));
    }
  });
});

describe('an edit sent with an Idempotency-Key', () => {
  it('returns the first answer to its retry, not a 409 for the version it already moved on', async () => {
    const created = await call('analyst', 'POST', '/api/incidents', incident('To be edited'));
    const id = created.json().id as string;
    const edit = { narrative: 'Forty-two kilograms, on a second count.' };
    const first = await call('analyst', 'PATCH', `/api/incidents/${id}`, edit, keyed('edit-1', { 'if-match': '"1"' }));
    expect(first.statusCode).toBe(200);
    expect(first.headers.etag).toBe('"2"');
    await restart();
    const retry = await call('analyst', 'PATCH', `/api/incidents/${id}`, edit, keyed('edit-1', { 'if-match': '"1"' }));
    expect(retry.statusCode).toBe(200);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.headers.etag).toBe('"2"');
    expect(retry.body).toBe(first.body);
    // Without its key, the same edit is a stale one.
    expect((await call('analyst', 'PATCH', `/api/incidents/${id}`, edit, { 'if-match': '"1"' })).statusCode).toBe(409);
    expect((await call('analyst', 'GET', `/api/incidents/${id}`)).json().version).toBe(2);
    expect(await auditCount('incident.edit', id)).toBe(1);
  });

  it('still needs If-Match', async () => {
    const created = await call('analyst', 'POST', '/api/incidents', incident('Edited without a version'));
    const response = await call('analyst', 'PATCH', `/api/incidents/${created.json().id}`, { narrative: 'x' }, keyed('edit-2'));
    expect(response.statusCode).toBe(428);
  });

  it('keeps nothing when it fails, so its retry does the work; a refusal inside it is still audited', async () => {
    const created = await call('analyst', 'POST', '/api/incidents', incident('Linked later'));
    const id = created.json().id as string;
    const unknownActor = '00000000-0000-4000-8000-000000000000';
    const refused = await call(
      'analyst',
      'PUT',
      `/api/incidents/${id}/links`,
      { actors: [unknownActor] },
      keyed('links-1', { 'if-match': '"1"' }),
    );
    expect(refused.statusCode).toBe(400);
    expect(await auditCount('incident.link', id)).toBe(1);
    const release = await call('releaser', 'POST', `/api/incidents/${id}/release`, {}, keyed('release-1'));
    expect(release.statusCode).toBe(200);
    expect(release.json()).toMatchObject({ releaseState: 'released', version: 2 });
    const again = await call('releaser', 'POST', `/api/incidents/${id}/release`, {}, keyed('release-1'));
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toBe(release.body);
    expect(await auditCount('incident.release', id)).toBe(1);
  });
});

describe('a refused request sent with an Idempotency-Key', () => {
  it('keeps the audit of what it sent elsewhere, though the request itself keeps nothing', async () => {
    const outbound = () =>
      ctx.database.db.selectFrom('audit_log').select(['actor_id', 'outcome', 'details']).where('action', '=', 'outbound.request').execute();
    const before = (await outbound()).length;
    // The outbound guard refuses a private address: the subscription is a 400 and nothing of it is kept…
    const feed = { name: 'Feed', apiRoot: 'http://10.0.0.1/api1/', collectionId: 'threats', defaultLabel: label() };
    const refused = await call('releaser', 'POST', '/api/taxii-feeds', feed, keyed('feed-1'));
    expect(refused.statusCode).toBe(400);
    expect(await ctx.database.db.selectFrom('taxii_subscriptions').select('id').execute()).toEqual([]);
    // …but the attempt the officer made is audited in their name.
    const after = await outbound();
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)).toMatchObject({ actor_id: users.releaser!.id, outcome: 'denied' });
  });
});

describe('an import sent with an Idempotency-Key', () => {
  const HEADER = 'event_date,time_precision,event_type,sub_event_type,title,notes,country,admin1,location,latitude,longitude,geo_precision';
  const csv = [
    HEADER,
    ...Array.from(
      { length: 30 },
      (_, i) => `2026-03-1${i % 9},1,narcotics,seizure,Imported seizure,Row ${i},PAK,Sindh,Karachi,24.8,67.0,2`,
    ),
  ].join('\n');

  it('imports once, answers whole (never streamed) and the same to its retry', async () => {
    const body = { csv, label: label({ classification: 'RESTRICTED' }) };
    const progress = { accept: 'application/x-ndjson' };
    const first = await call('analyst', 'POST', '/api/incidents/import', body, keyed('import-1', progress));
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toMatch(/^application\/json/);
    expect(first.json()).toMatchObject({ rows: 30, imported: 30 });
    await restart();
    const retry = await call('analyst', 'POST', '/api/incidents/import', body, keyed('import-1', progress));
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toBe(first.body);
    expect(await countTitled('Imported seizure')).toBe(30);
  });
});

describe('hotline alerts and acknowledgements sent with an Idempotency-Key', () => {
  it('raise one alert and record one acknowledgement however often they are sent', async () => {
    const desk = await call('kazDuty', 'POST', '/api/desks', { name: 'KAZ keyed desk' }, keyed('desk-1'));
    expect(desk.statusCode).toBe(201);
    const deskId = desk.json().id as string;
    const alert = {
      severity: 'flash',
      summary: 'Armed group crossing reported near the border post',
      details: 'Twenty to thirty people.',
      label: label({ classification: 'RESTRICTED', relTo: ['KAZ'] }),
      targetDesks: [deskId],
    };
    const raised = await call('duty', 'POST', '/api/alerts', alert, keyed('raise-1'));
    expect(raised.statusCode).toBe(201);
    const alertId = raised.json().id as string;
    const raisedAgain = await call('duty', 'POST', '/api/alerts', alert, keyed('raise-1'));
    expect(raisedAgain.body).toBe(raised.body);
    expect(await auditCount('alert.raise')).toBe(1);

    const ack = await call('kazDuty', 'POST', `/api/alerts/${alertId}/acknowledge`, { deskId, note: 'On it' }, keyed('ack-1'));
    expect(ack.statusCode).toBe(200);
    await restart();
    const ackAgain = await call('kazDuty', 'POST', `/api/alerts/${alertId}/acknowledge`, { deskId, note: 'On it' }, keyed('ack-1'));
    expect(ackAgain.headers['idempotent-replayed']).toBe('true');
    expect(ackAgain.body).toBe(ack.body);
    expect(await auditCount('alert.acknowledge', alertId)).toBe(1);
    const responses = await sql<{ n: number }>`select count(*)::int as n from alert_responses where alert_id = ${alertId}`.execute(
      ctx.database.db,
    );
    expect(responses.rows[0]?.n).toBe(1);
    expect((await verifyAuditLog(ctx.database)).problems).toEqual([]);
  });
});
