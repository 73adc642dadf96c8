/* Frozen once merged: add a new migration instead of editing this one. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * Hotline across nodes: a partner's desks are known here (to send them alerts) with the node that
 * runs them; a desk without a home node is this node's own, and only its escalations run here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table desks add column home_node text;
  `.execute(db);
}
