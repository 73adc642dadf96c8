/**
 * Hotline desks: a nation's points of contact. Every partner sees a desk's name (to send it
 * alerts; partner nodes receive it as a published object); only the desk's own nation sees and
 * changes who holds its roles, its duty shifts and its escalation policy — on the desk's own node.
 */
import { may } from '../policy/policy';
import { changeRepository } from '../../db/repositories/change-repository';
import { userRepository } from '../../db/repositories/user-repository';
import { deskRepository } from '../../db/repositories/desk-repository';
import { directoryRepository } from '../../db/repositories/directory-repository';
import { AppError } from '../app-error';
import { appendAudit } from '../audit/audit-log';
import type { DeskContact, EscalationPolicy } from '../../../shared/contracts/hotline';
import type { Context } from '../../context';
import type { UserActor } from '../auth/actor';
import type { DeskRow } from '../../db/repositories/desk-repository';

export const listDesks = (ctx: Context) => deskRepository(ctx.database.db).list();

export async function getDesk(ctx: Context, actor: UserActor, id: string) {
  const repo = deskRepository(ctx.database.db);
  const desk = await repo.find(id);
  if (!desk) throw AppError.notFound('desk');
  // Contacts travel with the desk under its label: whoever reads the desk reads them.
  if (desk.nation !== actor.nation.code || desk.home_node !== null) return { desk };
  const now = ctx.clock.now();
  const [roster, shifts, policy, people] = await Promise.all([
    repo.roster(id),
    repo.shiftsFrom(id, now),
    repo.policy(id),
    userRepository(ctx.database.db).list({ nation: desk.nation }),
  ]);
  return {
    desk,
    roster,
    shifts,
    onDuty: onDutyFrom(roster, shifts, now),
    policy: policy ?? null,
    people: people.filter((p) => !p.disabled_at),
  };
}

type RosterEntry = Awaited<ReturnType<ReturnType<typeof deskRepository>['roster']>>[number];
type ShiftEntry = Awaited<ReturnType<ReturnType<typeof deskRepository>['shiftsFrom']>>[number];

/**
 * Who is on duty at `now`: the duty officers whose shift holds it (the same rule that pages the
 * duty-officer role, deskRepository.holders) and the holders of the primary role.
 */
export function onDutyFrom(roster: RosterEntry[], shifts: ShiftEntry[], now: Date) {
  const current = shifts.filter((s) => new Date(s.starts_at).getTime() <= now.getTime() && new Date(s.ends_at).getTime() > now.getTime());
  const latestEnd = new Map<string, ShiftEntry>();
  for (const s of current) {
    const seen = latestEnd.get(s.user_id);
    if (!seen || new Date(seen.ends_at).getTime() < new Date(s.ends_at).getTime()) latestEnd.set(s.user_id, s);
  }
  return {
    dutyOfficers: [...latestEnd.values()].map((s) => ({
      userId: s.user_id,
      username: s.username,
      displayName: s.display_name,
      until: new Date(s.ends_at),
    })),
    primary: roster
      .filter((r) => r.role === 'primary')
      .map((r) => ({ userId: r.user_id, username: r.username, displayName: r.display_name })),
  };
}

/**
 * Replaces the desk's contacts: a new version of the desk, published to partners as the desk
 * itself is (they send it alerts and need to call it).
 */
export async function setContacts(ctx: Context, actor: UserActor, id: string, contacts: DeskContact[]): Promise<number> {
  await ownDesk(ctx, actor, id);
  const now = ctx.clock.now();
  return ctx.database.transaction(async (tx) => {
    const { version } = await deskRepository(tx.db).setContacts(id, contacts, now);
    await changeRepository(tx.db).record([{ at: now, record_kind: 'desk', record_id: id, version, change: 'update' }]);
    await appendAudit(tx.db, ctx.clock, actor, [
      { action: 'desk.contacts', target: { kind: 'desk', id }, details: { version, contacts: contacts.length } },
    ]);
    return version;
  });
}

/** The desk, if it belongs to the actor's nation and the actor may manage desks. */
async function ownDesk(ctx: Context, actor: UserActor, id: string): Promise<DeskRow> {
  const desk = await deskRepository(ctx.database.db).find(id);
  if (!desk) throw AppError.notFound('desk');
  if (desk.nation !== actor.nation.code || !may(actor, 'desk.manage')) {
    throw new AppError('FORBIDDEN', "Only the desk's own nation's duty officers and node administrators manage it.");
  }
  if (desk.home_node !== null) throw new AppError('FORBIDDEN', 'This desk is run on its nation’s own node: manage it there.');
  return desk;
}

export async function createDesk(ctx: Context, actor: UserActor, name: string): Promise<DeskRow> {
  if (!may(actor, 'desk.manage')) throw new AppError('FORBIDDEN', 'Your roles do not allow managing hotline desks.');
  const repo = deskRepository(ctx.database.db);
  if (await repo.findByName(actor.nation.code, name)) {
    throw new AppError('CONFLICT', `Your nation already has a desk named "${name}".`, [{ path: 'name', message: 'Taken.' }]);
  }
  const row = {
    id: ctx.ids.uuid(),
    nation: actor.nation.code,
    name,
    created_by: actor.user.id,
    created_at: ctx.clock.now(),
    home_node: null,
    contacts: [] as unknown,
    version: 1,
    updated_at: null,
  };
  await ctx.database.transaction(async (tx) => {
    await deskRepository(tx.db).insert({ ...row, contacts: '[]' });
    // Published to partners' nodes, so that they can send it alerts.
    await changeRepository(tx.db).record([{ at: row.created_at, record_kind: 'desk', record_id: row.id, version: 1, change: 'create' }]);
    await appendAudit(tx.db, ctx.clock, actor, [{ action: 'desk.create', target: { kind: 'desk', id: row.id }, details: { name } }]);
  });
  return row;
}

/** The people must be of the desk's nation: a point of contact is never another nation's officer. */
async function assertOwnNationUsers(ctx: Context, nation: string, userIds: string[], path: string): Promise<void> {
  const users = await directoryRepository(ctx.database.db).usersByIds(userIds);
  const known = new Map(users.map((u) => [u.id, u.nation]));
  const wrong = userIds.filter((id) => known.get(id) !== nation);
  if (wrong.length > 0) {
    throw new AppError(
      'VALIDATION_FAILED',
      `Not users of ${nation}: ${wrong.join(', ')}.`,
      wrong.map((id) => ({ path, message: `${id} is not a user of ${nation}.` })),
    );
  }
}

export async function setRoster(
  ctx: Context,
  actor: UserActor,
  id: string,
  roster: Record<'primary' | 'deputy' | 'headquarters', string[]>,
) {
  const desk = await ownDesk(ctx, actor, id);
  const entries = (['primary', 'deputy', 'headquarters'] as const).flatMap((role) =>
    [...new Set(roster[role])].map((user_id) => ({ role, user_id })),
  );
  await assertOwnNationUsers(
    ctx,
    desk.nation,
    entries.map((e) => e.user_id),
    'roster',
  );
  await ctx.database.transaction(async (tx) => {
    await deskRepository(tx.db).replaceRoster(id, entries);
    await appendAudit(tx.db, ctx.clock, actor, [{ action: 'desk.roster', target: { kind: 'desk', id }, details: { roster } }]);
  });
}

export async function addShift(ctx: Context, actor: UserActor, id: string, shift: { userId: string; startsAt: string; endsAt: string }) {
  const desk = await ownDesk(ctx, actor, id);
  await assertOwnNationUsers(ctx, desk.nation, [shift.userId], 'userId');
  const row = {
    id: ctx.ids.uuid(),
    desk_id: id,
    user_id: shift.userId,
    starts_at: new Date(shift.startsAt),
    ends_at: new Date(shift.endsAt),
  };
  await ctx.database.transaction(async (tx) => {
    await deskRepository(tx.db).insertShift(row);
    await appendAudit(tx.db, ctx.clock, actor, [
      { action: 'desk.shift.add', target: { kind: 'desk', id }, details: { shift: row.id, ...shift } },
    ]);
  });
  return row;
}

export async function removeShift(ctx: Context, actor: UserActor, id: string, shiftId: string): Promise<void> {
  await ownDesk(ctx, actor, id);
  await ctx.database.transaction(async (tx) => {
    const removed = await deskRepository(tx.db).deleteShift(id, shiftId);
    if (Number(removed.numDeletedRows) === 0) throw AppError.notFound('shift');
    await appendAudit(tx.db, ctx.clock, actor, [
      { action: 'desk.shift.remove', target: { kind: 'desk', id }, details: { shift: shiftId } },
    ]);
  });
}

/** A new version of the desk's policy; alerts already raised keep the plan they started with. */
export async function setPolicy(ctx: Context, actor: UserActor, id: string, policy: EscalationPolicy): Promise<number> {
  await ownDesk(ctx, actor, id);
  return ctx.database.transaction(async (tx) => {
    const { version } = await deskRepository(tx.db).setPolicy(id, policy, actor.user.id, ctx.clock.now());
    await appendAudit(tx.db, ctx.clock, actor, [{ action: 'desk.policy', target: { kind: 'desk', id }, details: { version, policy } }]);
    return version;
  });
}
