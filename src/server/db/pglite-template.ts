import fs from 'node:fs';
import path from 'node:path';
import { Database } from './database';
import { migrateToLatest } from './migrate';

/** Writes an empty, migrated embedded database as a tarball that new nodes unpack at first start. */
export async function writePGliteTemplate(file: string): Promise<void> {
  const database = await Database.openPGlite(null);
  try {
    await migrateToLatest(database);
    const blob = await database.dumpPGlite();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(`${file}.partial`, Buffer.from(await blob.arrayBuffer()));
    fs.renameSync(`${file}.partial`, file);
  } finally {
    await database.close();
  }
}
