/** `concord` — the node's command line. One file per command in ./commands. */
import { auditCommand } from './commands/audit';
import { backupCommand } from './commands/backup';
import { demoCommand } from './commands/demo';
import { importCommand } from './commands/import';
import { directoryCommand } from './commands/directory';
import { migrateCommand } from './commands/migrate';
import { nodeCommand } from './commands/node';
import { peerCommand } from './commands/peer';
import { recallCommand } from './commands/recall';
import { restoreCommand } from './commands/restore';
import { startCommand } from './commands/start';
import { statementCommand } from './commands/statement';
import { commitmentsCommand } from './commands/commitments';
import { exercisesCommand } from './commands/exercises';
import { tokenCommand } from './commands/token';
import { userCommand } from './commands/user';
import { CommandFailed, EXIT, UsageError, globalOverrides, parse, processOutput } from './cli-kit';
import type { Command, Output } from './cli-kit';

export const COMMANDS: Command[] = [
  startCommand,
  migrateCommand,
  demoCommand,
  importCommand,
  directoryCommand,
  userCommand,
  tokenCommand,
  auditCommand,
  backupCommand,
  restoreCommand,
  nodeCommand,
  peerCommand,
  recallCommand,
  statementCommand,
  commitmentsCommand,
  exercisesCommand,
];

function help(): string {
  return [
    'Usage: concord <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`),
    '',
    'Options for every command (they override the environment):',
    '  --data-dir DIR        embedded database location (CONCORD_DATA_DIR, default ./data)',
    '  --database-url URL    use PostgreSQL instead (DATABASE_URL)',
    "  --nation XXX          this node's nation (CONCORD_NATION, default PAK)",
    '',
    'Exit codes: 0 success, 1 failed (or verification found tampering), 2 usage error, 3 database busy.',
    "Run `concord <command> --help` for a command's usage.",
  ].join('\n');
}

export async function runCli(argv: string[], output: Output = processOutput): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    output.out(help());
    return name ? EXIT.ok : EXIT.usage;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    output.err(`concord: unknown command "${name}".\n\n${help()}`);
    return EXIT.usage;
  }
  try {
    let parsed;
    try {
      parsed = parse(command, rest);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    if (parsed.values.help) {
      output.out(`Usage:\n${command.usage}`);
      return EXIT.ok;
    }
    return await command.run({ values: parsed.values, positionals: parsed.positionals, output, global: globalOverrides(parsed.values) });
  } catch (error) {
    if (error instanceof UsageError) {
      output.err(`concord ${name}: ${error.message}\n\nUsage:\n${command.usage}`);
      return EXIT.usage;
    }
    if (error instanceof CommandFailed) {
      output.err(`concord ${name}: ${error.message}`);
      return error.exitCode;
    }
    output.err(`concord ${name}: ${(error as Error).message}`);
    return EXIT.failed;
  }
}
export { writePGliteTemplate } from '../server/db/pglite-template';
