/* Frozen once merged: add a new migration instead of editing this one. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * The `superseded` trigger (0022) does the same with less work: a statement of first versions
 * (every row of a first publication or of a catch-up) has no older versions to mark, so that join is
 * skipped; and the rows just written that a newer version already supersedes are found through
 * the (stix_id, version) index and marked by `seq`. About 25 ms less per 3,000 rows on a table of
 * 1,000,000 (bench/RESULTS.md, P7).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function stix_objects_supersede() returns trigger language plpgsql as $$
    begin
      -- Older versions of what was just written (a first version has none).
      if exists (select 1 from new_rows n where n.version > 1) then
        update stix_objects o set superseded = true
          from new_rows n
          where o.stix_id = n.stix_id and o.version < n.version and not o.superseded;
      end if;
      -- What was just written, when a newer version of it was here already.
      update stix_objects o set superseded = true
        where o.seq in (select n.seq from new_rows n
          where exists (select 1 from stix_objects x where x.stix_id = n.stix_id and x.version > n.version));
      return null;
    end $$;
  `.execute(db);
}
