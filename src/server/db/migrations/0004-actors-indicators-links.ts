/* Frozen once merged: add a new migration instead of editing this one. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * Actors and indicators (reusable labelled records with the release workflow), their versions in
 * one table for every kind after incidents, and links between records.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const labelColumns = sql`
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
      label_version integer not null`;
  await sql`
    create table actors (
      id text primary key,
      version integer not null,
      release_state text not null check (release_state in ('draft', 'released')),
      kind text not null,
      name text not null,
      aliases text[] not null,
      description text not null,
      country text,
      proposed_label jsonb not null,
      created_by text not null references users(id),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      ${labelColumns}
    );
    create index actors_name on actors (lower(name));
    create index actors_rel_to on actors using gin (rel_to);
    create table indicators (
      id text primary key,
      version integer not null,
      release_state text not null check (release_state in ('draft', 'released')),
      type text not null,
      value text not null,
      description text not null,
      first_seen timestamptz,
      last_seen timestamptz,
      warnings text[] not null,
      proposed_label jsonb not null,
      created_by text not null references users(id),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      ${labelColumns}
    );
    create index indicators_value on indicators (type, value);
    create index indicators_rel_to on indicators using gin (rel_to);
    create table record_versions (
      record_kind text not null,
      id text not null,
      version integer not null,
      change text not null,
      changed_by text not null references users(id),
      changed_at timestamptz not null,
      snapshot jsonb not null,
      ${labelColumns},
      primary key (record_kind, id, version)
    );
    create table record_links (
      from_kind text not null,
      from_id text not null,
      relation text not null,
      to_kind text not null,
      to_id text not null,
      created_by text not null references users(id),
      created_at timestamptz not null,
      primary key (from_kind, from_id, to_kind, to_id)
    );
    create index record_links_to on record_links (to_kind, to_id);
  `.execute(db);
}
