/* Frozen once merged: add a new migration instead of editing this one. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * An inject keeps the label its record will carry, as checked when it was written (its writer the
 * originator): a controller sees an inject, its text and what it made only where they may read
 * that label. An inject written before this has none, and only its writer sees it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table exercise_injects add column record_label jsonb`.execute(db);
}
