/**
 * Sign-in (argon2id password, TOTP where required, throttling and lockout), sessions and API
 * tokens. Secrets are shown once and stored only as SHA-256 hashes.
 */
import crypto from 'node:crypto';
import { ROLES_REQUIRING_TOTP } from '../../../shared/vocab/roles';
import { sessionRepository, tokenRepository } from '../../db/repositories/session-repository';
import { userRepository } from '../../db/repositories/user-repository';
import { AppError } from '../app-error';
import { appendAudit } from '../audit/audit-log';
import { actorFromUser } from './load-actor';
import { dummyPasswordHash, verifyPassword } from './passwords';
import { checkTotp } from './totp';
import { systemActor } from './actor';
import type { SignInRequest } from '../../../shared/contracts/auth';
import type { Context } from '../../context';
import type { Actor, UserActor } from './actor';

export const MAX_FAILED_SIGN_INS = 5;
export const LOCKOUT_MINUTES = 15;
export const TOKEN_PREFIX = 'cnd_';

export const sha256 = (value: string) => crypto.createHash('sha256').update(value).digest('hex');

export interface SignInResult {
  actor: UserActor;
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
}

/** Per-address throttle, in memory: it only slows guessing; the per-account lockout is durable. */
export class SignInThrottle {
  private readonly attempts = new Map<string, number[]>();
  constructor(
    private readonly limit = 20,
    private readonly windowMs = 60_000,
  ) {}
  check(address: string, now: number): void {
    const recent = (this.attempts.get(address) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length >= this.limit) {
      throw new AppError('TOO_MANY_REQUESTS', 'Too many sign-in attempts from this address; wait a minute and try again.');
    }
    recent.push(now);
    this.attempts.set(address, recent);
    if (this.attempts.size > 10_000) this.attempts.clear();
  }
}

const WRONG_CREDENTIALS = () => new AppError('UNAUTHENTICATED', 'The username or password is wrong.');

export async function signIn(ctx: Context, input: SignInRequest, previousSessionId: string | null): Promise<SignInResult> {
  const now = ctx.clock.now();
  const users = userRepository(ctx.database.db);
  const user = await users.findByUsername(input.username);
  if (!user || user.disabled_at) {
    await verifyPassword(await dummyPasswordHash(), input.password);
    await ctx.database.transaction((tx) =>
      appendAudit(tx.db, ctx.clock, systemActor('auth'), [
        { action: 'auth.sign-in', outcome: 'denied', details: { username: input.username, reason: user ? 'disabled' : 'unknown user' } },
      ]),
    );
    throw WRONG_CREDENTIALS();
  }
  if (user.locked_until && new Date(user.locked_until) > now) {
    const minutes = Math.ceil((new Date(user.locked_until).getTime() - now.getTime()) / 60_000);
    throw new AppError('TOO_MANY_REQUESTS', `This account is locked after repeated failed sign-ins; try again in ${minutes} minute(s).`);
  }
  const passwordOk = await verifyPassword(user.password_hash, input.password);
  const actorForAudit: Actor = { kind: 'system', name: 'auth' };
  const fail = async (reason: string, error: AppError) => {
    const failures = user.failed_sign_ins + 1;
    const lockedUntil = failures >= MAX_FAILED_SIGN_INS ? new Date(now.getTime() + LOCKOUT_MINUTES * 60_000) : null;
    await ctx.database.transaction(async (tx) => {
      await userRepository(tx.db).recordFailedSignIn(user.id, lockedUntil ? 0 : failures, lockedUntil);
      await appendAudit(tx.db, ctx.clock, actorForAudit, [
        {
          action: 'auth.sign-in',
          outcome: 'denied',
          target: { kind: 'user', id: user.id },
          details: { username: user.username, reason, ...(lockedUntil ? { lockedUntil: lockedUntil.toISOString() } : {}) },
        },
      ]);
    });
    throw error;
  };
  if (!passwordOk) return fail('wrong password', WRONG_CREDENTIALS());

  const totpRequired = user.totp_secret !== null || user.roles.some((r) => (ROLES_REQUIRING_TOTP as string[]).includes(r));
  if (totpRequired) {
    if (!user.totp_secret) {
      throw new AppError(
        'FORBIDDEN',
        'This account needs a TOTP second factor but has none; a node administrator can set one with `concord user totp-reset`.',
      );
    }
    if (!input.totp) throw new AppError('TOTP_REQUIRED', 'Enter the six-digit code from your authenticator app.');
    if (!checkTotp(user.totp_secret, input.totp, now))
      return fail('wrong TOTP code', new AppError('UNAUTHENTICATED', 'The authenticator code is wrong or expired.'));
  }

  const sessionId = ctx.ids.secret(32);
  const csrfToken = ctx.ids.secret(24);
  const expiresAt = new Date(now.getTime() + ctx.config.sessionHours * 3_600_000);
  const actor = actorFromUser(user, 'session');
  await ctx.database.transaction(async (tx) => {
    const sessions = sessionRepository(tx.db);
    if (previousSessionId) await sessions.delete(sha256(previousSessionId));
    await sessions.insert({ id_hash: sha256(sessionId), user_id: user.id, csrf_token: csrfToken, created_at: now, expires_at: expiresAt });
    await userRepository(tx.db).resetFailedSignIns(user.id);
    await appendAudit(tx.db, ctx.clock, actor, [{ action: 'auth.sign-in', target: { kind: 'user', id: user.id } }]);
  });
  return { actor: { ...actor, session: { idHash: sha256(sessionId), csrfToken } }, sessionId, csrfToken, expiresAt };
}

export async function signOut(ctx: Context, actor: UserActor): Promise<void> {
  const session = actor.session;
  if (!session) return;
  await ctx.database.transaction(async (tx) => {
    await sessionRepository(tx.db).delete(session.idHash);
    await appendAudit(tx.db, ctx.clock, actor, [{ action: 'auth.sign-out', target: { kind: 'user', id: actor.user.id } }]);
  });
}

/** `withDirectory`: read the label directory in the same query (for requests that write). */
export async function actorFromSession(ctx: Context, sessionId: string, withDirectory = false): Promise<UserActor | null> {
  const user = await userRepository(ctx.database.db).findBySession(sha256(sessionId), ctx.clock.now(), withDirectory);
  if (!user || user.disabled_at) return null;
  return { ...actorFromUser(user, 'session'), session: { idHash: user.session_id_hash, csrfToken: user.session_csrf_token } };
}

export async function actorFromToken(ctx: Context, token: string, withDirectory = false): Promise<UserActor | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const hash = sha256(token);
  const user = await userRepository(ctx.database.db).findByToken(hash, ctx.clock.now(), withDirectory);
  if (!user || user.disabled_at) return null;
  return { ...actorFromUser(user, 'token'), token: { hash } };
}

export async function createToken(ctx: Context, actor: Actor, userId: string, name: string, expiresInDays: number) {
  const now = ctx.clock.now();
  const token = `${TOKEN_PREFIX}${ctx.ids.secret(32)}`;
  const id = ctx.ids.uuid();
  const expiresAt = new Date(now.getTime() + expiresInDays * 86_400_000);
  await ctx.database.transaction(async (tx) => {
    await tokenRepository(tx.db).insert({
      id,
      user_id: userId,
      name,
      token_hash: sha256(token),
      created_at: now,
      expires_at: expiresAt,
      revoked_at: null,
    });
    await appendAudit(tx.db, ctx.clock, actor, [{ action: 'token.create', target: { kind: 'api-token', id }, details: { userId, name } }]);
  });
  return { id, name, token, expiresAt: expiresAt.toISOString() };
}

/** Revokes a token. A user may revoke their own; a node administrator any. */
export async function revokeToken(ctx: Context, actor: Actor, tokenId: string): Promise<void> {
  await ctx.database.transaction(async (tx) => {
    const tokens = tokenRepository(tx.db);
    const row = await tokens.findById(tokenId);
    const allowed = row && (actor.kind === 'system' || row.user_id === actor.user.id || actor.user.roles.includes('node-admin'));
    if (!row || !allowed) throw AppError.notFound('token');
    await tokens.revoke(tokenId, ctx.clock.now());
    await appendAudit(tx.db, ctx.clock, actor, [{ action: 'token.revoke', target: { kind: 'api-token', id: tokenId } }]);
  });
}

export async function listTokens(ctx: Context, userId: string) {
  const rows = await tokenRepository(ctx.database.db).listForUser(userId);
  const now = ctx.clock.now();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    createdAt: new Date(r.created_at).toISOString(),
    expiresAt: new Date(r.expires_at).toISOString(),
    revoked: r.revoked_at !== null || new Date(r.expires_at) <= now,
  }));
}
