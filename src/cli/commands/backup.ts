import fs from 'node:fs';
import path from 'node:path';
import { askNodeForBackup } from '../../server/control-socket';
import { Database } from '../../server/db/database';
import { backupEmbedded, embeddedDatabaseDir, writeBackupFile } from '../../server/db/embedded-backup';
import { runningNodePid, takeEmbeddedLock } from '../../server/embedded-lock';
import { CommandFailed, UsageError, cliConfig, requireString } from '../cli-kit';
import type { Command } from '../cli-kit';

export const backupCommand: Command = {
  name: 'backup',
  summary: 'Back up the embedded database, while the node runs or not',
  usage: [
    'concord backup --out FILE [--data-dir DIR]',
    '  writes the embedded database, consistent at one commit, to FILE (a gzipped tar); a running',
    '  node takes it itself (writes wait a moment). The key files are not in it: back them up apart.',
    '  On PostgreSQL use its own tools (pg_dump, or pg_basebackup with WAL archiving; see OPERATIONS.md).',
  ].join('\n'),
  options: { out: { type: 'string' } },
  async run({ values, global, output }) {
    const config = cliConfig(global);
    if (config.databaseUrl)
      throw new UsageError(
        'The node runs on PostgreSQL: back it up with pg_dump, or with pg_basebackup and WAL archiving for point-in-time recovery (see OPERATIONS.md).',
      );
    const out = requireString(values, 'out');
    const databaseDir = embeddedDatabaseDir(config.dataDir);
    let archive: Buffer;
    let how: string;
    const pid = runningNodePid(config.dataDir);
    if (pid) {
      archive = await askNodeForBackup(config.dataDir).catch((error: unknown) => {
        throw new CommandFailed((error as Error).message);
      });
      how = `taken by the running node (pid ${pid})`;
    } else {
      if (!fs.existsSync(path.join(databaseDir, 'PG_VERSION'))) throw new CommandFailed(`There is no embedded database in ${databaseDir}.`);
      const releaseLock = takeEmbeddedLock(config.dataDir);
      try {
        const database = await Database.openPGlite(databaseDir);
        try {
          archive = await backupEmbedded(database);
        } finally {
          await database.close();
        }
      } finally {
        releaseLock();
      }
      how = 'the node was not running';
    }
    writeBackupFile(out, archive);
    output.out(`backup of ${databaseDir} written to ${out} (${(archive.length / 1_048_576).toFixed(1)} MiB; ${how}).`);
    output.out(`It holds no key files: keep ${config.keyFile} and ${config.secretsKeyFile} backed up apart.`);
    return 0;
  },
};
