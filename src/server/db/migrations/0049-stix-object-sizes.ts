/* Frozen once merged: add a new migration instead of editing this one. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * Each published object's text size (its stripped form's included), kept by the database itself:
 * a TAXII page ends at a size, and objects that carry a file (agenda attachments) are large. Read
 * from here, a page's query learns the sizes without reading (or decompressing) the objects.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table stix_objects add column object_bytes integer not null
      generated always as (octet_length(object::text) + coalesce(octet_length(stripped::text), 0)) stored
  `.execute(db);
}
