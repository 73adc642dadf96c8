/* Frozen once merged: add a new migration instead of editing this one. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * Replication between nodes (FEDERATION.md). Published objects are now signed by their originator
 * node (and a received one is kept exactly as its originator signed it), so the log is published
 * again from the start. Peers carry what the node rule needs (accreditation, caveats), the pull
 * cursor and counters; what each peer was served (deliveries) decides who a recall goes to;
 * tombstones keep recalled records from coming back; recalls and their receipts give the
 * originator per-partner status; rejects keep every refused object with its reason.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table peers
      add column accreditation text not null default 'UNCLASSIFIED',
      add column caveats text[] not null default '{}',
      add column pull_cursor text,
      add column pull_requested_at timestamptz,
      add column last_pull_at timestamptz,
      add column last_object_at timestamptz,
      add column objects_in bigint not null default 0,
      add column objects_out bigint not null default 0,
      add column rejects bigint not null default 0,
      add column pull_failures bigint not null default 0;

    truncate stix_objects;
    delete from node_settings where key = 'stix-publisher-position';
    alter table stix_objects
      add column origin_node text not null,
      add column stripped jsonb;

    create table deliveries (
      peer_node_id text not null,
      stix_id text not null,
      version integer not null,
      delivered_at timestamptz not null,
      primary key (stix_id, peer_node_id, version)
    );
    create table tombstones (
      stix_id text primary key,
      record_kind text not null,
      record_id text not null,
      originator_nation text not null,
      recall_stix_id text not null,
      recalled_at timestamptz not null,
      reason text not null
    );
    create table recalls (
      id text primary key,
      stix_id text not null unique,
      record_kind text not null,
      record_id text not null,
      reason text not null,
      recalled_by text not null references users(id),
      recalled_at timestamptz not null
    );
    create table recall_receipts (
      recall_id text not null references recalls(id),
      node_id text not null,
      applied_at timestamptz not null,
      received_at timestamptz not null,
      receipt jsonb not null,
      primary key (recall_id, node_id)
    );
    create table federation_rejects (
      id bigserial primary key,
      peer_node_id text not null,
      at timestamptz not null,
      stix_id text,
      reason text not null
    );
    create index federation_rejects_peer on federation_rejects (peer_node_id, id);
  `.execute(db);
}
