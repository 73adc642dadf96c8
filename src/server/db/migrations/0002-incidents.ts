/* Frozen once merged: add a new migration instead of editing this one. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table incidents (
      id text primary key,
      version integer not null,
      release_state text not null check (release_state in ('draft', 'released')),
      domain text not null,
      subtype text not null,
      title text not null,
      narrative text not null,
      occurred_at timestamptz not null,
      time_precision text not null,
      country text not null,
      admin1 text,
      admin2 text,
      place_name text,
      lat double precision,
      lon double precision,
      geo_precision text not null,
      uncertainty_km double precision,
      killed jsonb not null,
      wounded jsonb not null,
      abducted jsonb not null,
      sources jsonb,
      sources_label jsonb,
      proposed_label jsonb not null,
      created_by text not null references users(id),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      search tsvector generated always as (
        to_tsvector('simple', title || ' ' || narrative || ' ' || coalesce(place_name, '') || ' ' || coalesce(admin1, '') || ' ' || coalesce(admin2, ''))
      ) stored,
      originator_nation text not null references nations(code),
      originator_org text not null references organisations(id),
      classification text not null,
      classification_rank smallint not null,
      rel_to text[] not null,
      caveats text[] not null,
      tlp text not null,
      recipient_orgs text[] not null,
      recipient_users text[] not null,
      state text not null check (state in ('active', 'recalled')),
      label_version integer not null
    );
    create index incidents_order on incidents (occurred_at desc, id desc);
    create index incidents_rel_to on incidents using gin (rel_to);
    create index incidents_search on incidents using gin (search);
    create index incidents_domain on incidents (domain, subtype);
    create index incidents_place on incidents (lat, lon);
    create table incident_versions (
      id text not null references incidents(id),
      version integer not null,
      change text not null,
      changed_by text not null references users(id),
      changed_at timestamptz not null,
      snapshot jsonb not null,
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
      label_version integer not null,
      primary key (id, version)
    );
  `.execute(db);
}
