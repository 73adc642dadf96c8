import type { Insertable, Kysely } from 'kysely';
import type { ClearanceGrantsTable, DB } from '../schema';

/** SECRET clearances waiting for a second node administrator. */
export function clearanceGrantRepository(db: Kysely<DB>) {
  const pendingWithNames = () =>
    db
      .selectFrom('clearance_grants as g')
      .innerJoin('users as u', 'u.id', 'g.user_id')
      .innerJoin('organisations as o', 'o.id', 'u.org_id')
      .innerJoin('users as r', 'r.id', 'g.requested_by')
      .select([
        'g.id',
        'g.user_id',
        'g.clearance',
        'g.requested_by',
        'g.requested_at',
        'u.username',
        'u.display_name',
        'u.clearance as current_clearance',
        'o.nation',
        'r.username as requested_by_username',
      ])
      .where('g.state', '=', 'pending');
  return {
    insert: (row: Insertable<ClearanceGrantsTable>) => db.insertInto('clearance_grants').values(row).execute(),
    /** Pending grants, of one nation's accounts when given. */
    listPending: (nation?: string) => {
      let query = pendingWithNames();
      if (nation) query = query.where('o.nation', '=', nation);
      return query.orderBy('g.requested_at').execute();
    },
    findPending: (id: string) => pendingWithNames().where('g.id', '=', id).executeTakeFirst(),
    findPendingForUser: (userId: string) => pendingWithNames().where('g.user_id', '=', userId).executeTakeFirst(),
    /**
     * Decides a pending grant in one conditional UPDATE: of two administrators deciding at once,
     * one does it and the other finds it no longer pending.
     */
    decide: async (id: string, state: 'approved' | 'refused', decidedBy: string | null, at: Date) =>
      (await db
        .updateTable('clearance_grants')
        .set({ state, decided_by: decidedBy, decided_at: at })
        .where('id', '=', id)
        .where('state', '=', 'pending')
        .returning(['id', 'user_id', 'clearance'])
        .executeTakeFirst()) ?? null,
    /** A newer change of the account's clearance replaces what was waiting. */
    supersedeForUser: (userId: string, at: Date) =>
      db
        .updateTable('clearance_grants')
        .set({ state: 'superseded', decided_at: at })
        .where('user_id', '=', userId)
        .where('state', '=', 'pending')
        .returning('id')
        .execute(),
  };
}

export type PendingGrantRow = NonNullable<Awaited<ReturnType<ReturnType<typeof clearanceGrantRepository>['findPending']>>>;
