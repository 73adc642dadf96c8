import { withContext } from '../cli-kit';
import type { Command } from '../cli-kit';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'Create or upgrade the database schema, then exit',
  usage: 'concord migrate [--data-dir DIR | --database-url URL]',
  async run({ global, output }) {
    // Booting migrates; nothing else to do.
    await withContext(global, async (ctx) => output.out(`database (${ctx.database.kind}) is at the latest schema`));
    return 0;
  },
};
