/* Frozen once merged: add a new migration instead of editing this one. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * Audit checkpoints exchanged on every pull (FEDERATION.md, "Audit across nodes"): the last signed
 * checkpoint of each peer's audit log held here, and the problem found when a later one did not
 * extend it (a truncated or rewritten log).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table peers
      add column audit_seq bigint,
      add column audit_head text,
      add column audit_at timestamptz,
      add column audit_problem text,
      add column audit_problem_at timestamptz;
  `.execute(db);
}
