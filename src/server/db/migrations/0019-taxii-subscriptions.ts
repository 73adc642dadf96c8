/* Frozen once merged: add a new migration instead of editing this one. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * Subscriptions to other TAXII 2.1 servers' collections: where, with which credentials, the label
 * a releasing officer chose for what arrives, the position in the server's collection, health,
 * and the report of every object that could not be mapped.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table taxii_subscriptions (
      id text primary key,
      name text not null,
      api_root text not null,
      collection_id text not null,
      auth jsonb not null,
      default_label jsonb not null,
      owner_id text not null references users(id),
      created_at timestamptz not null,
      paused boolean not null default false,
      added_after text,
      next_page text,
      poll_requested_at timestamptz,
      last_poll_at timestamptz,
      last_success_at timestamptz,
      last_error text,
      failures integer not null default 0,
      imported integer not null default 0,
      originator_only integer not null default 0,
      present integer not null default 0,
      unmapped integer not null default 0
    );
    create table taxii_unmapped (
      seq bigserial primary key,
      subscription_id text not null references taxii_subscriptions(id) on delete cascade,
      at timestamptz not null,
      stix_id text not null,
      stix_type text not null,
      reason text not null
    );
    create index taxii_unmapped_subscription on taxii_unmapped (subscription_id, seq desc);
  `.execute(db);
}
