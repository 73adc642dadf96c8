/**
 * Sign-in (argon2id password, TOTP where required, throttling), sessions and scoped API tokens.
 * Secrets are shown once and stored only as SHA-256 hashes.
 */
import crypto from 'node:crypto';
import { ROLES_REQUIRING_TOTP } from '../../../shared/vocab/roles';
import { TOKEN_SCOPES, scopesAvailableTo } from '../../../shared/vocab/token-scopes';
import { sessionRepository, tokenRepository } from '../../db/repositories/session-repository';
import { signInThrottleRepository } from '../../db/repositories/sign-in-throttle-repository';
import { userRepository } from '../../db/repositories/user-repository';
import { AppError } from '../app-error';
import { appendAudit } from '../audit/audit-log';
import { actorFromUser } from './load-actor';
import { dummyPasswordHash, verifyPassword } from './passwords';
import { newTotpSecret, totpStepOf } from './totp';
import { systemActor } from './actor';
import type { SignInRequest } from '../../../shared/contracts/auth';
import type { Role } from '../../../shared/vocab/roles';
import type { TokenScope } from '../../../shared/vocab/token-scopes';
import type { Context } from '../../context';
import type { UserRecord } from '../../db/repositories/user-repository';
import type { Actor, SessionActor, UserActor } from './actor';

/** Failed sign-ins are counted per username in windows of this length (CONCORD_SIGN_IN_FAILURES per window). */
export const SIGN_IN_WINDOW_MINUTES = 15;
export const TOKEN_PREFIX = 'cnd_';

export const sha256 = (value: string) => crypto.createHash('sha256').update(value).digest('hex');

export interface SignInResult {
  actor: SessionActor;
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
  endsAt: Date;
}

/** Where a session's current end moves to from `now`: the idle limit's, never past the absolute end. */
function idleEnd(ctx: Context, now: Date, endsAt: Date): Date {
  const idleMs = ctx.config.sessionIdleMinutes * 60_000;
  return idleMs === 0 ? endsAt : new Date(Math.min(now.getTime() + idleMs, endsAt.getTime()));
}

/** Per-address throttle, in memory and per process: a cheap first rejection; the per-username count is durable. */
export class SignInThrottle {
  private readonly attempts = new Map<string, number[]>();
  constructor(private readonly windowMs = 60_000) {}
  /** Counts an attempt from `address`; false when `limit` were made in the last minute. */
  allow(address: string, now: number, limit: number): boolean {
    const recent = (this.attempts.get(address) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length >= limit) return false;
    recent.push(now);
    this.attempts.set(address, recent);
    if (this.attempts.size > 10_000) this.attempts.clear();
    return true;
  }
}

const AUTH = systemActor('auth');
const WRONG_CREDENTIALS = () =>
  new AppError('UNAUTHENTICATED', 'The username or password is wrong: check both (is Caps Lock on?) and try again.');
const WRONG_TOTP = () => new AppError('UNAUTHENTICATED', 'The authenticator code is wrong, expired or already used; enter the next one.');
/** The same words for every username, known or not: the throttle must not tell which accounts exist. */
const USERNAME_THROTTLED = () =>
  new AppError(
    'TOO_MANY_REQUESTS',
    `Too many failed sign-ins for this username: try again within ${SIGN_IN_WINDOW_MINUTES} minutes, or sign in now with your authenticator code if your account has one.`,
  );
const ADDRESS_THROTTLED = () =>
  new AppError('TOO_MANY_REQUESTS', 'Too many sign-in attempts from this address; wait a minute and try again.');
/** Checked against when an attempt past the limit has no account secret to check, so every such attempt does the same work. */
const STAND_IN_TOTP_SECRET = newTotpSecret();

export interface SignInSource {
  /** The client's address (per-address throttle; recorded in the audit entry). */
  address: string;
  /** The session cookie the browser already had: replaced, never reused. */
  previousSessionId: string | null;
}

/**
 * Signs a person in. Every attempt writes an audit entry, whatever its outcome.
 *
 * Throttling (docs/decisions/0011-account-safeguards.md): an address may try
 * `signInPerMinute` times a minute; a username — known or not, so nothing tells which exist — may
 * fail `signInFailures` times in a window of SIGN_IN_WINDOW_MINUTES. An attempt first reserves
 * its place in that count with one conditional upsert, so concurrent guesses cannot all be
 * evaluated; the place is given back when the attempt was not a wrong guess. Past the limit no
 * password is evaluated unless the attempt carries a valid TOTP code of the account (each code
 * accepted once): people with a second factor, and so every node administrator, still get in
 * while someone guesses, and a guesser gets at most one password try per code they somehow hold.
 */
export async function signIn(ctx: Context, input: SignInRequest, from: SignInSource, addresses: SignInThrottle): Promise<SignInResult> {
  const now = ctx.clock.now();
  const users = userRepository(ctx.database.db);
  const deny = async (reason: string, user: { id: string } | null, error: AppError, reservation?: Reservation): Promise<AppError> => {
    await ctx.database.transaction(async (tx) => {
      if (reservation) await signInThrottleRepository(tx.db).release(reservation.subject, reservation.windowStartedAt);
      await appendAudit(tx.db, ctx.clock, AUTH, [
        {
          action: 'auth.sign-in',
          outcome: 'denied',
          ...(user ? { target: { kind: 'user', id: user.id } } : {}),
          details: { username: input.username, address: from.address, reason },
        },
      ]);
    });
    return error;
  };

  if (!addresses.allow(from.address, now.getTime(), ctx.config.signInPerMinute))
    throw await deny('too many attempts from this address', null, ADDRESS_THROTTLED());

  const found = await users.findByUsername(input.username);
  const account = found && !found.disabled_at ? found : null;
  const subject = sha256(`sign-in:${input.username}`);
  const windowEnd = new Date(now.getTime() - SIGN_IN_WINDOW_MINUTES * 60_000);
  const windowStartedAt = await signInThrottleRepository(ctx.database.db).reserve(subject, now, windowEnd, ctx.config.signInFailures);

  if (!windowStartedAt) {
    const step = totpStepOf(account?.totp_secret ?? STAND_IN_TOTP_SECRET, input.totp ?? '000000', now);
    if (account?.totp_secret && input.totp && step !== null && (await users.acceptTotpStep(account.id, step))) {
      if (await verifyPassword(account.password_hash, input.password)) return startSession(ctx, account, from, { pastThrottle: true });
      throw await deny('wrong password past the username limit (with a valid authenticator code)', account, USERNAME_THROTTLED());
    }
    throw await deny('too many failed sign-ins for this username', found ?? null, USERNAME_THROTTLED());
  }

  const reservation: Reservation = { subject, windowStartedAt };
  const passwordOk = await verifyPassword(account?.password_hash ?? (await dummyPasswordHash()), input.password);
  if (!account || !passwordOk)
    throw await deny(!found ? 'unknown user' : found.disabled_at ? 'disabled' : 'wrong password', found ?? null, WRONG_CREDENTIALS());

  const totpRequired = account.totp_secret !== null || account.roles.some((r) => (ROLES_REQUIRING_TOTP as string[]).includes(r));
  if (totpRequired) {
    if (!account.totp_secret) {
      throw await deny(
        'no second factor set',
        account,
        new AppError(
          'FORBIDDEN',
          'This account needs a TOTP second factor but has none; a node administrator can set one with `concord user totp-reset`.',
        ),
        reservation,
      );
    }
    if (!input.totp)
      throw await deny(
        'authenticator code needed',
        account,
        new AppError('TOTP_REQUIRED', 'Enter the six-digit code from your authenticator app.'),
        reservation,
      );
    const step = totpStepOf(account.totp_secret, input.totp, now);
    if (step === null) throw await deny('wrong TOTP code', account, WRONG_TOTP());
    if (!(await users.acceptTotpStep(account.id, step))) throw await deny('TOTP code already used', account, WRONG_TOTP());
  }
  return startSession(ctx, account, from, { reservation });
}

interface Reservation {
  subject: string;
  windowStartedAt: Date;
}

async function startSession(
  ctx: Context,
  account: UserRecord,
  from: SignInSource,
  how: { reservation?: Reservation; pastThrottle?: boolean },
): Promise<SignInResult> {
  const now = ctx.clock.now();
  const sessionId = ctx.ids.secret(32);
  const csrfToken = ctx.ids.secret(24);
  const endsAt = new Date(now.getTime() + ctx.config.sessionHours * 3_600_000);
  const expiresAt = idleEnd(ctx, now, endsAt);
  const actor = actorFromUser(account, 'session');
  await ctx.database.transaction(async (tx) => {
    const sessions = sessionRepository(tx.db);
    if (from.previousSessionId) await sessions.delete(sha256(from.previousSessionId));
    await sessions.insert({
      id_hash: sha256(sessionId),
      user_id: account.id,
      csrf_token: csrfToken,
      created_at: now,
      expires_at: expiresAt,
      ends_at: endsAt,
    });
    if (how.reservation) await signInThrottleRepository(tx.db).release(how.reservation.subject, how.reservation.windowStartedAt);
    await appendAudit(tx.db, ctx.clock, actor, [
      {
        action: 'auth.sign-in',
        target: { kind: 'user', id: account.id },
        details: { address: from.address, ...(how.pastThrottle ? { pastUsernameLimit: true } : {}) },
      },
    ]);
  });
  return {
    actor: { ...actor, session: { idHash: sha256(sessionId), csrfToken, expiresAt, endsAt } },
    sessionId,
    csrfToken,
    expiresAt,
    endsAt,
  };
}

/**
 * "Stay signed in": moves the session's end on by the idle limit (CONCORD_SESSION_IDLE_MINUTES),
 * never past its absolute end (CONCORD_SESSION_HOURS after sign-in) — past that only signing in
 * again helps. Audited when it moved the end.
 */
export async function extendSession(ctx: Context, actor: UserActor): Promise<SessionActor> {
  const session = actor.session;
  if (!session) throw new AppError('FORBIDDEN', 'API tokens have no session to extend.');
  const now = ctx.clock.now();
  return ctx.database.transaction(async (tx) => {
    const extended = await sessionRepository(tx.db).extend(session.idHash, now, idleEnd(ctx, now, session.endsAt));
    if (!extended) throw new AppError('UNAUTHENTICATED', 'Your session has ended; sign in again (POST /api/session).');
    const expiresAt = new Date(extended.expires_at);
    if (expiresAt.getTime() !== session.expiresAt.getTime())
      await appendAudit(tx.db, ctx.clock, actor, [
        { action: 'auth.session-extend', target: { kind: 'user', id: actor.user.id }, details: { expiresAt: expiresAt.toISOString() } },
      ]);
    return { ...actor, session: { ...session, expiresAt, endsAt: new Date(extended.ends_at) } };
  });
}

/** Forgets the counts of windows that have ended (the table holds a row per username tried). */
export async function forgetEndedSignInWindows(ctx: Context): Promise<void> {
  await signInThrottleRepository(ctx.database.db).deleteEnded(new Date(ctx.clock.now().getTime() - SIGN_IN_WINDOW_MINUTES * 60_000));
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
  return {
    ...actorFromUser(user, 'session'),
    session: {
      idHash: user.session_id_hash,
      csrfToken: user.session_csrf_token,
      expiresAt: new Date(user.session_expires_at),
      endsAt: new Date(user.session_ends_at),
    },
  };
}

export async function actorFromToken(ctx: Context, token: string, withDirectory = false): Promise<UserActor | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const hash = sha256(token);
  const user = await userRepository(ctx.database.db).findByToken(hash, ctx.clock.now(), withDirectory);
  if (!user || user.disabled_at) return null;
  return { ...actorFromUser(user, 'token'), token: { hash, scopes: TOKEN_SCOPES.filter((s) => user.token_scopes.includes(s)) } };
}

/**
 * A TAXII client's HTTP Basic credentials (docs/decisions/0022): the user name and one of that
 * person's API tokens with the `taxii` scope as the password. An account password is never
 * evaluated here, so Basic is no way to guess passwords and no failure counts against a username
 * (nobody can lock a person out of signing in through it); the token alone is looked up, so an
 * unknown user name costs and answers the same as a known one. `refused` says why, for the audit.
 */
export async function actorFromBasic(
  ctx: Context,
  username: string,
  password: string,
  withDirectory = false,
): Promise<{ actor: UserActor } | { refused: string }> {
  if (!password.startsWith(TOKEN_PREFIX)) return { refused: 'basic: the password is not an API token (account passwords are not taken)' };
  const actor = await actorFromToken(ctx, password, withDirectory);
  if (!actor) return { refused: 'basic: invalid, expired or revoked API token' };
  if (actor.user.username !== username) return { refused: 'basic: the user name is not the token’s account' };
  if (!actor.token?.scopes.includes('taxii')) return { refused: 'basic: the API token lacks the taxii scope' };
  return { actor };
}

export interface TokenRequest {
  name: string;
  expiresInDays: number;
  scopes: TokenScope[];
}

/**
 * Makes an API token for `userId`. Only a signed-in person (for themselves) or the console makes
 * tokens — never another token, so a token cannot outlive its own revocation through a copy. A
 * token's scopes never exceed its account: `admin` and `metrics` only for node administrators,
 * except that the console may make a metrics token for any account (a monitoring account).
 */
export async function createToken(ctx: Context, actor: Actor, userId: string, request: TokenRequest) {
  if (actor.kind === 'user' && (actor.via !== 'session' || actor.user.id !== userId))
    throw new AppError(
      'FORBIDDEN',
      'API tokens are made by a signed-in person for themselves (or at the console), never by another token.',
    );
  const user = await userRepository(ctx.database.db).findById(userId);
  if (!user || user.disabled_at) throw AppError.notFound('user');
  const scopes = TOKEN_SCOPES.filter((s) => request.scopes.includes(s));
  const available = scopesAvailableTo(user.roles as Role[]);
  const beyond = scopes.filter((s) => !available.includes(s) && !(actor.kind === 'system' && s === 'metrics'));
  if (beyond.length > 0)
    throw new AppError('VALIDATION_FAILED', `The scope(s) ${beyond.join(', ')} are for node administrators' tokens only.`, [
      { path: 'scopes', message: `Choose from ${available.join(', ')}.` },
    ]);
  const now = ctx.clock.now();
  const token = `${TOKEN_PREFIX}${ctx.ids.secret(32)}`;
  const id = ctx.ids.uuid();
  const expiresAt = new Date(now.getTime() + request.expiresInDays * 86_400_000);
  await ctx.database.transaction(async (tx) => {
    await tokenRepository(tx.db).insert({
      id,
      user_id: userId,
      name: request.name,
      token_hash: sha256(token),
      created_at: now,
      expires_at: expiresAt,
      revoked_at: null,
      scopes,
    });
    await appendAudit(tx.db, ctx.clock, actor, [
      { action: 'token.create', target: { kind: 'api-token', id }, details: { userId, name: request.name, scopes } },
    ]);
  });
  return { id, name: request.name, token, expiresAt: expiresAt.toISOString(), scopes };
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
    scopes: TOKEN_SCOPES.filter((s) => r.scopes.includes(s)),
  }));
}
