/**
 * Backups of the embedded database, taken by the process that holds it (a running node, or the
 * CLI when the node is stopped). PGlite writes its own data directory out (`dumpDataDir`) rather
 * than anything copying files under a live database; the one connection is held meanwhile, so no
 * transaction is open and writes wait (a second or so per 100 MB) instead of landing half in
 * the copy. A restore unpacks the archive into an empty data directory.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { Database } from './database';

/** The database as a gzipped tar of its data directory, consistent at one commit. */
export async function backupEmbedded(database: Database): Promise<Buffer> {
  if (database.kind !== 'pglite') throw new Error('Only the embedded database is backed up this way; PostgreSQL has its own tools.');
  const archive = await database.db.connection().execute(async (connection) => {
    // Flushed pages make the copy start without replaying the write-ahead log.
    await sql`checkpoint`.execute(connection);
    return database.dumpPGlite('gzip');
  });
  return Buffer.from(await archive.arrayBuffer());
}

/** Writes the file whole or not at all: a backup cut short never takes the place of a good one. */
export function writeBackupFile(file: string, archive: Buffer): void {
  const partial = `${file}.partial`;
  fs.writeFileSync(partial, archive, { mode: 0o600 });
  fs.renameSync(partial, file);
}

export const embeddedDatabaseDir = (dataDir: string) => path.join(dataDir, 'pglite');

/** Unpacks `archive` into `databaseDir`, which must be missing or empty; opens it once to check it. */
export async function restoreEmbedded(archive: Buffer, databaseDir: string): Promise<void> {
  if (fs.existsSync(databaseDir) && fs.readdirSync(databaseDir).length > 0)
    throw new Error(`${databaseDir} is not empty; restore into a new data directory (or move this one away first).`);
  let database: Database | null = null;
  try {
    database = await Database.openPGlite(databaseDir, { loadDataDir: new Blob([new Uint8Array(archive)]) });
    await database.ping();
  } catch (error) {
    await database?.close().catch(() => {});
    fs.rmSync(databaseDir, { recursive: true, force: true });
    throw new Error(`The file is not a backup of an embedded database (${(error as Error).message}).`, { cause: error });
  }
  await database.close();
}
