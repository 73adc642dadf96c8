import { sql } from 'kysely';
import type { Insertable, Kysely } from 'kysely';
import { directoryCoreColumn } from './directory-repository';
import type { DirectoryCore } from './directory-repository';
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
      'users.email',
      'users.disabled_at',
      'users.org_id',
      'organisations.name as org_name',
      'organisations.client_of as org_client_of',
      'organisations.nation as nation',
      'nations.name as nation_name',
      // The nation's current communities, so that building a reader is one round trip.
      sql<string[]>`array(select m.community from community_memberships m
                          where m.nation = organisations.nation and m.valid_to is null order by m.community)`.as('communities'),
    ]);

const directoryCore = (wanted: boolean) => (wanted ? directoryCoreColumn : sql<DirectoryCore | null>`null`).as('directory_core');

export type UserRecord = NonNullable<Awaited<ReturnType<ReturnType<typeof userRepository>['findById']>>>;

export function userRepository(db: Kysely<DB>) {
  return {
    findById: (id: string) => userWithOrg(db).where('users.id', '=', id).executeTakeFirst(),
    findManyById: (ids: string[]) => (ids.length === 0 ? Promise.resolve([]) : userWithOrg(db).where('users.id', 'in', ids).execute()),
    /**
     * The user of a usable API token (not revoked, not expired) in one query; with the directory
     * core beside it when the request will check a label (writes).
     */
    findByToken: (tokenHash: string, now: Date, withDirectory: boolean) =>
      userWithOrg(db)
        .innerJoin('api_tokens', 'api_tokens.user_id', 'users.id')
        .select(['api_tokens.scopes as token_scopes'])
        .select(directoryCore(withDirectory))
        .where('api_tokens.token_hash', '=', tokenHash)
        .where('api_tokens.revoked_at', 'is', null)
        .where('api_tokens.expires_at', '>', now)
        .executeTakeFirst(),
    /** The user of a live session with the session's CSRF token in one query (and the directory core for writes). */
    findBySession: (idHash: string, now: Date, withDirectory: boolean) =>
      userWithOrg(db)
        .innerJoin('sessions', 'sessions.user_id', 'users.id')
        .select([
          'sessions.id_hash as session_id_hash',
          'sessions.csrf_token as session_csrf_token',
          'sessions.expires_at as session_expires_at',
          'sessions.ends_at as session_ends_at',
        ])
        .select(directoryCore(withDirectory))
        .where('sessions.id_hash', '=', idHash)
        .where('sessions.expires_at', '>', now)
        .executeTakeFirst(),
    findByUsername: (username: string) => userWithOrg(db).where('users.username', '=', username).executeTakeFirst(),
    list: (filter: { nation?: string }) => {
      let query = userWithOrg(db);
      if (filter.nation) query = query.where('organisations.nation', '=', filter.nation);
      return query.orderBy('organisations.nation').orderBy('users.username').execute();
    },
    insert: (row: Insertable<UsersTable>) => db.insertInto('users').values(row).execute(),
    insertMany: (rows: Insertable<UsersTable>[]) => db.insertInto('users').values(rows).execute(),
    /** Adds the accounts not there yet (by id); those present are left as they are. */
    insertMissing: (rows: Insertable<UsersTable>[]) =>
      db
        .insertInto('users')
        .values(rows)
        .onConflict((oc) => oc.column('id').doNothing())
        .execute(),
    exists: async (id: string) => (await db.selectFrom('users').select('id').where('id', '=', id).executeTakeFirst()) !== undefined,
    setDisabled: (id: string, at: Date | null) =>
      db
        .updateTable('users')
        .set({ disabled_at: at, updated_at: at ?? new Date() })
        .where('id', '=', id)
        .execute(),
    setPassword: (id: string, hash: string, at: Date) =>
      db.updateTable('users').set({ password_hash: hash, updated_at: at }).where('id', '=', id).execute(),
    setTotpSecret: (id: string, secret: string | null, at: Date) =>
      db.updateTable('users').set({ totp_secret: secret, updated_at: at }).where('id', '=', id).execute(),
    /**
     * Accepts a TOTP time step once: true only when it is later than the last one accepted. One
     * conditional UPDATE, so of two sign-ins with the same code exactly one wins.
     */
    acceptTotpStep: async (id: string, step: number) =>
      (await db
        .updateTable('users')
        .set({ totp_last_step: step })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
        .returning('id')
        .executeTakeFirst()) !== undefined,
    setClearance: (id: string, change: { clearance?: string; caveats?: string[] }, at: Date) =>
      db
        .updateTable('users')
        .set({ ...change, updated_at: at })
        .where('id', '=', id)
        .execute(),
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
