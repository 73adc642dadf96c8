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
import { encodePublicKey, identityFromKeyFile, newNodeKeys } from './node-keys';
import type { Database } from '../../db/database';
import type { Clock, IdGenerator } from '../../context';
import type { Logger } from 'pino';
import type { NodeIdentity } from './node-keys';

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
