/* Frozen once merged: add a new migration instead of editing this one. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * An agenda item's minutes are its host's; unique per item alone, minutes a hostile partner sent
 * for an item before the item itself arrived would hold the place of the host's. Unique per item
 * and writing nation instead: only the host's are ever read (meeting-repository.ts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table minutes drop constraint minutes_agenda_item_id_key;
    alter table minutes add constraint minutes_item_writer unique (agenda_item_id, originator_nation);
  `.execute(db);
}
