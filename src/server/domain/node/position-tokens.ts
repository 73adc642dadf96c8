/**
 * Positions given to readers — TAXII `next` cursors, live-stream event ids, the audit entry a
 * partner's checkpoint covers — as sealed tokens that
 * reveal nothing: a global sequence number would let a reader count, from the gaps, what it may
 * not read. A token is the position and the time it was given, encrypted and authenticated
 * (AES-256-GCM) under a key of this node's position secret for its purpose and its reader (a
 * person or a peer node): it is opaque, differs per reader (and per issue), has one length
 * whatever the position, and opens only for the reader it was given to.
 *
 * Each reader's tokens have a key of their own, derived (HKDF) from the secret and the purpose and
 * reader, with a random 96-bit nonce per token: a nonce could repeat only after billions of tokens
 * to one reader, not across all of them (an event id per stream per change adds up). The secret
 * is made once per database and kept in `node_settings`:
 * it survives restarts (a peer's stored cursor keeps working) and every process over one
 * PostgreSQL shares it. It hides positions from readers, nothing more.
 */
import crypto from 'node:crypto';
import { nodeRepository } from '../../db/repositories/node-repository';
import type { Database } from '../../db/database';

const SETTING = 'position-token-secret';
const FORMAT = 1;
const NONCE_BYTES = 12;
const PLAIN_BYTES = 16;
const TAG_BYTES = 16;
const TOKEN_BYTES = 1 + NONCE_BYTES + PLAIN_BYTES + TAG_BYTES;
/** Readers' keys kept at once; past that the cache starts again (a key is cheap to derive, not free). */
const KEYS_KEPT = 10_000;

/** What a token is for: one purpose's token is refused for another. */
export type PositionPurpose = 'taxii' | 'stream' | 'audit';

export interface Position {
  position: number;
  /** When the token was given. */
  at: Date;
}

export interface PositionTokens {
  seal(purpose: PositionPurpose, readerId: string, position: number, at: Date): string;
  /** The position, or null when the token is not one this node gave this reader for this purpose. */
  open(purpose: PositionPurpose, readerId: string, token: string): Position | null;
}

export function positionTokensWith(secret: Buffer): PositionTokens {
  const keys = new Map<string, Buffer>();
  const keyFor = (purpose: PositionPurpose, readerId: string) => {
    const name = `${FORMAT}\n${purpose}\n${readerId}`;
    let key = keys.get(name);
    if (!key) {
      if (keys.size >= KEYS_KEPT) keys.clear();
      key = Buffer.from(crypto.hkdfSync('sha256', secret, Buffer.alloc(0), `concord position token\n${name}`, 32));
      keys.set(name, key);
    }
    return key;
  };
  return {
    seal(purpose, readerId, position, at) {
      if (!Number.isSafeInteger(position) || position < 0) throw new Error(`not a position: ${position}`);
      const nonce = crypto.randomBytes(NONCE_BYTES);
      const plain = Buffer.alloc(PLAIN_BYTES);
      plain.writeBigUInt64BE(BigInt(position), 0);
      plain.writeBigUInt64BE(BigInt(Math.max(0, at.getTime())), 8);
      const cipher = crypto.createCipheriv('aes-256-gcm', keyFor(purpose, readerId), nonce, { authTagLength: TAG_BYTES });
      const sealed = Buffer.concat([cipher.update(plain), cipher.final()]);
      return Buffer.concat([Buffer.from([FORMAT]), nonce, sealed, cipher.getAuthTag()]).toString('base64url');
    },
    open(purpose, readerId, token) {
      const bytes = Buffer.from(token, 'base64url');
      // One spelling per token: the decoder skips characters it does not expect.
      if (bytes.length !== TOKEN_BYTES || bytes[0] !== FORMAT || bytes.toString('base64url') !== token) return null;
      const nonce = bytes.subarray(1, 1 + NONCE_BYTES);
      const sealed = bytes.subarray(1 + NONCE_BYTES, 1 + NONCE_BYTES + PLAIN_BYTES);
      const decipher = crypto.createDecipheriv('aes-256-gcm', keyFor(purpose, readerId), nonce, { authTagLength: TAG_BYTES });
      decipher.setAuthTag(bytes.subarray(TOKEN_BYTES - TAG_BYTES));
      let plain: Buffer;
      try {
        plain = Buffer.concat([decipher.update(sealed), decipher.final()]);
      } catch {
        return null;
      }
      const position = plain.readBigUInt64BE(0);
      if (position > BigInt(Number.MAX_SAFE_INTEGER)) return null;
      return { position: Number(position), at: new Date(Number(plain.readBigUInt64BE(8))) };
    },
  };
}

const loaded = new WeakMap<Database, Promise<PositionTokens>>();

/** This node's tokens: the secret is read once per process (made by the first process that needs it). */
export function positionTokens(database: Database): Promise<PositionTokens> {
  let tokens = loaded.get(database);
  if (!tokens) {
    tokens = (async () => {
      const settings = nodeRepository(database.db);
      await settings.initSetting(SETTING, crypto.randomBytes(32).toString('base64'));
      const secret = await settings.getSetting(SETTING);
      if (typeof secret !== 'string') throw new Error('the position secret is not stored as expected');
      return positionTokensWith(Buffer.from(secret, 'base64'));
    })();
    tokens.catch(() => loaded.delete(database));
    loaded.set(database, tokens);
  }
  return tokens;
}
