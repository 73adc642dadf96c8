/* Frozen once merged: add a new migration instead of editing this one. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table nations (
      code text primary key check (code ~ '^[A-Z]{3}$'),
      name text not null,
      created_at timestamptz not null default now()
    );
    create table communities (
      code text primary key check (code ~ '^[A-Z][A-Z0-9-]{3,31}$'),
      name text not null,
      created_at timestamptz not null default now()
    );
    create table community_memberships (
      id serial primary key,
      community text not null references communities(code),
      nation text not null references nations(code),
      valid_from timestamptz not null,
      valid_to timestamptz
    );
    create index community_memberships_current on community_memberships (nation) where valid_to is null;
    create table caveats (
      code text primary key,
      name text not null
    );
    create table organisations (
      id text primary key,
      nation text not null references nations(code),
      name text not null,
      client_of text references organisations(id),
      created_at timestamptz not null default now(),
      unique (nation, name)
    );
    create table users (
      id text primary key,
      username text not null unique,
      display_name text not null,
      org_id text not null references organisations(id),
      roles text[] not null,
      clearance text not null,
      caveats text[] not null default '{}',
      language text not null default 'en',
      password_hash text not null,
      totp_secret text,
      disabled_at timestamptz,
      failed_sign_ins integer not null default 0,
      locked_until timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create table sessions (
      id_hash text primary key,
      user_id text not null references users(id),
      csrf_token text not null,
      created_at timestamptz not null,
      expires_at timestamptz not null
    );
    create index sessions_user on sessions (user_id);
    create table api_tokens (
      id text primary key,
      user_id text not null references users(id),
      name text not null,
      token_hash text not null unique,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      revoked_at timestamptz
    );
    create table notes (
      id text primary key,
      version integer not null,
      title text not null,
      body text not null,
      sources_text text,
      sources_label jsonb,
      created_by text not null references users(id),
      created_at timestamptz not null,
      updated_at timestamptz not null,
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
    create index notes_order on notes (created_at desc, id desc);
    create index notes_rel_to on notes using gin (rel_to);
    create table changes (
      seq bigserial primary key,
      at timestamptz not null,
      record_kind text not null,
      record_id text not null,
      version integer not null,
      change text not null
    );
    create table audit_log (
      seq bigint primary key,
      at timestamptz not null,
      actor_id text,
      actor text not null,
      action text not null,
      outcome text not null check (outcome in ('ok', 'denied', 'rejected')),
      target_kind text,
      target_id text,
      details jsonb not null,
      prev_hash text not null,
      hash text not null
    );
    create index audit_log_target on audit_log (target_kind, target_id);
    create table audit_head (
      id integer primary key check (id = 1),
      seq bigint not null,
      hash text not null
    );
    insert into audit_head (id, seq, hash) values (1, 0, repeat('0', 64));
    create table audit_checkpoints (
      seq bigint primary key,
      head_hash text not null,
      at timestamptz not null,
      node_id text not null,
      signature text not null
    );
    create table node_identity (
      id integer primary key check (id = 1),
      node_id text not null,
      nation text not null,
      public_key text not null,
      private_key text not null,
      created_at timestamptz not null
    );
    create table node_settings (
      key text primary key,
      value jsonb not null
    );
  `.execute(db);
}
