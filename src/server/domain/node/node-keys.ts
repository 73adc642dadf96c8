/**
 * The node's Ed25519 keys as values: the public key's text form, signatures, a new key file's
 * content and the identity a key file gives. No database here: key rotation and the record
 * signatures use these without depending on how the node starts (node-identity.ts).
 */
import crypto from 'node:crypto';
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
