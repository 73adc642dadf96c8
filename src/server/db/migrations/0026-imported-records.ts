/* Frozen once merged: add a new migration instead of editing this one. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * Where each record a STIX import wrote came from: the STIX id it stands for and the TAXII feed
 * that brought it (null: a person's import). A later version of that object updates only a record
 * found here (docs/decisions/0010); a feed, only records it brought in itself.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table imported_records (
      record_kind text not null,
      record_id text not null,
      stix_id text not null,
      feed_id text,
      imported_by text not null references users(id),
      imported_at timestamptz not null,
      primary key (record_kind, record_id)
    );
    create index imported_records_stix_id on imported_records (stix_id);
  `.execute(db);
}
