/** Accounts: add, list, disable, change password, reset the TOTP second factor. */
import { directoryId } from '../directory/directory-ids';
import { hasPermission, ROLES_REQUIRING_TOTP } from '../../../shared/vocab/roles';
import { directoryRepository } from '../../db/repositories/directory-repository';
import { sessionRepository } from '../../db/repositories/session-repository';
import { userRepository } from '../../db/repositories/user-repository';
import { AppError } from '../app-error';
import { appendAudit } from '../audit/audit-log';
import { hashPassword } from '../auth/passwords';
import { newTotpSecret, totpUri } from '../auth/totp';
import type { CreateUserRequest, UserSummary } from '../../../shared/contracts/directory';
import type { Classification } from '../../../shared/vocab/levels';
import type { Role } from '../../../shared/vocab/roles';
import type { Context } from '../../context';
import type { Actor } from '../auth/actor';
import type { UserRecord } from '../../db/repositories/user-repository';

/** A node administrator manages the accounts of their own nation; the console manages all. */
function assertCanManage(actor: Actor, nation: string): void {
  if (actor.kind === 'system') return;
  if (!hasPermission(actor.user.roles, 'user.manage') || actor.org.nation !== nation) {
    throw new AppError('FORBIDDEN', 'Only a node administrator of this nation may manage its accounts.');
  }
}

export function presentUser(user: UserRecord): UserSummary {
  return {
    id: user.id,
    username: user.username,
    displayName: user.display_name,
    org: user.org_id,
    nation: user.nation,
    roles: user.roles as Role[],
    clearance: user.clearance as Classification,
    caveats: user.caveats,
    disabled: user.disabled_at !== null,
  };
}

export interface AddedUser {
  user: UserSummary;
  /** Shown once when the account needs a second factor. */
  totpSecret: string | null;
  totpUri: string | null;
}

export async function addUser(ctx: Context, actor: Actor, input: CreateUserRequest): Promise<AddedUser> {
  const db = ctx.database.db;
  const org = await directoryRepository(db).organisation(input.org);
  if (!org)
    throw new AppError('VALIDATION_FAILED', `Unknown organisation "${input.org}".`, [{ path: 'org', message: 'Unknown organisation.' }]);
  assertCanManage(actor, org.nation);
  const knownCaveats = new Set((await directoryRepository(db).caveats()).map((c) => c.code));
  const unknown = input.caveats.filter((c) => !knownCaveats.has(c));
  if (unknown.length > 0)
    throw new AppError('VALIDATION_FAILED', `Unknown caveat(s): ${unknown.join(', ')}.`, [{ path: 'caveats', message: 'Unknown caveat.' }]);
  if (await userRepository(db).findByUsername(input.username)) {
    throw new AppError('CONFLICT', `The username "${input.username}" is taken; choose another.`);
  }
  const needsTotp = input.roles.some((r) => ROLES_REQUIRING_TOTP.includes(r));
  const totpSecret = needsTotp ? newTotpSecret() : null;
  // Named by username: a partner node that lists the same account (a named recipient) agrees on its id.
  const id = directoryId('user', input.username);
  const passwordHash = await hashPassword(input.password);
  await ctx.database.transaction(async (tx) => {
    await userRepository(tx.db).insert({
      id,
      username: input.username,
      display_name: input.displayName,
      org_id: org.id,
      roles: input.roles,
      clearance: input.clearance,
      caveats: [...new Set(input.caveats)].sort(),
      language: input.language,
      password_hash: passwordHash,
      totp_secret: totpSecret,
      email: input.email ?? null,
      disabled_at: null,
      locked_until: null,
    });
    await appendAudit(tx.db, ctx.clock, actor, [
      {
        action: 'user.add',
        target: { kind: 'user', id },
        details: { username: input.username, roles: input.roles, clearance: input.clearance },
      },
    ]);
  });
  const user = await userRepository(db).findById(id);
  if (!user) throw new Error('user vanished after insert');
  return { user: presentUser(user), totpSecret, totpUri: totpSecret ? totpUri(totpSecret, input.username) : null };
}

export async function listUsers(ctx: Context, actor: Actor): Promise<UserSummary[]> {
  const nation = actor.kind === 'user' ? actor.org.nation : undefined;
  if (actor.kind === 'user') assertCanManage(actor, actor.org.nation);
  return (await userRepository(ctx.database.db).list({ nation })).map(presentUser);
}

async function findManaged(ctx: Context, actor: Actor, username: string): Promise<UserRecord> {
  const user = await userRepository(ctx.database.db).findByUsername(username);
  if (!user || (actor.kind === 'user' && actor.org.nation !== user.nation)) throw AppError.notFound('user');
  assertCanManage(actor, user.nation);
  return user;
}

/** Disabling takes effect at the next request: sessions are deleted and tokens stop resolving. */
export async function setUserDisabled(ctx: Context, actor: Actor, username: string, disabled: boolean): Promise<UserSummary> {
  const user = await findManaged(ctx, actor, username);
  await ctx.database.transaction(async (tx) => {
    await userRepository(tx.db).setDisabled(user.id, disabled ? ctx.clock.now() : null);
    if (disabled) await sessionRepository(tx.db).deleteForUser(user.id);
    await appendAudit(tx.db, ctx.clock, actor, [
      { action: disabled ? 'user.disable' : 'user.enable', target: { kind: 'user', id: user.id } },
    ]);
  });
  return presentUser({ ...user, disabled_at: disabled ? ctx.clock.now() : null });
}

export async function setUserPassword(ctx: Context, actor: Actor, username: string, password: string): Promise<void> {
  if (password.length < 12)
    throw new AppError('VALIDATION_FAILED', 'Passwords are at least 12 characters.', [{ path: 'password', message: 'Too short.' }]);
  const user = await findManaged(ctx, actor, username);
  const hash = await hashPassword(password);
  await ctx.database.transaction(async (tx) => {
    await userRepository(tx.db).setPassword(user.id, hash, ctx.clock.now());
    await sessionRepository(tx.db).deleteForUser(user.id);
    await appendAudit(tx.db, ctx.clock, actor, [{ action: 'user.password', target: { kind: 'user', id: user.id } }]);
  });
}

export async function resetUserTotp(ctx: Context, actor: Actor, username: string): Promise<{ secret: string; uri: string }> {
  const user = await findManaged(ctx, actor, username);
  const secret = newTotpSecret();
  await ctx.database.transaction(async (tx) => {
    await userRepository(tx.db).setTotpSecret(user.id, secret, ctx.clock.now());
    await sessionRepository(tx.db).deleteForUser(user.id);
    await appendAudit(tx.db, ctx.clock, actor, [{ action: 'user.totp-reset', target: { kind: 'user', id: user.id } }]);
  });
  return { secret, uri: totpUri(secret, user.username) };
}
