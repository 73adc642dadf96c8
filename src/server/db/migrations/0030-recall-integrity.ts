/* Frozen once merged: add a new migration instead of editing this one. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * Recalls under a hostile partner (FEDERATION.md, "Recall"):
 * - a tombstone is bound to the originator nation that signed its recall (and, through its STIX
 *   id, to the object type): one per (id, nation), so a recall signed by anyone else neither
 *   blocks the originator's record nor turns the originator's own recall into a duplicate. Which
 *   node sent it, and whether the record was here when it came (its originator checked), are kept.
 *   Tombstones whose kind does not match their id's type never came from a genuine recall and go.
 * - receipts already published are labelled for the recalled record's originating nation's
 *   organisations only (AMBER+STRICT), so this node's people no longer read them;
 * - a peer's pull keeps the last cursor a page came from (reset to it when the peer refuses the
 *   next one) and counts the resets; it holds a peer's audit checkpoint as a sealed position
 *   instead of an entry count;
 * - purges waiting to be compacted (VACUUM and the like, off the apply's path), per record kind.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    delete from tombstones where record_kind is distinct from (case split_part(stix_id, '--', 1)
      when 'incident' then 'incident' when 'indicator' then 'indicator'
      when 'threat-actor' then 'actor' when 'intrusion-set' then 'actor' when 'identity' then 'actor' end);
    alter table tombstones drop constraint tombstones_pkey;
    alter table tombstones add primary key (stix_id, originator_nation);
    alter table tombstones add column sent_by text;
    alter table tombstones add column record_held boolean not null default false;

    update stix_objects o set tlp = 'AMBER+STRICT',
      recipient_orgs = array(select g.id from organisations g where g.nation = any(o.rel_to) order by g.id)
      where o.stix_type = 'x-concord-recall-receipt';

    alter table peers add column good_cursor text;
    alter table peers add column cursor_resets bigint not null default 0;
    alter table peers add column audit_position text;

    create table purge_compactions (
      record_kind text primary key,
      requested_at timestamptz not null
    );
  `.execute(db);
}
