/* Frozen once merged: add a new migration instead of editing this one. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * Attachments of incidents, stored in the database (outside any web root, in the same backups and
 * transactions as the incident); readable exactly when the incident is.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table attachments (
      id text primary key,
      incident_id text not null references incidents(id),
      file_name text not null,
      media_type text not null,
      size integer not null,
      sha256 text not null,
      content bytea not null,
      created_by text not null references users(id),
      created_at timestamptz not null
    );
    create index attachments_incident on attachments (incident_id, created_at);
  `.execute(db);
}
