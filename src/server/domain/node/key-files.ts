/**
 * The node's key files: its Ed25519 key pair (with the public keys it signed with before a
 * rotation) and the key that seals secrets kept in the database. They live outside the database
 * — whoever can rewrite the database must not also be able to re-sign what it vouches for, or
 * read what it seals — readable by the node's account only (0600), written whole or not at all.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const nodeKeyFileSchema = z.strictObject({
  format: z.literal('concord-node-key/1'),
  nodeId: z.uuid(),
  publicKey: z.string().regex(/^ed25519:[A-Za-z0-9+/]{43}=$/),
  privateKey: z.string().startsWith('-----BEGIN PRIVATE KEY-----'),
  /** Keys this node signed with before, newest last: what they signed still verifies. */
  retired: z.array(z.strictObject({ publicKey: z.string(), retiredAt: z.string() })),
});
export type NodeKeyFile = z.infer<typeof nodeKeyFileSchema>;

const secretsKeyFileSchema = z.strictObject({
  format: z.literal('concord-secrets-key/1'),
  key: z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'a 32-byte key in base64'),
});

export class KeyFileError extends Error {}

/** The file's content, or null when there is no file. Refuses a file others may read. */
function readKeyFile(file: string, what: string): unknown {
  let stat;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new KeyFileError(`The ${what} ${file} cannot be read: ${(error as Error).message}`);
  }
  if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0)
    throw new KeyFileError(
      `The ${what} ${file} may be read by other accounts (mode ${(stat.mode & 0o777).toString(8)}): run \`chmod 600 ${file}\` and start again.`,
    );
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    throw new KeyFileError(`The ${what} ${file} cannot be read: ${(error as Error).message}`);
  }
}

/** A temporary file beside `file`, with the content, readable by this account only. */
function writeTemporary(file: string, content: string): string {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temporary = path.join(dir, `.${path.basename(file)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`);
  const fd = fs.openSync(temporary, 'wx', 0o600);
  try {
    fs.writeFileSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return temporary;
}

/**
 * Creates the file unless it exists (then the other writer won: false). Whole or not at all: the
 * content is written aside and linked into place, which fails if the name is taken — several app
 * processes starting together on one database end up with one key.
 */
function createExclusive(file: string, content: string): boolean {
  const temporary = writeTemporary(file, content);
  try {
    fs.linkSync(temporary, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new KeyFileError(`The key file ${file} cannot be written: ${(error as Error).message}`);
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}

/** Replaces the file whole (a rotation): readers see the old content or the new one. */
function replaceWhole(file: string, content: string): void {
  const temporary = writeTemporary(file, content);
  fs.renameSync(temporary, file);
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

export function readNodeKeyFile(file: string): NodeKeyFile | null {
  const content = readKeyFile(file, 'node key file');
  if (content === null) return null;
  const parsed = nodeKeyFileSchema.safeParse(content);
  if (!parsed.success) throw new KeyFileError(`${file} is not a Concord node key file.`);
  return parsed.data;
}

/** Writes the node key file unless one is there; answers the file as it now stands. */
export function createNodeKeyFile(file: string, keys: NodeKeyFile): NodeKeyFile {
  if (createExclusive(file, json(keys))) return keys;
  const existing = readNodeKeyFile(file);
  if (!existing) throw new KeyFileError(`The node key file ${file} vanished while it was being created.`);
  return existing;
}

export function replaceNodeKeyFile(file: string, keys: NodeKeyFile): void {
  replaceWhole(file, json(keys));
}

/** The secrets key, created (32 random bytes) when there is none. */
export function ensureSecretsKey(file: string): Buffer {
  let content = readKeyFile(file, 'secrets key file');
  if (content === null) {
    createExclusive(file, json({ format: 'concord-secrets-key/1', key: crypto.randomBytes(32).toString('base64') }));
    content = readKeyFile(file, 'secrets key file');
  }
  const parsed = secretsKeyFileSchema.safeParse(content);
  if (!parsed.success) throw new KeyFileError(`${file} is not a Concord secrets key file.`);
  return Buffer.from(parsed.data.key, 'base64');
}
