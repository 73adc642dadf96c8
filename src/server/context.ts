/** What every handler, service and job gets: database, clock, ids, logger, node identity, the secrets box. */
import crypto from 'node:crypto';
import type { Logger } from 'pino';
import type { Config } from './config';
import type { Database } from './db/database';
import type { NodeIdentity } from './domain/node/node-keys';
import type { SecretBox } from './domain/node/sealed-secrets';

export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  uuid(): string;
  /** A random URL-safe secret of `bytes` bytes. */
  secret(bytes?: number): string;
}

export const systemClock: Clock = { now: () => new Date() };

export const randomIds: IdGenerator = {
  uuid: () => crypto.randomUUID(),
  secret: (bytes = 32) => crypto.randomBytes(bytes).toString('base64url'),
};

export interface Context {
  config: Config;
  database: Database;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  node: NodeIdentity;
  /** Seals and opens secrets kept in the database, under the secrets key file. */
  secrets: SecretBox;
}
