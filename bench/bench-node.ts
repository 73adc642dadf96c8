/**
 * What the PostgreSQL benchmarks share: a throwaway PostgreSQL 15 for the run, a node's context
 * over it (migrated, the demo directory and accounts loaded), the app listening on 127.0.0.1, and
 * API tokens and actors for the demo accounts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { buildApp } from '../src/server/app';
import { readConfig } from '../src/server/config';
import { randomIds, systemClock } from '../src/server/context';
import { Database } from '../src/server/db/database';
import { migrateToLatest } from '../src/server/db/migrate';
import { userRepository } from '../src/server/db/repositories/user-repository';
import { systemActor } from '../src/server/domain/auth/actor';
import { createToken } from '../src/server/domain/auth/auth-service';
import { actorFromUser } from '../src/server/domain/auth/load-actor';
import { loadDemoData } from '../src/server/domain/demo/demo-data';
import { ensureNodeIdentity } from '../src/server/domain/node/node-identity';
import { ensureSecretsKey } from '../src/server/domain/node/key-files';
import { secretBox } from '../src/server/domain/node/sealed-secrets';
// @ts-expect-error — a plain ESM script shared with `npm test`
import { startThrowawayPostgres } from '../scripts/throwaway-postgres.mjs';
import type { App } from '../src/server/app';
import type { Context } from '../src/server/context';
import type { UserActor } from '../src/server/domain/auth/actor';

/** Runs `work` with a fresh node context over a throwaway PostgreSQL, which is stopped afterwards. */
export async function withBenchPostgres<T>(
  work: (ctx: Context) => Promise<T>,
  options: { nation?: string; max?: number } = {},
): Promise<T> {
  const server = (await startThrowawayPostgres()) as { url: string; stop(): void };
  try {
    const database = await Database.openPostgres(server.url, options.max ? { max: options.max } : {});
    try {
      return await work(await benchContext(database, options.nation ?? 'PAK', server.url));
    } finally {
      await database.close();
    }
  } finally {
    server.stop();
  }
}

/** A node's context over `database`: migrated, node identity (key files in a temporary folder), demo directory and accounts. */
export async function benchContext(database: Database, nation: string, databaseUrl?: string): Promise<Context> {
  await migrateToLatest(database);
  const keysDir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-bench-keys-'));
  const config = readConfig({
    CONCORD_NATION: nation,
    CONCORD_DEMO: '0',
    CONCORD_KEY_FILE: path.join(keysDir, 'node.key'),
    CONCORD_SECRETS_KEY_FILE: path.join(keysDir, 'secrets.key'),
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
  const node = await ensureNodeIdentity(database, config, systemClock, randomIds);
  const secrets = secretBox(ensureSecretsKey(config.secretsKeyFile));
  const ctx: Context = { config, database, clock: systemClock, ids: randomIds, logger: pino({ level: 'silent' }), node, secrets };
  await loadDemoData(ctx);
  return ctx;
}

/** The app for `ctx`, listening on a free port of 127.0.0.1 (`prepare` adds hooks before it listens). */
export async function listeningApp(ctx: Context, prepare: (app: App) => void = () => {}): Promise<{ app: App; baseUrl: string }> {
  const app = await buildApp(ctx);
  prepare(app);
  await app.http.listen({ host: '127.0.0.1', port: 0 });
  const address = app.http.server.address();
  return { app, baseUrl: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}

async function userNamed(ctx: Context, username: string) {
  const user = await userRepository(ctx.database.db).findByUsername(username);
  if (!user) throw new Error(`no account ${username}`);
  return user;
}

/** An API token of a demo account (e.g. `kaz.duty-officer`). */
export async function tokenFor(ctx: Context, username: string): Promise<string> {
  return (
    await createToken(ctx, systemActor('bench'), (await userNamed(ctx, username)).id, {
      name: 'bench',
      expiresInDays: 1,
      scopes: ['read', 'write', 'taxii'],
    })
  ).token;
}

/** A demo account as the domain functions take it. */
export async function actorFor(ctx: Context, username: string): Promise<UserActor> {
  return actorFromUser(await userNamed(ctx, username), 'session');
}
