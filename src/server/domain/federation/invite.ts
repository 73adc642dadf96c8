/**
 * Invites: what one node administrator sends another (by a trusted channel) so the two nodes can
 * pin each other — the node's id, nation, address and public key, signed with that key (a compact
 * JWS made with jose) so a mistyped or altered invite is refused rather than pinned.
 */
import { CompactSign, compactVerify, decodeProtectedHeader } from 'jose';
import { z } from 'zod';
import { decodePublicKey, encodePublicKey } from '../node/node-keys';
import type { NodeIdentity } from '../node/node-keys';

const PREFIX = 'concord-invite:';
const INVITE_TYPE = 'concord-invite';

const invitePayloadSchema = z.strictObject({
  nodeId: z.uuid(),
  nation: z.string().regex(/^[A-Z]{3}$/),
  url: z.url().refine((u) => /^https?:\/\//.test(u), 'An http(s) address.'),
  publicKey: z.string(),
});
export type Invite = z.infer<typeof invitePayloadSchema>;

export async function makeInvite(node: NodeIdentity, url: string): Promise<string> {
  const payload: Invite = { nodeId: node.nodeId, nation: node.nation, url: url.replace(/\/+$/, ''), publicKey: node.publicKey };
  const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'EdDSA', typ: INVITE_TYPE })
    .sign(node.privateKey);
  return `${PREFIX}${jws}`;
}

/** Reads an invite; throws with a message saying what is wrong. */
export async function readInvite(invite: string): Promise<Invite> {
  const jws = invite.trim();
  if (!jws.startsWith(PREFIX)) throw new Error('An invite starts with "concord-invite:" — paste the whole string.');
  const compact = jws.slice(PREFIX.length);
  let claimed: Invite;
  try {
    if (decodeProtectedHeader(compact).typ !== INVITE_TYPE) throw new Error('type');
    const [, body] = compact.split('.');
    claimed = invitePayloadSchema.parse(JSON.parse(Buffer.from(body ?? '', 'base64url').toString('utf8')));
    // The key must round-trip exactly: one encoding per key.
    if (encodePublicKey(decodePublicKey(claimed.publicKey)) !== claimed.publicKey) throw new Error('key');
  } catch {
    throw new Error('The invite is damaged or not a Concord invite: ask for it again.');
  }
  try {
    await compactVerify(compact, decodePublicKey(claimed.publicKey), { algorithms: ['EdDSA'] });
  } catch {
    throw new Error('The invite is not signed by the key it carries: it was altered. Ask for it again.');
  }
  return claimed;
}
