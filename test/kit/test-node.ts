/** A node in a test: a cloned database, a context with a settable clock, and the HTTP app. */
import pino from 'pino';
import { buildApp } from '../../src/server/app';
import { readConfig } from '../../src/server/config';
import { randomIds } from '../../src/server/context';
import { ensureNodeIdentity } from '../../src/server/domain/node/node-identity';
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

export async function startTestNode(nation = 'PAK', env: Record<string, string> = {}): Promise<TestNode> {
  const testDatabase = await cloneTestDatabase();
  const clock = new ManualClock();
  const config = readConfig({ CONCORD_NATION: nation, CONCORD_DEMO: '0', CONCORD_DATA_DIR: '.tmp/unused', ...env });
  const node = await ensureNodeIdentity(testDatabase.database, nation, clock, randomIds);
  const ctx: Context = { config, database: testDatabase.database, clock, ids: randomIds, logger: pino({ level: 'silent' }), node };
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
    },
  };
}
