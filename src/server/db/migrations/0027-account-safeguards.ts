/* Frozen once merged: add a new migration instead of editing this one. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * Sign-in, tokens and clearances:
 * - `users.totp_last_step`: the last TOTP time step accepted for the account; a code of that step
 *   or earlier is refused (no replay within the code's window).
 * - `sign_in_throttle`: failed sign-ins per username (known or not, so the count reveals nothing)
 *   in a fixed window; one conditional upsert reserves an attempt. `subject` is a hash of the
 *   username as typed (people type passwords into the username field).
 * - `api_tokens.scopes`: what a token may be used for; tokens made before scopes carry read, write
 *   and taxii (everything they could do except node administration and metrics).
 * - `clearance_grants`: a SECRET clearance waits here for a second node administrator.
 * `users.failed_sign_ins` and `locked_until` are no longer read (the throttle replaced them).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table users add column totp_last_step bigint;

    create table sign_in_throttle (
      subject text primary key,
      window_started_at timestamptz not null,
      failures integer not null
    );
    create index sign_in_throttle_window on sign_in_throttle (window_started_at);

    alter table api_tokens add column scopes text[] not null default '{read,write,taxii}';
    alter table api_tokens alter column scopes drop default;

    create table clearance_grants (
      id text primary key,
      user_id text not null references users(id),
      clearance text not null,
      requested_by text not null references users(id),
      requested_at timestamptz not null,
      state text not null check (state in ('pending', 'approved', 'refused', 'superseded')),
      decided_by text,
      decided_at timestamptz
    );
    create unique index clearance_grants_one_pending on clearance_grants (user_id) where state = 'pending';
  `.execute(db);
}
