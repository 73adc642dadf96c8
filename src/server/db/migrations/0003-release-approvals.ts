/* Frozen once merged: add a new migration instead of editing this one. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table release_approvals (
      record_kind text not null,
      record_id text not null,
      label jsonb not null,
      approved_by text not null references users(id),
      approved_at timestamptz not null,
      primary key (record_kind, record_id)
    );
  `.execute(db);
}
