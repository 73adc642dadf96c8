import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { positionTokensWith } from './position-tokens';

const at = new Date('2026-12-01T10:00:00Z');

describe('position tokens', () => {
  const tokens = positionTokensWith(crypto.randomBytes(32));

  it('open for the reader and purpose they were sealed for, with the position and the time given', () => {
    const token = tokens.seal('taxii', 'user:a', 4_211, at);
    expect(tokens.open('taxii', 'user:a', token)).toEqual({ position: 4_211, at });
  });

  it('are opaque, of one length whatever the position, and differ per reader and per issue', () => {
    const small = tokens.seal('stream', 'u1', 1, at);
    const large = tokens.seal('stream', 'u1', 2 ** 52, at);
    expect(small).toMatch(/^[A-Za-z0-9_-]{60}$/);
    expect(large.length).toBe(small.length);
    expect(tokens.seal('stream', 'u1', 1, at)).not.toBe(small);
    expect(tokens.seal('stream', 'u2', 1, at)).not.toBe(small);
  });

  it('refuse another reader, another purpose, another node’s secret, and any change', () => {
    const token = tokens.seal('stream', 'u1', 77, at);
    expect(tokens.open('stream', 'u2', token)).toBeNull();
    expect(tokens.open('taxii', 'u1', token)).toBeNull();
    expect(positionTokensWith(crypto.randomBytes(32)).open('stream', 'u1', token)).toBeNull();
    const bytes = Buffer.from(token, 'base64url');
    bytes[20] = bytes[20]! ^ 1;
    expect(tokens.open('stream', 'u1', bytes.toString('base64url'))).toBeNull();
    for (const junk of ['', 'garbage', 'eyJzIjo1fQ', `${token}A`, token.slice(1)]) expect(tokens.open('stream', 'u1', junk)).toBeNull();
  });
});
