/* Frozen once merged: add a new migration instead of editing this one. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * `indicators.name`: the name a person or a STIX producer gave an indicator, kept as given. Null
 * when none was given: its STIX object is then named by its value, as every indicator was before.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table indicators add column name text`.execute(db);
}
