/**
 * Node tokens: every node-to-node request carries a short-lived token signed by the calling node
 * (EdDSA over Ed25519, a JWT made and checked with jose): issuer the calling node, audience the
 * called node, at most 60 s of life, a unique id. The called node checks it against the caller's
 * pinned key (peers), its own id as the one audience (a token naming several nodes would be good
 * at each of them), the clock (5 s of tolerance) and that the id was never presented before.
 */
import { SignJWT, decodeJwt, jwtVerify } from 'jose';
import { peerRepository } from '../../db/repositories/peer-repository';
import { decodePublicKey } from '../node/node-keys';
import type { Context } from '../../context';
import type { NodeIdentity } from '../node/node-keys';
import type { PeerRow } from './peer-service';

export const NODE_TOKEN_TYPE = 'concord-node+jwt';
export const NODE_TOKEN_MAX_SECONDS = 60;
const CLOCK_TOLERANCE_SECONDS = 5;

export async function mintNodeToken(node: NodeIdentity, audience: string, now: Date, id: string, lifetimeSeconds = 30): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'EdDSA', typ: NODE_TOKEN_TYPE })
    .setIssuer(node.nodeId)
    .setAudience(audience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + Math.min(lifetimeSeconds, NODE_TOKEN_MAX_SECONDS))
    .setJti(id)
    .sign(node.privateKey);
}

export type NodeTokenCheck = { ok: true; peer: PeerRow } | { ok: false; reason: string };

/** Checks a node token presented to this node; a token is accepted once. */
export async function verifyNodeToken(ctx: Context, token: string): Promise<NodeTokenCheck> {
  let issuer: string | undefined;
  try {
    issuer = decodeJwt(token).iss;
  } catch {
    return { ok: false, reason: 'not a node token' };
  }
  const peer = issuer ? await peerRepository(ctx.database.db).find(issuer) : undefined;
  if (!peer) return { ok: false, reason: 'unknown node' };
  const now = ctx.clock.now();
  try {
    const { payload } = await jwtVerify(token, decodePublicKey(peer.public_key), {
      algorithms: ['EdDSA'],
      typ: NODE_TOKEN_TYPE,
      issuer: peer.node_id,
      audience: ctx.node.nodeId,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      currentDate: now,
      requiredClaims: ['iat', 'exp', 'jti'],
    });
    // jose accepts a token whose audience list merely includes this node: exactly one, this node, is required.
    const audience = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    if (audience.length !== 1 || audience[0] !== ctx.node.nodeId) return { ok: false, reason: 'token names other audiences' };
    if (payload.exp! - payload.iat! > NODE_TOKEN_MAX_SECONDS) return { ok: false, reason: 'token lives too long' };
    if (payload.iat! * 1000 > now.getTime() + CLOCK_TOLERANCE_SECONDS * 1000) return { ok: false, reason: 'token issued in the future' };
    const fresh = await peerRepository(ctx.database.db).useToken(
      payload.jti!,
      peer.node_id,
      new Date(payload.exp! * 1000 + CLOCK_TOLERANCE_SECONDS * 1000),
      now,
    );
    if (!fresh) return { ok: false, reason: 'token already used' };
    return { ok: true, peer };
  } catch (error) {
    return {
      ok: false,
      reason: (error as { code?: string }).code === 'ERR_JWT_EXPIRED' ? 'token expired' : 'signature or claims not valid',
    };
  }
}
