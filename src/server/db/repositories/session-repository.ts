import { sql } from 'kysely';
import type { Insertable, Kysely } from 'kysely';
import type { ApiTokensTable, DB, SessionsTable } from '../schema';

export function sessionRepository(db: Kysely<DB>) {
  return {
    insert: (row: Insertable<SessionsTable>) => db.insertInto('sessions').values(row).execute(),
    delete: (idHash: string) => db.deleteFrom('sessions').where('id_hash', '=', idHash).execute(),
    deleteForUser: (userId: string) => db.deleteFrom('sessions').where('user_id', '=', userId).execute(),
    deleteExpired: (now: Date) => db.deleteFrom('sessions').where('expires_at', '<=', now).execute(),
    /**
     * Moves a live session's end to `until`, never past its absolute end; undefined when the
     * session has ended (or never was).
     */
    extend: (idHash: string, now: Date, until: Date) =>
      db
        .updateTable('sessions')
        .set({ expires_at: sql<Date>`least(${until}::timestamptz, ends_at)` })
        .where('id_hash', '=', idHash)
        .where('expires_at', '>', now)
        .returning(['expires_at', 'ends_at'])
        .executeTakeFirst(),
    /** Which of these sessions are still signed in. */
    liveAmong: async (idHashes: string[], now: Date) =>
      idHashes.length === 0
        ? new Set<string>()
        : new Set(
            (
              await db.selectFrom('sessions').select('id_hash').where('id_hash', 'in', idHashes).where('expires_at', '>', now).execute()
            ).map((r) => r.id_hash),
          ),
  };
}

export function tokenRepository(db: Kysely<DB>) {
  return {
    insert: (row: Insertable<ApiTokensTable>) => db.insertInto('api_tokens').values(row).execute(),
    findById: (id: string) => db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst(),
    listForUser: (userId: string) =>
      db.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').execute(),
    /** Which of these tokens are neither revoked nor expired. */
    liveAmong: async (hashes: string[], now: Date) =>
      hashes.length === 0
        ? new Set<string>()
        : new Set(
            (
              await db
                .selectFrom('api_tokens')
                .select('token_hash')
                .where('token_hash', 'in', hashes)
                .where('revoked_at', 'is', null)
                .where('expires_at', '>', now)
                .execute()
            ).map((r) => r.token_hash),
          ),
    revoke: (id: string, at: Date) =>
      db.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute(),
  };
}
