import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { secretBox } from './sealed-secrets';

describe('sealed secrets', () => {
  const box = secretBox(crypto.randomBytes(32));

  it('opens what it sealed, with a new nonce each time, and shows nothing of the secret', () => {
    const first = box.seal('s3cret-password', 'feed-1');
    const second = box.seal('s3cret-password', 'feed-1');
    expect(first).not.toBe(second);
    expect(first).not.toContain('s3cret');
    expect(Buffer.from(first.split(':')[4]!, 'base64url').toString('utf8')).not.toContain('s3cret');
    expect(box.open(first, 'feed-1')).toBe('s3cret-password');
  });

  it('refuses a value moved to another record, altered, or sealed under another key', () => {
    const sealed = box.seal('token', 'feed-1');
    expect(() => box.open(sealed, 'feed-2')).toThrow(/another record/);
    const parts = sealed.split(':');
    const flipped = Buffer.from(parts[4]!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    parts[4] = flipped.toString('base64url');
    expect(() => box.open(parts.join(':'), 'feed-1')).toThrow(/altered/);
    expect(() => secretBox(crypto.randomBytes(32)).open(sealed, 'feed-1')).toThrow(/another secrets key/);
    expect(() => box.open('{"kind":"basic"}', 'feed-1')).toThrow(/Not a sealed value/);
  });
});
