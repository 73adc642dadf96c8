/* Frozen once merged: add a new migration instead of editing this one. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/** Saved searches, the incidents each has already reported, and the notifications of new matches. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table saved_searches (
      id text primary key,
      owner text not null references users(id),
      name text not null,
      filter jsonb not null,
      checked_seq bigint not null,
      created_at timestamptz not null
    );
    create index saved_searches_owner on saved_searches (owner);
    create table saved_search_hits (
      search_id text not null references saved_searches(id) on delete cascade,
      incident_id text not null,
      primary key (search_id, incident_id)
    );
    create table notifications (
      id text primary key,
      user_id text not null references users(id),
      kind text not null,
      search_id text references saved_searches(id) on delete cascade,
      count integer not null,
      created_at timestamptz not null,
      read_at timestamptz
    );
    create index notifications_user on notifications (user_id, created_at desc);
  `.execute(db);
}
