/**
 * Accounts: add, list, change clearance and caveats, disable, change password, reset the TOTP
 * second factor. Nobody grants a clearance or caveat they do not hold, and a SECRET clearance
 * granted by a node administrator waits for a second one (docs/decisions/0011-account-safeguards.md);
 * the console (the operator on the server, acting as the system) grants directly — it bootstraps
 * the first administrators.
 */
import { may } from '../policy/policy';
import { directoryId } from '../directory/directory-ids';
import { ROLES_REQUIRING_TOTP } from '../../../shared/vocab/roles';
import { classificationRank } from '../../../shared/vocab/levels';
import { clearanceGrantRepository } from '../../db/repositories/clearance-grant-repository';
import { directoryRepository } from '../../db/repositories/directory-repository';
import { sessionRepository } from '../../db/repositories/session-repository';
import { userRepository } from '../../db/repositories/user-repository';
import { AppError } from '../app-error';
import { appendAudit } from '../audit/audit-log';
import { hashPassword } from '../auth/passwords';
import { newTotpSecret, totpUri } from '../auth/totp';
import type { ClearanceGrant, CreateUserRequest, UpdateUserRequest, UserSummary } from '../../../shared/contracts/directory';
import type { Classification } from '../../../shared/vocab/levels';
import type { Role } from '../../../shared/vocab/roles';
import type { Context } from '../../context';
import type { Actor, UserActor } from '../auth/actor';
import type { UserRecord } from '../../db/repositories/user-repository';
import type { PendingGrantRow } from '../../db/repositories/clearance-grant-repository';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';

/** A node administrator manages the accounts of their own nation; the console manages all. */
function assertCanManage(actor: Actor, nation: string): void {
  if (actor.kind === 'system') return;
  if (!may(actor, 'user.manage') || actor.org.nation !== nation) {
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

/** A clearance at or above this waits for a second node administrator when an administrator grants it. */
export const CLEARANCE_NEEDING_SECOND_ADMINISTRATOR: Classification = 'SECRET';
/** What a new account holds while its SECRET clearance waits (fail closed). */
const CLEARANCE_WHILE_PENDING: Classification = 'UNCLASSIFIED';

const needsSecondAdministrator = (actor: Actor, clearance: Classification) =>
  actor.kind === 'user' && classificationRank(clearance) >= classificationRank(CLEARANCE_NEEDING_SECOND_ADMINISTRATOR);

/** Nobody grants a clearance or caveat they do not hold themselves; the console holds everything. */
function assertHolds(actor: Actor, clearance: Classification | null, caveats: readonly string[]): void {
  if (actor.kind === 'system') return;
  const problems: string[] = [];
  if (clearance && classificationRank(clearance) > classificationRank(actor.user.clearance))
    problems.push(`the clearance ${clearance} (you hold ${actor.user.clearance})`);
  const notHeld = caveats.filter((c) => !actor.user.caveats.includes(c));
  if (notHeld.length > 0) problems.push(`the caveat(s) ${notHeld.join(', ')}`);
  if (problems.length > 0) throw new AppError('FORBIDDEN', `You may grant only what you hold yourself: not ${problems.join(' or ')}.`);
}

async function assertKnownCaveats(db: Kysely<DB>, caveats: readonly string[]): Promise<void> {
  const knownCaveats = new Set((await directoryRepository(db).caveats()).map((c) => c.code));
  const unknown = caveats.filter((c) => !knownCaveats.has(c));
  if (unknown.length > 0)
    throw new AppError('VALIDATION_FAILED', `Unknown caveat(s): ${unknown.join(', ')}.`, [{ path: 'caveats', message: 'Unknown caveat.' }]);
}

export function presentGrant(row: PendingGrantRow): ClearanceGrant {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    currentClearance: row.current_clearance as Classification,
    clearance: row.clearance as Classification,
    requestedBy: row.requested_by_username,
    requestedAt: new Date(row.requested_at).toISOString(),
  };
}

export interface AddedUser {
  user: UserSummary;
  /** The SECRET clearance waiting for a second node administrator, if one was asked for. */
  pendingGrant: ClearanceGrant | null;
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
  await assertKnownCaveats(db, input.caveats);
  assertHolds(actor, input.clearance, input.caveats);
  if (await userRepository(db).findByUsername(input.username)) {
    throw new AppError('CONFLICT', `The username "${input.username}" is taken; choose another.`);
  }
  const needsTotp = input.roles.some((r) => ROLES_REQUIRING_TOTP.includes(r));
  const totpSecret = needsTotp ? newTotpSecret() : null;
  // Named by username: a partner node that lists the same account (a named recipient) agrees on its id.
  const id = directoryId('user', input.username);
  const passwordHash = await hashPassword(input.password);
  const pending = needsSecondAdministrator(actor, input.clearance);
  const grantId = pending ? ctx.ids.uuid() : null;
  await ctx.database.transaction(async (tx) => {
    const now = ctx.clock.now();
    const clearance = pending ? CLEARANCE_WHILE_PENDING : input.clearance;
    await userRepository(tx.db).insert({
      id,
      username: input.username,
      display_name: input.displayName,
      org_id: org.id,
      roles: input.roles,
      clearance,
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
        details: { username: input.username, roles: input.roles, clearance, caveats: input.caveats },
      },
    ]);
    if (grantId) await requestGrant(tx.db, ctx, actor as UserActor, { id: grantId, userId: id, clearance: input.clearance, at: now });
  });
  const user = await userRepository(db).findById(id);
  if (!user) throw new Error('user vanished after insert');
  return {
    user: presentUser(user),
    pendingGrant: await pendingGrantOf(ctx, id),
    totpSecret,
    totpUri: totpSecret ? totpUri(totpSecret, input.username) : null,
  };
}

async function requestGrant(
  db: Kysely<DB>,
  ctx: Context,
  actor: UserActor,
  grant: { id: string; userId: string; clearance: Classification; at: Date },
): Promise<void> {
  await clearanceGrantRepository(db).insert({
    id: grant.id,
    user_id: grant.userId,
    clearance: grant.clearance,
    requested_by: actor.user.id,
    requested_at: grant.at,
    state: 'pending',
    decided_by: null,
    decided_at: null,
  });
  await appendAudit(db, ctx.clock, actor, [
    {
      action: 'user.clearance-request',
      target: { kind: 'user', id: grant.userId },
      details: { grant: grant.id, clearance: grant.clearance, waitsFor: 'a second node administrator' },
    },
  ]);
}

async function pendingGrantOf(ctx: Context, userId: string): Promise<ClearanceGrant | null> {
  const row = await clearanceGrantRepository(ctx.database.db).findPendingForUser(userId);
  return row ? presentGrant(row) : null;
}

export interface ChangedUser {
  user: UserSummary;
  pendingGrant: ClearanceGrant | null;
}

/**
 * Changes an account's clearance and caveats. Raising the clearance or adding caveats is granting
 * them (the actor must hold them; SECRET waits for a second administrator); lowering and removing
 * are not. A new clearance replaces any grant still waiting for the account.
 */
export async function updateUser(ctx: Context, actor: Actor, username: string, change: UpdateUserRequest): Promise<ChangedUser> {
  const user = await findManaged(ctx, actor, username);
  const current = user.clearance as Classification;
  const caveats = change.caveats ? [...new Set(change.caveats)].sort() : user.caveats;
  if (change.caveats) await assertKnownCaveats(ctx.database.db, caveats);
  const added = caveats.filter((c) => !user.caveats.includes(c));
  const raising = change.clearance !== undefined && classificationRank(change.clearance) > classificationRank(current);
  assertHolds(actor, raising ? (change.clearance ?? null) : null, added);
  const pending = raising && change.clearance !== undefined && needsSecondAdministrator(actor, change.clearance);
  const clearance = change.clearance === undefined || pending ? current : change.clearance;
  await ctx.database.transaction(async (tx) => {
    const now = ctx.clock.now();
    const superseded = change.clearance !== undefined ? await clearanceGrantRepository(tx.db).supersedeForUser(user.id, now) : [];
    await userRepository(tx.db).setClearance(user.id, { clearance, caveats }, now);
    await appendAudit(tx.db, ctx.clock, actor, [
      {
        action: 'user.update',
        target: { kind: 'user', id: user.id },
        details: {
          clearance: { from: current, to: clearance },
          caveats: { added, removed: user.caveats.filter((c) => !caveats.includes(c)) },
          ...(superseded.length > 0 ? { supersededGrants: superseded.map((g) => g.id) } : {}),
        },
      },
    ]);
    if (pending && change.clearance)
      await requestGrant(tx.db, ctx, actor as UserActor, { id: ctx.ids.uuid(), userId: user.id, clearance: change.clearance, at: now });
  });
  const updated = await userRepository(ctx.database.db).findById(user.id);
  if (!updated) throw AppError.notFound('user');
  return { user: presentUser(updated), pendingGrant: await pendingGrantOf(ctx, user.id) };
}

/** Grants waiting for a second administrator: the administrator's nation's (all at the console). */
export async function listClearanceGrants(ctx: Context, actor: Actor): Promise<ClearanceGrant[]> {
  if (actor.kind === 'user') assertCanManage(actor, actor.org.nation);
  const rows = await clearanceGrantRepository(ctx.database.db).listPending(actor.kind === 'user' ? actor.org.nation : undefined);
  return rows.map(presentGrant);
}

async function findGrant(ctx: Context, actor: Actor, grantId: string): Promise<PendingGrantRow> {
  const grant = await clearanceGrantRepository(ctx.database.db).findPending(grantId);
  if (!grant || (actor.kind === 'user' && actor.org.nation !== grant.nation)) throw AppError.notFound('pending clearance grant');
  assertCanManage(actor, grant.nation);
  return grant;
}

/**
 * A second node administrator — not the one who asked, and holding the clearance themselves —
 * approves a waiting grant: the account holds it from the next request.
 */
export async function approveClearanceGrant(ctx: Context, actor: Actor, grantId: string): Promise<UserSummary> {
  const grant = await findGrant(ctx, actor, grantId);
  if (actor.kind === 'user' && actor.user.id === grant.requested_by)
    throw new AppError('FORBIDDEN', 'A different node administrator must approve a clearance you asked for.');
  assertHolds(actor, grant.clearance as Classification, []);
  await ctx.database.transaction(async (tx) => {
    const now = ctx.clock.now();
    const decided = await clearanceGrantRepository(tx.db).decide(grantId, 'approved', actor.kind === 'user' ? actor.user.id : null, now);
    if (!decided) throw AppError.notFound('pending clearance grant');
    await userRepository(tx.db).setClearance(decided.user_id, { clearance: decided.clearance }, now);
    await appendAudit(tx.db, ctx.clock, actor, [
      {
        action: 'user.clearance-approve',
        target: { kind: 'user', id: decided.user_id },
        details: { grant: grantId, clearance: decided.clearance, requestedBy: grant.requested_by_username },
      },
    ]);
  });
  const user = await userRepository(ctx.database.db).findById(grant.user_id);
  if (!user) throw AppError.notFound('user');
  return presentUser(user);
}

/** Refuses a waiting grant (any administrator of the nation, the one who asked included: withdrawing it). */
export async function refuseClearanceGrant(ctx: Context, actor: Actor, grantId: string): Promise<void> {
  const grant = await findGrant(ctx, actor, grantId);
  await ctx.database.transaction(async (tx) => {
    const decided = await clearanceGrantRepository(tx.db).decide(
      grantId,
      'refused',
      actor.kind === 'user' ? actor.user.id : null,
      ctx.clock.now(),
    );
    if (!decided) throw AppError.notFound('pending clearance grant');
    await appendAudit(tx.db, ctx.clock, actor, [
      {
        action: 'user.clearance-refuse',
        target: { kind: 'user', id: decided.user_id },
        details: { grant: grantId, clearance: decided.clearance, requestedBy: grant.requested_by_username },
      },
    ]);
  });
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
