/* Frozen once merged: add a new migration instead of editing this one. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * A wake-up for live streams: every statement that adds change records notifies the channel
 * `concord_changes` (delivered at commit). The notification carries nothing; the change records
 * are the truth, read by each process's live feed.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function changes_notify() returns trigger language plpgsql as $$
    begin
      perform pg_notify('concord_changes', '');
      return null;
    end $$;
    create trigger changes_notify after insert on changes for each statement execute function changes_notify();
  `.execute(db);
}
