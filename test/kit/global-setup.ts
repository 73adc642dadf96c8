/**
 * Creates one migrated template per run; every test file clones it (PGlite: a data-dir tarball;
 * PostgreSQL: CREATE DATABASE ... TEMPLATE).
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { Database } from '../../src/server/db/database';
import { migrateToLatest } from '../../src/server/db/migrate';
import { PGLITE_TEMPLATE_FILE, POSTGRES_TEMPLATE_DB, testDatabaseKind, withDatabase } from './test-database';
import type { TestProject } from 'vitest/node';

export default async function setup(project: TestProject) {
  const kind = testDatabaseKind(project.config.env);
  if (kind === 'pglite') {
    const database = await Database.openPGlite(null);
    await migrateToLatest(database);
    const blob = await database.dumpPGlite();
    fs.mkdirSync(path.dirname(PGLITE_TEMPLATE_FILE), { recursive: true });
    fs.writeFileSync(PGLITE_TEMPLATE_FILE, Buffer.from(await blob.arrayBuffer()));
    await database.close();
    return;
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    throw new Error('TEST_DATABASE_URL is not set: run the tests with `npm test`, which starts a throwaway PostgreSQL.');
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${POSTGRES_TEMPLATE_DB} with (force)`);
  await admin.query(`create database ${POSTGRES_TEMPLATE_DB}`);
  await admin.end();
  const database = await Database.openPostgres(withDatabase(adminUrl, POSTGRES_TEMPLATE_DB), { max: 1 });
  await migrateToLatest(database);
  await database.close();
}
