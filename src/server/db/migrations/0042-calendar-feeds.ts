/* Frozen once merged: add a new migration instead of editing this one. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * Each person's calendar subscription: a token of their own (kept only as its hash), read-only,
 * revocable, that calendar software presents to fetch what the person may read. One per person;
 * making a new one replaces the old.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table calendar_feeds (
      user_id text primary key references users(id),
      token_hash text not null unique,
      created_at timestamptz not null,
      last_read_at timestamptz
    );
  `.execute(db);
}
