/* Frozen once merged: add a new migration instead of editing this one. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * Desks carry their contact numbers (phone, secure voice, …) under the desk's own label and a
 * version, so that a change of numbers travels to partners as a new version of the desk. A hotline
 * notification names the desk and what happened (a step paged a role, or the steps ran out), so
 * the web app words it in the reader's language and an answer from the desk clears it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table desks add column contacts jsonb not null default '[]';
    alter table desks add column version integer not null default 1;
    alter table desks add column updated_at timestamptz;

    alter table notifications add column desk_id text references desks(id);
    alter table notifications add column event text check (event in ('step', 'exhausted'));
    alter table notifications add column role text;
    create index notifications_alert_desk on notifications (alert_id, desk_id) where alert_id is not null;
  `.execute(db);
}
