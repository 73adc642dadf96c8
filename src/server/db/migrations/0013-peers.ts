/* Frozen once merged: add a new migration instead of editing this one. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * Peers: the partner nodes this node talks to, each pinned to its public key (from an invite), and
 * the node tokens already used (a token is good once: its id is kept until it expires).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table peers (
      node_id text primary key,
      nation text not null references nations(code),
      url text not null,
      public_key text not null,
      added_by text not null,
      added_at timestamptz not null,
      last_contact_at timestamptz,
      last_error text,
      last_error_at timestamptz
    );
    create table node_token_uses (
      jti text primary key,
      node_id text not null,
      expires_at timestamptz not null
    );
    create index node_token_uses_expiry on node_token_uses (expires_at);
  `.execute(db);
}
