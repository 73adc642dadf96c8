import { describe, expect, it } from 'vitest';
import { Database } from '../../../src/server/db/database';

/** Runs in the db-postgresql project only (see vitest.config.ts). */
describe('PostgreSQL durability guard', () => {
  it('refuses a database that may lose acknowledged writes', async () => {
    const url = new URL(process.env.TEST_DATABASE_URL as string);
    url.searchParams.set('options', '-c synchronous_commit=off');
    const database = await Database.openPostgres(url.toString(), { max: 1 });
    try {
      await expect(database.assertDurable()).rejects.toThrow(/synchronous_commit is off/);
    } finally {
      await database.close();
    }
  });
  it('accepts the default settings', async () => {
    const database = await Database.openPostgres(process.env.TEST_DATABASE_URL as string, { max: 1 });
    try {
      await expect(database.assertDurable()).resolves.toBeUndefined();
    } finally {
      await database.close();
    }
  });
});
