import type { Insertable, Kysely } from 'kysely';
import type { DB, UsersTable } from '../schema';

const userWithOrg = (db: Kysely<DB>) =>
  db
    .selectFrom('users')
    .innerJoin('organisations', 'organisations.id', 'users.org_id')
    .innerJoin('nations', 'nations.code', 'organisations.nation')
    .select([
      'users.id',
      'users.username',
      'users.display_name',
      'users.roles',
      'users.clearance',
      'users.caveats',
      'users.language',
      'users.password_hash',
      'users.totp_secret',
      'users.disabled_at',
      'users.failed_sign_ins',
      'users.locked_until',
      'users.org_id',
      'organisations.name as org_name',
      'organisations.client_of as org_client_of',
      'organisations.nation as nation',
      'nations.name as nation_name',
    ]);

export type UserRecord = NonNullable<Awaited<ReturnType<ReturnType<typeof userRepository>['findById']>>>;

export function userRepository(db: Kysely<DB>) {
  return {
    findById: (id: string) => userWithOrg(db).where('users.id', '=', id).executeTakeFirst(),
    findByUsername: (username: string) => userWithOrg(db).where('users.username', '=', username).executeTakeFirst(),
    list: (filter: { nation?: string }) => {
      let query = userWithOrg(db);
      if (filter.nation) query = query.where('organisations.nation', '=', filter.nation);
      return query.orderBy('organisations.nation').orderBy('users.username').execute();
    },
    insert: (row: Insertable<UsersTable>) => db.insertInto('users').values(row).execute(),
    insertMany: (rows: Insertable<UsersTable>[]) => db.insertInto('users').values(rows).execute(),
    setDisabled: (id: string, at: Date | null) =>
      db
        .updateTable('users')
        .set({ disabled_at: at, updated_at: at ?? new Date() })
        .where('id', '=', id)
        .execute(),
    setPassword: (id: string, hash: string, at: Date) =>
      db
        .updateTable('users')
        .set({ password_hash: hash, failed_sign_ins: 0, locked_until: null, updated_at: at })
        .where('id', '=', id)
        .execute(),
    setTotpSecret: (id: string, secret: string | null, at: Date) =>
      db.updateTable('users').set({ totp_secret: secret, updated_at: at }).where('id', '=', id).execute(),
    recordFailedSignIn: (id: string, failures: number, lockedUntil: Date | null) =>
      db.updateTable('users').set({ failed_sign_ins: failures, locked_until: lockedUntil }).where('id', '=', id).execute(),
    resetFailedSignIns: (id: string) =>
      db.updateTable('users').set({ failed_sign_ins: 0, locked_until: null }).where('id', '=', id).execute(),
    count: async () =>
      Number(
        (
          await db
            .selectFrom('users')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
  };
}
