/**
 * A node in a test: a cloned database, its key files in a folder of its own, a context with a
 * settable clock, and the HTTP app. Outbound requests reach only public addresses unless the test
 * allows more (`CONCORD_OUTBOUND_ALLOW: 'loopback'` for peers and servers on 127.0.0.1).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { buildApp } from '../../src/server/app';
import { readConfig } from '../../src/server/config';
import { randomIds } from '../../src/server/context';
import { ensureNodeIdentity } from '../../src/server/domain/node/node-identity';
import { ensureSecretsKey } from '../../src/server/domain/node/key-files';
import { secretBox } from '../../src/server/domain/node/sealed-secrets';
import { cloneTestDatabase } from './test-database';
import type { App } from '../../src/server/app';
import type { Clock, Context } from '../../src/server/context';
import type { TestDatabase } from './test-database';

export class ManualClock implements Clock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

export interface TestNode {
  ctx: Context;
  app: App;
  clock: ManualClock;
  testDatabase: TestDatabase;
  close(): Promise<void>;
}

export async function startTestNode(
  nation = 'PAK',
  env: Record<string, string> = {},
  options: { pgliteDataDir?: string } = {},
): Promise<TestNode> {
  const testDatabase = await cloneTestDatabase(options.pgliteDataDir ?? null);
  const clock = new ManualClock();
  const keysDir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-keys-'));
  const config = readConfig({
    CONCORD_NATION: nation,
    CONCORD_DEMO: '0',
    CONCORD_DATA_DIR: '.tmp/unused',
    CONCORD_KEY_FILE: path.join(keysDir, 'node.key'),
    CONCORD_SECRETS_KEY_FILE: path.join(keysDir, 'secrets.key'),
    // Tests move the clock by hours between requests; the idle limit's own tests set it.
    CONCORD_SESSION_IDLE_MINUTES: '0',
    ...env,
  });
  const node = await ensureNodeIdentity(testDatabase.database, config, clock, randomIds);
  const secrets = secretBox(ensureSecretsKey(config.secretsKeyFile));
  const ctx: Context = { config, database: testDatabase.database, clock, ids: randomIds, logger: pino({ level: 'silent' }), node, secrets };
  const app = await buildApp(ctx);
  await app.http.ready();
  return {
    ctx,
    app,
    clock,
    testDatabase,
    close: async () => {
      await app.http.close();
      await testDatabase.drop();
      fs.rmSync(keysDir, { recursive: true, force: true });
    },
  };
}
