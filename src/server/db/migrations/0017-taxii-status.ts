/* Frozen once merged: add a new migration instead of editing this one. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/** TAXII 2.1 status resources: what became of each add-objects request, for the person who made it. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table taxii_status (
      id text primary key,
      user_id text not null references users(id),
      created_at timestamptz not null,
      status jsonb not null
    );
  `.execute(db);
}
