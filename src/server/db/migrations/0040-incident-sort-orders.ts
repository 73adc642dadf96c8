/* Frozen once merged: add a new migration instead of editing this one. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * The list's other orders (title, country, classification; ties by id) walk an index as the
 * newest-first order does (`incidents_order`), so a page of 50 sorted by title does not sort
 * every readable incident first.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create index incidents_by_title on incidents (title, id);
    create index incidents_by_country on incidents (country, id);
    create index incidents_by_classification on incidents (classification_rank, id);
  `.execute(db);
}
