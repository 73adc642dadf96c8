/* Frozen once merged: add a new migration instead of editing this one. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * A first approval binds the record's version as well as the label: an edit after it voids it, so
 * the second releasing officer approves the content the first one saw. Approvals from before this
 * column (null) bind nothing and count as void.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table release_approvals add column record_version integer`.execute(db);
}
