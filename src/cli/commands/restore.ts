import fs from 'node:fs';
import { embeddedDatabaseDir, restoreEmbedded } from '../../server/db/embedded-backup';
import { runningNodePid, takeEmbeddedLock } from '../../server/embedded-lock';
import { CommandFailed, EXIT, UsageError, cliConfig, requireString } from '../cli-kit';
import type { Command } from '../cli-kit';

export const restoreCommand: Command = {
  name: 'restore',
  summary: 'Restore the embedded database from `concord backup` into a new data directory',
  usage: [
    'concord restore --from FILE [--data-dir DIR]',
    '  unpacks FILE into DIR, whose database folder must be new or empty. Put the node key file and',
    '  the secrets key file back from their own backup before starting the node, then run',
    '  `concord audit verify --checkpoint FILE` with the newest exported checkpoint.',
    '  On PostgreSQL use pg_restore, or point-in-time recovery (see OPERATIONS.md).',
  ].join('\n'),
  options: { from: { type: 'string' } },
  async run({ values, global, output }) {
    const config = cliConfig(global);
    if (config.databaseUrl)
      throw new UsageError('The node runs on PostgreSQL: restore with pg_restore, or by point-in-time recovery (see OPERATIONS.md).');
    const from = requireString(values, 'from');
    if (!fs.existsSync(from)) throw new CommandFailed(`There is no file ${from}.`);
    const pid = runningNodePid(config.dataDir);
    if (pid) throw new CommandFailed(`A node (pid ${pid}) runs on ${config.dataDir}; restore into a new data directory.`, EXIT.busy);
    const databaseDir = embeddedDatabaseDir(config.dataDir);
    const releaseLock = takeEmbeddedLock(config.dataDir);
    try {
      await restoreEmbedded(fs.readFileSync(from), databaseDir).catch((error: unknown) => {
        throw new CommandFailed((error as Error).message);
      });
    } finally {
      releaseLock();
    }
    output.out(`restored ${from} into ${databaseDir}.`);
    const missing = [config.keyFile, config.secretsKeyFile].filter((file) => !fs.existsSync(file));
    if (missing.length > 0) output.out(`Put the node's key files back before starting it (missing: ${missing.join(', ')}).`);
    output.out('Then run `concord audit verify --checkpoint FILE` with the newest exported checkpoint.');
    return 0;
  },
};
