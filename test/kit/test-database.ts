import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { Database } from '../../src/server/db/database';

export const PGLITE_TEMPLATE_FILE = path.resolve('.tmp/pglite-template.tar');
export const POSTGRES_TEMPLATE_DB = 'concord_template';

export function testDatabaseKind(env: Record<string, string | undefined> = process.env): 'pglite' | 'postgresql' {
  return env.CONCORD_TEST_DB === 'postgresql' ? 'postgresql' : 'pglite';
}

export function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

export interface TestDatabase {
  database: Database;
  url: string | null;
  drop(): Promise<void>;
}

/**
 * A fresh database cloned from the migrated template of this run; an embedded one is kept in
 * memory, or in `pgliteDataDir` when a test reads its files.
 */
export async function cloneTestDatabase(pgliteDataDir: string | null = null): Promise<TestDatabase> {
  if (testDatabaseKind() === 'pglite') {
    const database = await Database.openPGlite(pgliteDataDir, { loadDataDir: new Blob([fs.readFileSync(PGLITE_TEMPLATE_FILE)]) });
    return { database, url: null, drop: () => database.close() };
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set: run the tests with `npm test`.');
  const name = `concord_t_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name} template ${POSTGRES_TEMPLATE_DB}`);
  await admin.end();
  const url = withDatabase(adminUrl, name);
  const database = await Database.openPostgres(url, { max: 4 });
  return {
    database,
    url,
    drop: async () => {
      await database.close();
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}
