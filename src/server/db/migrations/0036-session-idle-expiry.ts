/* Frozen once merged: add a new migration instead of editing this one. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * `sessions.ends_at`: the absolute end of a session, fixed at sign-in. `expires_at` becomes the
 * current end — the idle limit's, moved on when the person stays signed in, never past `ends_at`.
 * A session signed in before this had only its absolute end: both are that end.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table sessions add column ends_at timestamptz;
    update sessions set ends_at = expires_at;
    alter table sessions alter column ends_at set not null;
  `.execute(db);
}
