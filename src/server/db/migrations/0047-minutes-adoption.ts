/* Frozen once merged: add a new migration instead of editing this one. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * Minutes are adopted like a joint statement: the host puts a meeting's draft minutes to the
 * participants as a statement whose clauses are the minutes of its items. Such a statement names,
 * per clause, the agenda item whose minutes it carries; null for an ordinary statement.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table statements add column minutes_of jsonb`.execute(db);
}
