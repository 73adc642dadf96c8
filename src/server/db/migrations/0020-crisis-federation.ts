/* Frozen once merged: add a new migration instead of editing this one. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * Crisis rooms across nodes. A partner's crisis is known here with the node that runs it (only
 * that node closes it). Entries arrive from every participant's node in no fixed order — an entry
 * before its crisis, an offer before its request, a move before the entry it moves — so those
 * references are no longer foreign keys: an entry whose crisis is not here yet is simply not read
 * (entries are read through their crisis), and a move is replayed when its entry arrives. An
 * offer keeps the nation that accepts or declines it, as its writer's node decided it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table crises add column home_node text;
    alter table crises drop constraint crises_alert_id_fkey;
    alter table crisis_entries drop constraint crisis_entries_crisis_id_fkey;
    alter table crisis_entries drop constraint crisis_entries_subject_id_fkey;
    alter table crisis_entries drop constraint crisis_entries_request_id_fkey;
    alter table crisis_entries add column requester_nation text;
    create index crisis_entries_subject on crisis_entries (subject_id, entered_at, id) where subject_id is not null;
  `.execute(db);
}
