/** What every command shares: flag parsing, the node context, usage errors and exit codes. */
import { parseArgs } from 'node:util';
import { bootContext } from '../server/boot';
import { ConfigError, readConfig } from '../server/config';
import { runningNodePid } from '../server/embedded-lock';
import type { ParseArgsConfig } from 'node:util';
import type { Context } from '../server/context';
import type { Config, ConfigOverrides } from '../server/config';

/** Exit codes scripts can rely on. */
export const EXIT = { ok: 0, failed: 1, usage: 2, busy: 3 } as const;

export class UsageError extends Error {}
export class CommandFailed extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failed,
  ) {
    super(message);
  }
}

export interface Output {
  out(line: string): void;
  err(line: string): void;
}

export const processOutput: Output = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

export interface Command {
  name: string;
  summary: string;
  usage: string;
  options?: ParseArgsConfig['options'];
  run(args: { values: Record<string, unknown>; positionals: string[]; output: Output; global: ConfigOverrides }): Promise<number>;
}

/** Flags every command accepts; they override the matching environment variables. */
export const GLOBAL_OPTIONS = {
  'data-dir': { type: 'string' },
  'database-url': { type: 'string' },
  nation: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

export function globalOverrides(values: Record<string, unknown>): ConfigOverrides {
  const overrides: ConfigOverrides = {};
  if (typeof values['data-dir'] === 'string') overrides.CONCORD_DATA_DIR = values['data-dir'];
  if (typeof values['database-url'] === 'string') overrides.DATABASE_URL = values['database-url'];
  if (typeof values.nation === 'string') overrides.CONCORD_NATION = values.nation;
  return overrides;
}

export function parse(command: Command, argv: string[]) {
  return parseArgs({ args: argv, options: { ...GLOBAL_OPTIONS, ...(command.options ?? {}) }, allowPositionals: true, strict: true });
}

/** The node's configuration from the environment and the global flags; a problem is a usage error. */
export function cliConfig(global: ConfigOverrides): Config {
  try {
    return readConfig(process.env, global);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
}

/** Opens the node's database for a console command, refusing while a node holds the embedded one. */
export async function withContext<T>(
  global: ConfigOverrides,
  work: (ctx: Context) => Promise<T>,
  options: { loadDemo?: boolean } = {},
): Promise<T> {
  const config = cliConfig(global);
  if (!config.databaseUrl) {
    const pid = runningNodePid(config.dataDir);
    if (pid) {
      throw new CommandFailed(
        `The node (pid ${pid}) holds the embedded database in ${config.dataDir}; stop it first (or run the node on PostgreSQL, where the CLI and the node can share the database).`,
        EXIT.busy,
      );
    }
  }
  const ctx = await bootContext(config, { loadDemo: options.loadDemo ?? false });
  try {
    return await work(ctx);
  } finally {
    await ctx.database.close();
  }
}

export function requireString(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required.`);
  return value;
}

export function requirePositional(positionals: string[], index: number, what: string): string {
  const value = positionals[index];
  if (!value) throw new UsageError(`Missing ${what}.`);
  return value;
}
