/**
 * The node's identity: nation, id and Ed25519 key pair, created on first start. The private key
 * lives in the node key file (CONCORD_KEY_FILE, key-files.ts), never in the database it vouches
 * for: someone who can rewrite the database cannot re-sign its audit checkpoints. The database
 * keeps the node id, nation and current public key. A database from before keeps its key in
 * `node_identity` until its first start here, which moves the key to the file and erases it from
 * the table. Several app processes over one PostgreSQL share the one key file.
 */
import crypto from 'node:crypto';
import { nodeRepository } from '../../db/repositories/node-repository';
import { appendAudit } from '../audit/audit-log';
import { systemActor } from '../auth/actor';
import { createNodeKeyFile, readNodeKeyFile } from './key-files';
import { completeRotation, resumeResigning } from './key-rotation';
import type { Database } from '../../db/database';
import type { Clock, IdGenerator } from '../../context';
import type { Logger } from 'pino';
import type { NodeKeyFile } from './key-files';

export interface NodeIdentity {
  nodeId: string;
  nation: string;
  /** `ed25519:` + base64 of the raw 32-byte public key. */
  publicKey: string;
  /** The current public key first, then those this node signed with before a rotation (from the key file). */
  knownPublicKeys: string[];
  /** The private key itself, for signing node tokens and invites (never leaves the process). */
  privateKey: crypto.KeyObject;
  sign(data: Buffer | string): string;
  verify(data: Buffer | string, signature: string): boolean;
}

export function encodePublicKey(key: crypto.KeyObject): string {
  const der = key.export({ format: 'der', type: 'spki' });
  return `ed25519:${der.subarray(der.length - 32).toString('base64')}`;
}

export function decodePublicKey(encoded: string): crypto.KeyObject {
  const match = /^ed25519:([A-Za-z0-9+/]{43}=)$/.exec(encoded);
  if (!match?.[1]) throw new Error('A public key looks like ed25519:<base64 of 32 bytes>.');
  const prefix = Buffer.from('302a300506032b6570032100', 'hex');
  return crypto.createPublicKey({ key: Buffer.concat([prefix, Buffer.from(match[1], 'base64')]), format: 'der', type: 'spki' });
}

export function verifySignature(publicKey: string, data: Buffer | string, signature: string): boolean {
  try {
    return crypto.verify(null, Buffer.from(data), decodePublicKey(publicKey), Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** A new key file's content: a fresh key pair for the node `nodeId`. */
export function newNodeKeys(nodeId: string, retired: NodeKeyFile['retired'] = []): NodeKeyFile {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  return {
    format: 'concord-node-key/1',
    nodeId,
    publicKey: encodePublicKey(publicKey),
    privateKey: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    retired,
  };
}

export function identityFromKeyFile(keys: NodeKeyFile, nation: string): NodeIdentity {
  const privateKey = crypto.createPrivateKey(keys.privateKey);
  if (encodePublicKey(crypto.createPublicKey(privateKey)) !== keys.publicKey)
    throw new Error('The node key file does not hold a key pair.');
  return {
    nodeId: keys.nodeId,
    nation,
    publicKey: keys.publicKey,
    knownPublicKeys: [keys.publicKey, ...keys.retired.map((r) => r.publicKey).reverse()],
    privateKey,
    sign: (data) => crypto.sign(null, Buffer.from(data), privateKey).toString('base64'),
    verify: (data, signature) => verifySignature(keys.publicKey, data, signature),
  };
}

export interface NodeKeySettings {
  nation: string;
  keyFile: string;
}

/**
 * Loads the identity, creating it (and the key file) on first start, moving a key still in the
 * database out to the key file, and finishing a key rotation the database has not caught up
 * with. Refuses a database of another nation, and a key file of another node.
 */
export async function ensureNodeIdentity(
  database: Database,
  settings: NodeKeySettings,
  clock: Clock,
  ids: IdGenerator,
  logger?: Logger,
): Promise<NodeIdentity> {
  const { keyFile, nation } = settings;
  const repo = nodeRepository(database.db);
  let row = await repo.findIdentity();
  let keys = readNodeKeyFile(keyFile);
  if (row?.private_key) {
    const storedPublicKey = encodePublicKey(crypto.createPublicKey(row.private_key));
    keys ??= createNodeKeyFile(keyFile, {
      format: 'concord-node-key/1',
      nodeId: row.node_id,
      publicKey: storedPublicKey,
      privateKey: row.private_key,
      retired: [],
    });
    if (keys.nodeId !== row.node_id || keys.publicKey !== storedPublicKey)
      throw new Error(
        `The node key file ${keyFile} holds another key than the one this database still keeps: point CONCORD_KEY_FILE at this node's own key file, or move that file away so the key is written out again.`,
      );
    // Only once the file holds the key does it leave the table.
    await database.transaction(async (tx) => {
      if (await nodeRepository(tx.db).eraseStoredPrivateKey())
        await appendAudit(tx.db, clock, systemActor('node'), [
          { action: 'node.key-moved-out', details: { keyFile, publicKey: storedPublicKey } },
        ]);
    });
    // The old row version would otherwise stay in the table's files until vacuumed.
    await repo.compactIdentity();
    row = { ...row, private_key: null };
  }
  if (!row) {
    keys ??= createNodeKeyFile(keyFile, newNodeKeys(ids.uuid()));
    await repo.insertIdentityIfAbsent({
      node_id: keys.nodeId,
      nation,
      public_key: keys.publicKey,
      private_key: null,
      created_at: clock.now(),
    });
    row = await repo.findIdentity();
  }
  if (!row) throw new Error('The node identity could not be created.');
  if (row.nation !== nation) {
    throw new Error(
      `This database belongs to a ${row.nation} node, but CONCORD_NATION is ${nation}. Use the matching nation or another database.`,
    );
  }
  if (!keys)
    throw new Error(
      `This node's private key is kept in its key file, and there is none at ${keyFile}: restore the key file from its backup, or set CONCORD_KEY_FILE to where it is (every app process of the node needs the same file).`,
    );
  if (keys.nodeId !== row.node_id)
    throw new Error(`The node key file ${keyFile} belongs to node ${keys.nodeId}, not to this database's node ${row.node_id}.`);
  const identity = identityFromKeyFile(keys, row.nation);
  if (row.public_key !== keys.publicKey) {
    // A rotation wrote the key file and stopped before the database took the new key.
    if (!keys.retired.some((r) => r.publicKey === row.public_key))
      throw new Error(
        `The node key file ${keyFile} holds key ${keys.publicKey}, which this node never rotated to from ${row.public_key}: use the node's own key file.`,
      );
    await completeRotation(database, clock, systemActor('node'), row.public_key, keys.publicKey);
  }
  await resumeResigning(database, identity, logger);
  return identity;
}
