/**
 * Secrets the node must keep in its database (TAXII feed credentials) are stored sealed:
 * AES-256-GCM under the secrets key (a file outside the database, key-files.ts), a random nonce
 * per value, and what the value belongs to (a feed's id) as associated data, so a sealed value
 * copied onto another row does not open. A database backup alone holds no usable secret.
 */
import crypto from 'node:crypto';

export interface SecretBox {
  seal(plaintext: string, associatedData: string): string;
  /** Throws when the value was not sealed under this key for this associated data. */
  open(sealed: string, associatedData: string): string;
}

const PREFIX = 'sealed:v1';

export function secretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error('The secrets key is 32 bytes.');
  // Names the key a value was sealed under, so a wrong key file is said plainly rather than as "altered".
  const keyId = crypto.createHash('sha256').update(key).digest('hex').slice(0, 12);
  return {
    seal(plaintext, associatedData) {
      const nonce = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', key, nonce);
      cipher.setAAD(Buffer.from(associatedData, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [PREFIX, keyId, nonce.toString('base64url'), ciphertext.toString('base64url'), cipher.getAuthTag().toString('base64url')].join(
        ':',
      );
    },
    open(sealed, associatedData) {
      const parts = sealed.split(':');
      if (parts.length !== 6 || `${parts[0]}:${parts[1]}` !== PREFIX) throw new Error('Not a sealed value.');
      const [, , sealedKeyId, nonce, ciphertext, tag] = parts as [string, string, string, string, string, string];
      if (sealedKeyId !== keyId) throw new Error('The value was sealed under another secrets key (CONCORD_SECRETS_KEY_FILE).');
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'));
      decipher.setAAD(Buffer.from(associatedData, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      try {
        return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new Error('The sealed value was altered or belongs to another record.');
      }
    },
  };
}
