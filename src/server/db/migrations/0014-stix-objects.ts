/* Frozen once merged: add a new migration instead of editing this one. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * The published STIX objects: every version of every shareable record, as the STIX object the
 * node serves over TAXII, with that version's label (the read rule filters rows in SQL). `seq` is
 * the paging key: rows are written by one publisher at a time (under an advisory lock), so a row
 * with a smaller `seq` is never committed after one with a larger — a cursor never skips.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table stix_objects (
      seq bigserial primary key,
      stix_id text not null,
      stix_type text not null,
      modified timestamptz not null,
      version integer not null,
      record_kind text not null,
      record_id text not null,
      date_added timestamptz not null,
      object jsonb not null,
      originator_nation text not null,
      originator_org text not null,
      classification text not null,
      classification_rank smallint not null,
      rel_to text[] not null,
      caveats text[] not null,
      tlp text not null,
      recipient_orgs text[] not null,
      recipient_users text[] not null,
      state text not null,
      label_version integer not null,
      unique (stix_id, version)
    );
    create index stix_objects_id on stix_objects (stix_id, seq);
    create index stix_objects_added on stix_objects (date_added, seq);
  `.execute(db);
}
