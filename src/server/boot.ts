/**
 * Opens the node's database (PGlite in the data directory, or PostgreSQL from DATABASE_URL),
 * migrates it, checks durability, loads the node identity and the secrets key (key files outside the
 * database; a key or credential still in the database is moved out or sealed) and, when asked,
 * the demo data.
 */
import { requestForLog } from './http/log-redaction';
import path from 'node:path';
import pino from 'pino';
import { Database } from './db/database';
import { PGLITE_TEMPLATE } from './package-root';
import { migrateToLatest } from './db/migrate';
import { ensureNodeIdentity } from './domain/node/node-identity';
import { ensureSecretsKey } from './domain/node/key-files';
import { secretBox } from './domain/node/sealed-secrets';
import { sealClearCredentials } from './domain/taxii/feed-credentials';
import { isDemoLoaded, loadDemoData } from './domain/demo/demo-data';
import { userRepository } from './db/repositories/user-repository';
import { randomIds, systemClock } from './context';
import type { Config } from './config';
import type { Context } from './context';

export type Progress = (line: string) => void;

export async function openDatabase(config: Config, progress: Progress = () => {}): Promise<Database> {
  if (config.databaseUrl) {
    progress('connecting to PostgreSQL');
    const database = await Database.openPostgres(config.databaseUrl);
    await database.ping();
    await database.assertDurable();
    return database;
  }
  const dir = path.join(config.dataDir, 'pglite');
  progress(`opening the embedded database in ${dir} (the first start creates it and takes a few seconds)`);
  return Database.openPGlite(dir, { templateFile: PGLITE_TEMPLATE });
}

export interface BootOptions {
  loadDemo?: boolean;
  progress?: Progress;
}

/** Everything short of listening. The caller owns closing ctx.database. */
export async function bootContext(config: Config, options: BootOptions = {}): Promise<Context & { demoLoaded: boolean }> {
  const progress = options.progress ?? (() => {});
  const database = await openDatabase(config, progress);
  try {
    const applied = await migrateToLatest(database);
    if (applied.length > 0) progress(`applied migrations: ${applied.join(', ')}`);
    const startLogger = pino({ level: config.logLevel });
    const node = await ensureNodeIdentity(database, config, systemClock, randomIds, startLogger);
    const logger = pino({ level: config.logLevel, base: { nation: node.nation, node: node.nodeId }, serializers: { req: requestForLog } });
    const secrets = secretBox(ensureSecretsKey(config.secretsKeyFile));
    const ctx: Context = { config, database, clock: systemClock, ids: randomIds, logger, node, secrets };
    await sealClearCredentials(ctx);
    let wantDemo = options.loadDemo ?? config.demo !== 'off';
    if (config.demo === 'auto' && options.loadDemo === undefined) {
      wantDemo = (await userRepository(database.db).count()) === 0 || (await isDemoLoaded(ctx));
    }
    if (wantDemo) await loadDemoData(ctx, progress);
    return { ...ctx, demoLoaded: await isDemoLoaded(ctx) };
  } catch (error) {
    await database.close().catch(() => {});
    throw error;
  }
}
