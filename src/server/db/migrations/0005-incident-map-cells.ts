/* Frozen once merged: add a new migration instead of editing this one. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * Map cells: located incidents counted per grid cell (zoom levels 2–9, the map's grid), domain and
 * label — with the label's columns, so the releasability condition applies to each row exactly as
 * to the incidents it counts. Kept by statement-level triggers in the writing transaction, so a
 * committed incident is counted and a bulk insert costs one grouped statement per batch.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table incident_map_cells (
      level smallint not null,
      cx integer not null,
      cy integer not null,
      domain text not null,
      label_key text not null,
      count integer not null,
      sum_lat double precision not null,
      sum_lon double precision not null,
      originator_nation text not null,
      originator_org text not null,
      classification text not null,
      classification_rank smallint not null,
      rel_to text[] not null,
      caveats text[] not null,
      tlp text not null,
      recipient_orgs text[] not null,
      recipient_users text[] not null,
      state text not null,
      primary key (level, cx, cy, domain, label_key)
    );
    create index incident_map_cells_place on incident_map_cells (level, cy, cx);

    create function incident_map_cells_from_new() returns trigger language plpgsql as $$
    begin
      insert into incident_map_cells as c
        (level, cx, cy, domain, label_key, count, sum_lat, sum_lon, originator_nation, originator_org, classification,
         classification_rank, rel_to, caveats, tlp, recipient_orgs, recipient_users, state)
      select g.level, floor(n.lon / g.size)::integer, floor(n.lat / g.size)::integer, n.domain,
             md5(concat_ws('|', n.originator_nation, n.originator_org, n.classification, n.rel_to::text, n.caveats::text, n.tlp,
                           n.recipient_orgs::text, n.recipient_users::text, n.state)),
             count(*), sum(n.lat), sum(n.lon), n.originator_nation, n.originator_org, n.classification, n.classification_rank,
             n.rel_to, n.caveats, n.tlp, n.recipient_orgs, n.recipient_users, n.state
      from new_rows n
      cross join lateral (select level, 45.0 / (2 ^ level) as size from generate_series(2, 9) level) g
      where n.lat is not null and n.lon is not null
      group by 1, 2, 3, 4, 5, n.originator_nation, n.originator_org, n.classification, n.classification_rank, n.rel_to, n.caveats,
               n.tlp, n.recipient_orgs, n.recipient_users, n.state
      on conflict (level, cx, cy, domain, label_key) do update
        set count = c.count + excluded.count, sum_lat = c.sum_lat + excluded.sum_lat, sum_lon = c.sum_lon + excluded.sum_lon;
      return null;
    end $$;

    create function incident_map_cells_from_old() returns trigger language plpgsql as $$
    begin
      update incident_map_cells c
        set count = c.count - o.count, sum_lat = c.sum_lat - o.sum_lat, sum_lon = c.sum_lon - o.sum_lon
      from (
        select g.level, floor(r.lon / g.size)::integer as cx, floor(r.lat / g.size)::integer as cy, r.domain,
               md5(concat_ws('|', r.originator_nation, r.originator_org, r.classification, r.rel_to::text, r.caveats::text, r.tlp,
                             r.recipient_orgs::text, r.recipient_users::text, r.state)) as label_key,
               count(*) as count, sum(r.lat) as sum_lat, sum(r.lon) as sum_lon
        from old_rows r
        cross join lateral (select level, 45.0 / (2 ^ level) as size from generate_series(2, 9) level) g
        where r.lat is not null and r.lon is not null
        group by 1, 2, 3, 4, 5
      ) o
      where c.level = o.level and c.cx = o.cx and c.cy = o.cy and c.domain = o.domain and c.label_key = o.label_key;
      delete from incident_map_cells where count <= 0;
      return null;
    end $$;

    create trigger incident_map_cells_insert after insert on incidents
      referencing new table as new_rows for each statement execute function incident_map_cells_from_new();
    create trigger incident_map_cells_update_old after update on incidents
      referencing old table as old_rows for each statement execute function incident_map_cells_from_old();
    create trigger incident_map_cells_update_new after update on incidents
      referencing new table as new_rows for each statement execute function incident_map_cells_from_new();
    create trigger incident_map_cells_delete after delete on incidents
      referencing old table as old_rows for each statement execute function incident_map_cells_from_old();
  `.execute(db);
  // Existing incidents: counted once, as if inserted now.
  await sql`
    insert into incident_map_cells
      (level, cx, cy, domain, label_key, count, sum_lat, sum_lon, originator_nation, originator_org, classification,
       classification_rank, rel_to, caveats, tlp, recipient_orgs, recipient_users, state)
    select g.level, floor(n.lon / g.size)::integer, floor(n.lat / g.size)::integer, n.domain,
           md5(concat_ws('|', n.originator_nation, n.originator_org, n.classification, n.rel_to::text, n.caveats::text, n.tlp,
                         n.recipient_orgs::text, n.recipient_users::text, n.state)),
           count(*), sum(n.lat), sum(n.lon), n.originator_nation, n.originator_org, n.classification, n.classification_rank,
           n.rel_to, n.caveats, n.tlp, n.recipient_orgs, n.recipient_users, n.state
    from incidents n
    cross join lateral (select level, 45.0 / (2 ^ level) as size from generate_series(2, 9) level) g
    where n.lat is not null and n.lon is not null
    group by 1, 2, 3, 4, 5, n.originator_nation, n.originator_org, n.classification, n.classification_rank, n.rel_to, n.caveats,
             n.tlp, n.recipient_orgs, n.recipient_users, n.state
  `.execute(db);
}
