/**
 * PostgreSQL killed (kill -9) under load and started again: the node answers 503 while it is away —
 * never a 500, never a half-written record —, reconnects by itself, its LISTEN connection too, and
 * nothing it acknowledged is missing. Runs in the db-postgresql project only, on a cluster of its
 * own (the shared test cluster cannot be killed).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error — a plain ESM script shared with `npm test`
import { startThrowawayPostgres } from '../../../scripts/throwaway-postgres.mjs';
import { buildApp } from '../../../src/server/app';
import { readConfig } from '../../../src/server/config';
import { randomIds } from '../../../src/server/context';
import { Database } from '../../../src/server/db/database';
import { migrateToLatest } from '../../../src/server/db/migrate';
import { verifyAuditLog } from '../../../src/server/domain/audit/audit-verify';
import { ensureSecretsKey } from '../../../src/server/domain/node/key-files';
import { ensureNodeIdentity } from '../../../src/server/domain/node/node-identity';
import { secretBox } from '../../../src/server/domain/node/sealed-secrets';
import { incidentBody, label, makeOrg, makeToken, makeUser } from '../../kit/factories';
import { bearer } from '../../kit/http';
import { ManualClock } from '../../kit/test-node';
import type { App } from '../../../src/server/app';
import type { Context } from '../../../src/server/context';

/** The cluster of this file (scripts/throwaway-postgres.mjs). */
let postgres: { url: string; kill(): void; restart(): Promise<void>; stop(): void };
let database: Database;
let app: App;
let ctx: Context;
let token: string;
let keysDir: string;

beforeAll(async () => {
  postgres = await startThrowawayPostgres();
  database = await Database.openPostgres(postgres.url, { max: 4 });
  await migrateToLatest(database);
  keysDir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-keys-'));
  const config = readConfig({
    CONCORD_NATION: 'PAK',
    CONCORD_DEMO: '0',
    CONCORD_DATA_DIR: '.tmp/unused',
    CONCORD_KEY_FILE: path.join(keysDir, 'node.key'),
    CONCORD_SECRETS_KEY_FILE: path.join(keysDir, 'secrets.key'),
  });
  const clock = new ManualClock();
  const node = await ensureNodeIdentity(database, config, clock, randomIds);
  const secrets = secretBox(ensureSecretsKey(config.secretsKeyFile));
  ctx = { config, database, clock, ids: randomIds, logger: pino({ level: 'silent' }), node, secrets };
  app = await buildApp(ctx);
  await app.http.ready();
  const org = await makeOrg(ctx, 'PAK', 'PAK intel');
  token = await makeToken(ctx, await makeUser(ctx, { nation: 'PAK', org, roles: ['analyst'] }));
});
afterAll(async () => {
  await app?.http.close();
  await database?.close().catch(() => {});
  postgres?.stop();
  if (keysDir) fs.rmSync(keysDir, { recursive: true, force: true });
});

const incident = (title: string) => incidentBody(title, { label: label({ classification: 'RESTRICTED' }) });
const create = (title: string) =>
  app.http.inject({
    method: 'POST',
    url: '/api/incidents',
    headers: { ...bearer(token), 'idempotency-key': `key ${title}`.replace(/ /g, '-') },
    payload: incident(title),
  });
const countTitled = async (title: string) =>
  Number((await sql<{ n: number }>`select count(*)::int as n from incidents where title = ${title}`.execute(database.db)).rows[0]?.n);

/** Polls `check` until it holds (the node's own reconnection is what is waited for). */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`never: ${what}`);
}

describe('PostgreSQL killed under load', () => {
  it('answers 503 while it is away, never 500; reconnects by itself; keeps everything it acknowledged once', async () => {
    let notified = 0;
    const stopListening = await database.listen('database_loss_test', () => notified++);
    const titles = Array.from({ length: 40 }, (_, i) => `Under load ${i}`);
    const first = titles.map((title) => create(title));
    postgres.kill();
    const during = await Promise.all(first);
    for (const response of during) expect([201, 503]).toContain(response.statusCode);

    const away = await create('While away');
    expect(away.statusCode).toBe(503);
    expect(away.headers['retry-after']).toBe('5');
    expect(away.json().error).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(away.json().error.message).toMatch(/cannot be reached just now/);
    const read = await app.http.inject({ method: 'GET', url: '/api/incidents', headers: bearer(token) });
    expect(read.statusCode).toBe(503);
    const health = (await app.http.inject({ method: 'GET', url: '/healthz' })).json();
    expect(health.status).toBe('degraded');
    expect(health.problems.join(' ')).toMatch(/database is unreachable/);

    await postgres.restart();
    // The same app and pool: each request sent again with its key until it is answered.
    const answered = new Map<string, string>();
    for (const title of [...titles, 'While away']) {
      await eventually(async () => {
        const response = await create(title);
        if (response.statusCode === 503) return false;
        expect(response.statusCode).toBe(201);
        answered.set(title, response.json().id as string);
        return true;
      }, `${title} answered`);
    }
    expect((await app.http.inject({ method: 'GET', url: '/healthz' })).json()).toMatchObject({ status: 'ok', problems: [] });
    for (const title of answered.keys()) expect(await countTitled(title)).toBe(1);
    // Nothing half-written: every incident has its first version, its change and its audit entry.
    const orphans = await sql<{ id: string }>`
      select i.id from incidents i
      where not exists (select 1 from incident_versions v where v.id = i.id)
         or not exists (select 1 from changes c where c.record_kind = 'incident' and c.record_id = i.id)
         or not exists (select 1 from audit_log a where a.action = 'incident.create' and a.target_id = i.id)`.execute(database.db);
    expect(orphans.rows).toEqual([]);
    expect((await verifyAuditLog(database)).problems).toEqual([]);

    // The LISTEN connection came back by itself: a notification sent now arrives.
    await eventually(async () => {
      const before = notified;
      await sql`select pg_notify('database_loss_test', '')`.execute(database.db);
      await new Promise((resolve) => setTimeout(resolve, 200));
      return notified > before;
    }, 'a notification after the restart');
    await stopListening();
  });
});
