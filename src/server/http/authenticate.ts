/**
 * Who is calling: a session cookie (browser), a bearer API token (machines), or — under /taxii2/
 * only — HTTP Basic with an API token as the password (TAXII clients that can do nothing else).
 */
import { decodeProtectedHeader } from 'jose';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../domain/app-error';
import { recordAccessFailure } from '../domain/audit/access-failures';
import { systemActor } from '../domain/auth/actor';
import { actorFromBasic, actorFromSession, actorFromToken } from '../domain/auth/auth-service';
import { NODE_TOKEN_TYPE, verifyNodeToken } from '../domain/federation/node-token';
import type { PeerRow } from '../domain/federation/peer-service';
import type { Context } from '../context';
import type { UserActor } from '../domain/auth/actor';
import type { RouteScope } from './route';

export const SESSION_COOKIE = 'concord_session';
export const CSRF_HEADER = 'x-csrf-token';

export async function authenticate(ctx: Context, request: FastifyRequest): Promise<UserActor | null> {
  // A write may check a label: the directory comes with the user, in the same round trip.
  const writes = !['GET', 'HEAD', 'OPTIONS'].includes(request.method);
  const authorization = request.headers.authorization;
  if (authorization) {
    const basic = /^Basic\s+(\S+)$/i.exec(authorization);
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    // Every refusal, Basic or bearer, is the same answer: it tells nothing of which part was wrong.
    const refuse = async (details: Record<string, unknown>): Promise<never> => {
      await recordAccessFailure(ctx, systemActor('anonymous'), 'auth.token', details, 'denied');
      throw new AppError('UNAUTHENTICATED', 'The API token is not valid, expired or revoked.');
    };
    if (basic?.[1]) {
      const credentials = basicCredentials(basic[1]);
      if (!request.routeOptions.url?.startsWith(TAXII_PREFIX))
        return refuse({ scheme: 'basic', reason: 'basic: taken under /taxii2/ only' });
      if (!credentials) return refuse({ scheme: 'basic', reason: 'basic: not user-id:password in base64' });
      const found = await actorFromBasic(ctx, credentials.username, credentials.password, writes);
      if ('refused' in found) return refuse({ scheme: 'basic', username: credentials.username.slice(0, 200), reason: found.refused });
      return found.actor;
    }
    const actor = match?.[1] ? await actorFromToken(ctx, match[1], writes) : null;
    if (!actor) return refuse({ reason: 'invalid, expired or revoked API token' });
    return actor;
  }
  const sessionId = request.cookies[SESSION_COOKIE];
  if (!sessionId) return null;
  return actorFromSession(ctx, sessionId, writes);
}

const TAXII_PREFIX = '/taxii2/';

/** The user-id and password of HTTP Basic credentials (RFC 7617: UTF-8, split at the first colon); null when malformed. */
function basicCredentials(encoded: string): { username: string; password: string } | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) return null;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** A node-to-node call: a peer's node token as the bearer; anything else is refused (and audited). */
/** Whether the bearer token is a node token (by its header's type), not a person's. */
export function carriesNodeToken(request: FastifyRequest): boolean {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (!match?.[1]) return false;
  try {
    return decodeProtectedHeader(match[1]).typ === NODE_TOKEN_TYPE;
  } catch {
    return false;
  }
}

export async function authenticateNode(ctx: Context, request: FastifyRequest, route: string): Promise<PeerRow> {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  const check = match?.[1] ? await verifyNodeToken(ctx, match[1]) : { ok: false as const, reason: 'no node token' };
  if (!check.ok) {
    await recordAccessFailure(ctx, systemActor('anonymous'), 'auth.node', { route, reason: check.reason }, 'denied');
    throw new AppError('UNAUTHENTICATED', `This is for partner nodes: the node token was refused (${check.reason}).`);
  }
  return check.peer;
}

/**
 * An API token may call a route only with the scope the route needs (route.ts); a session may call
 * any, and `session` routes take no token at all. A refusal is audited.
 */
export async function requireTokenScope(ctx: Context, actor: UserActor | null, scope: RouteScope, route: string): Promise<void> {
  if (!actor?.token) return;
  if (scope !== 'session' && actor.token.scopes.includes(scope)) return;
  await recordAccessFailure(ctx, actor, 'access.denied', { route, code: 'TOKEN_SCOPE', needs: scope, has: actor.token.scopes });
  throw new AppError(
    'FORBIDDEN',
    scope === 'session'
      ? 'This needs a signed-in session: an API token cannot make or revoke API tokens.'
      : `This API token lacks the ${scope} scope this request needs (it has ${actor.token.scopes.join(', ')}); make a token with it while signed in.`,
  );
}

/** Cookie-authenticated writes must echo the session's CSRF token in a header. */
export function checkCsrf(request: FastifyRequest, actor: UserActor | null): void {
  if (!actor || actor.via !== 'session' || ['GET', 'HEAD', 'OPTIONS'].includes(request.method)) return;
  const sent = request.headers[CSRF_HEADER];
  if (typeof sent !== 'string' || sent !== actor.session?.csrfToken) {
    throw new AppError('CSRF_FAILED', `Cookie-authenticated writes need the ${CSRF_HEADER} header from GET /api/session.`);
  }
}
