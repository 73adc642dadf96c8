/**
 * The node's identity: nation, id and Ed25519 key pair, created on first start and kept in the
 * database (so several app processes over one PostgreSQL share it, and backups include it).
 */
import crypto from 'node:crypto';
import { nodeRepository } from '../../db/repositories/node-repository';
import type { Database } from '../../db/database';
import type { Clock, IdGenerator } from '../../context';

export interface NodeIdentity {
  nodeId: string;
  nation: string;
  /** `ed25519:` + base64 of the raw 32-byte public key. */
  publicKey: string;
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

/** Loads the identity, creating it on first start. Refuses to run a database under another nation. */
export async function ensureNodeIdentity(database: Database, nation: string, clock: Clock, ids: IdGenerator): Promise<NodeIdentity> {
  const repo = nodeRepository(database.db);
  let row = await repo.findIdentity();
  if (!row) {
    const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
    await repo.insertIdentityIfAbsent({
      node_id: ids.uuid(),
      nation,
      public_key: encodePublicKey(publicKey),
      private_key: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
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
  const privateKey = crypto.createPrivateKey(row.private_key);
  const publicKey = row.public_key;
  return {
    nodeId: row.node_id,
    nation: row.nation,
    publicKey,
    privateKey,
    sign: (data) => crypto.sign(null, Buffer.from(data), privateKey).toString('base64'),
    verify: (data, signature) => verifySignature(publicKey, data, signature),
  };
}
