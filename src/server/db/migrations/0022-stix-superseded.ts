/* Frozen once merged: add a new migration instead of editing this one. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * Published versions know whether a newer version of their object is here (`superseded`), kept by
 * a statement trigger on every insert — whichever order versions arrive in (federation applies an
 * older version after a newer one as history). A TAXII page of "each object's newest version"
 * reads the flag instead of looking for a newer row for each of its rows.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table stix_objects add column superseded boolean not null default false;
    update stix_objects o set superseded = true
      where exists (select 1 from stix_objects n where n.stix_id = o.stix_id and n.version > o.version);

    create function stix_objects_supersede() returns trigger language plpgsql as $$
    begin
      -- Older versions of what was just written.
      update stix_objects o set superseded = true
        from new_rows n
        where o.stix_id = n.stix_id and o.version < n.version and not o.superseded;
      -- What was just written, when a newer version of it was here already.
      update stix_objects o set superseded = true
        from new_rows n
        where o.seq = n.seq and not o.superseded
          and exists (select 1 from stix_objects x where x.stix_id = n.stix_id and x.version > n.version);
      return null;
    end $$;
    create trigger stix_objects_supersede after insert on stix_objects
      referencing new table as new_rows for each statement execute function stix_objects_supersede();
  `.execute(db);
}
