import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodePublicKey, verifySignature } from '../node/node-keys';
import { makeInvite, readInvite } from './invite';
import type { NodeIdentity } from '../node/node-keys';

function identity(nation: string): NodeIdentity {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  const encoded = encodePublicKey(publicKey);
  return {
    nodeId: crypto.randomUUID(),
    nation,
    publicKey: encoded,
    knownPublicKeys: [encoded],
    privateKey,
    sign: (data) => crypto.sign(null, Buffer.from(data), privateKey).toString('base64'),
    verify: (data, signature) => verifySignature(encoded, data, signature),
  };
}

describe('invites', () => {
  it('carry the node id, nation, address and key, signed by that key', async () => {
    const kaz = identity('KAZ');
    const invite = await makeInvite(kaz, 'https://concord.kaz.example/');
    expect(invite).toMatch(/^concord-invite:/);
    expect(await readInvite(`  ${invite}\n`)).toEqual({
      nodeId: kaz.nodeId,
      nation: 'KAZ',
      url: 'https://concord.kaz.example',
      publicKey: kaz.publicKey,
    });
  });

  it('are refused when altered, re-signed by another key, cut or not invites at all', async () => {
    const kaz = identity('KAZ');
    const invite = await makeInvite(kaz, 'https://concord.kaz.example');
    const [head, body, signature] = invite.slice('concord-invite:'.length).split('.');
    const payload = JSON.parse(Buffer.from(body!, 'base64url').toString());
    const altered = Buffer.from(JSON.stringify({ ...payload, url: 'https://attacker.example' })).toString('base64url');
    await expect(readInvite(`concord-invite:${head}.${altered}.${signature}`)).rejects.toThrow(/altered/);
    // Another key signing the same claims (the key inside stays KAZ's): still not KAZ's signature.
    const other = identity('KAZ');
    const forged = await makeInvite({ ...other, nodeId: kaz.nodeId, publicKey: kaz.publicKey }, 'https://concord.kaz.example');
    await expect(readInvite(forged)).rejects.toThrow(/altered/);
    await expect(readInvite(invite.slice(0, 60))).rejects.toThrow(/damaged/);
    await expect(readInvite('hello')).rejects.toThrow(/starts with "concord-invite:"/);
  });
});
