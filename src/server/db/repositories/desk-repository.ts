import { sql } from 'kysely';
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { DB, DeskShiftsTable, DesksTable } from '../schema';

export type DeskRow = Selectable<DesksTable>;
export type ShiftRow = Selectable<DeskShiftsTable>;

/** Hotline desks, their rosters, duty shifts and escalation policies. */
export function deskRepository(db: Kysely<DB>) {
  return {
    insert: (row: Insertable<DesksTable>) => db.insertInto('desks').values(row).execute(),
    find: (id: string) => db.selectFrom('desks').selectAll().where('id', '=', id).executeTakeFirst(),
    findMany: (ids: string[]) =>
      ids.length === 0 ? Promise.resolve([]) : db.selectFrom('desks').selectAll().where('id', 'in', ids).execute(),
    findByName: (nation: string, name: string) =>
      db.selectFrom('desks').selectAll().where('nation', '=', nation).where('name', '=', name).executeTakeFirst(),
    list: () => db.selectFrom('desks').selectAll().orderBy('nation').orderBy('name').execute(),
    roster: (deskId: string) =>
      db
        .selectFrom('desk_roster')
        .innerJoin('users', 'users.id', 'desk_roster.user_id')
        .select(['desk_roster.role', 'desk_roster.user_id', 'users.username', 'users.display_name'])
        .where('desk_roster.desk_id', '=', deskId)
        .orderBy('desk_roster.role')
        .orderBy('users.username')
        .execute(),
    replaceRoster: async (deskId: string, entries: { role: string; user_id: string }[]) => {
      await db.deleteFrom('desk_roster').where('desk_id', '=', deskId).execute();
      if (entries.length > 0)
        await db
          .insertInto('desk_roster')
          .values(entries.map((e) => ({ desk_id: deskId, ...e })))
          .execute();
    },
    /** New contacts, as a new version of the desk (published to partners); returns that version. */
    setContacts: (deskId: string, contacts: unknown, at: Date) =>
      db
        .updateTable('desks')
        .set({ contacts: JSON.stringify(contacts), version: sql`version + 1`, updated_at: at })
        .where('id', '=', deskId)
        .returning('version')
        .executeTakeFirstOrThrow(),
    /** A partner desk's contacts as its node published them at `version` (a later version only). */
    receiveContacts: (deskId: string, contacts: unknown, version: number, at: Date) =>
      db
        .updateTable('desks')
        .set({ contacts: JSON.stringify(contacts), version, updated_at: at })
        .where('id', '=', deskId)
        .where('version', '<', version)
        .executeTakeFirst(),
    insertShift: (row: Insertable<DeskShiftsTable>) => db.insertInto('desk_shifts').values(row).execute(),
    deleteShift: (deskId: string, shiftId: string) =>
      db.deleteFrom('desk_shifts').where('desk_id', '=', deskId).where('id', '=', shiftId).executeTakeFirst(),
    /** Shifts that have not ended by `after`, soonest first. */
    shiftsFrom: (deskId: string, after: Date) =>
      db
        .selectFrom('desk_shifts')
        .innerJoin('users', 'users.id', 'desk_shifts.user_id')
        .select([
          'desk_shifts.id',
          'desk_shifts.user_id',
          'users.username',
          'users.display_name',
          'desk_shifts.starts_at',
          'desk_shifts.ends_at',
        ])
        .where('desk_shifts.desk_id', '=', deskId)
        .where('desk_shifts.ends_at', '>', after)
        .orderBy('desk_shifts.starts_at')
        .limit(200)
        .execute(),
    /** The people who hold `role` at `at`: the roster's holders, or the duty officers on shift then. */
    holders: async (deskId: string, role: string, at: Date) =>
      (role === 'duty-officer'
        ? await db
            .selectFrom('desk_shifts')
            .select('user_id')
            .distinct()
            .where('desk_id', '=', deskId)
            .where('starts_at', '<=', at)
            .where('ends_at', '>', at)
            .execute()
        : await db.selectFrom('desk_roster').select('user_id').where('desk_id', '=', deskId).where('role', '=', role).execute()
      ).map((r) => r.user_id),
    /** Whether the user holds any role on the desk (roster or any duty shift). */
    isOnDesk: async (deskId: string, userId: string) =>
      (
        await sql<{ on: boolean }>`select exists (select 1 from desk_roster where desk_id = ${deskId} and user_id = ${userId})
          or exists (select 1 from desk_shifts where desk_id = ${deskId} and user_id = ${userId}) as on`.execute(db)
      ).rows[0]?.on === true,
    policy: (deskId: string) => db.selectFrom('escalation_policies').selectAll().where('desk_id', '=', deskId).executeTakeFirst(),
    policies: (deskIds: string[]) =>
      deskIds.length === 0
        ? Promise.resolve([])
        : db.selectFrom('escalation_policies').selectAll().where('desk_id', 'in', deskIds).execute(),
    setPolicy: (deskId: string, policy: unknown, by: string, at: Date) =>
      db
        .insertInto('escalation_policies')
        .values({ desk_id: deskId, version: 1, policy: JSON.stringify(policy), updated_by: by, updated_at: at })
        .onConflict((oc) =>
          oc.column('desk_id').doUpdateSet({
            version: sql`escalation_policies.version + 1`,
            policy: JSON.stringify(policy),
            updated_by: by,
            updated_at: at,
          }),
        )
        .returning('version')
        .executeTakeFirstOrThrow(),
  };
}
