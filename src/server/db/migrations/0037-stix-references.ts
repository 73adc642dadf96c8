/* Frozen once merged: add a new migration instead of editing this one. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * Published references (decision 0024): the marking definitions and identities that published
 * objects name, kept as rows of `stix_objects` flagged `reference`, each with the label of the
 * objects that name it, so TAXII serves them to exactly those objects' readers with the same read
 * rule and paging. One object may be referenced under many labels, so (stix_id, version) is
 * unique among the records' rows only; a reference row is unique by (stix_id, record_id), its
 * `record_id` naming the label (or the read-through record) it is held for. The rows of objects
 * published before this migration get their references from the publisher on its next run.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table stix_objects add column reference boolean not null default false;
    alter table stix_objects drop constraint stix_objects_stix_id_version_key;
    create unique index stix_objects_version on stix_objects (stix_id, version) where not reference;
    create unique index stix_objects_reference on stix_objects (stix_id, record_id) where reference;
  `.execute(db);
}
