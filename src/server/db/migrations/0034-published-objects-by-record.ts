/* Frozen once merged: add a new migration instead of editing this one. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * The bundle export serves a record version's published objects (the record's and its
 * companions', which share its `record_id`) rather than building them again, so it finds them by
 * record. Label columns written before labels were canonical are left as they are: they are read
 * in canonical form (label-columns.ts), and published objects keep the text they were signed with
 * (docs/decisions/0023).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index stix_objects_record on stix_objects (record_id, version)`.execute(db);
}
