/* Frozen once merged: add a new migration instead of editing this one. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * Keys outside the database (docs/decisions/0013):
 * - the node's private key moves to its key file; the column only empties once the key is safely
 *   written there, at the first start after this migration (node-identity.ts), so it may be null;
 * - partners' countersignatures of this node's audit checkpoints, the newest per partner, which
 *   `concord audit verify` checks (a partner's key, not this node's, vouches for them);
 * - TAXII feed credentials sealed under the secrets key (`auth` keeps only the kind); rows written
 *   before are sealed at that first start too.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table node_identity alter column private_key drop not null;
    create table audit_countersignatures (
      peer_node_id text primary key,
      peer_nation text not null,
      peer_public_key text not null,
      seq bigint not null,
      head_hash text not null,
      at timestamptz not null,
      signature text not null,
      received_at timestamptz not null
    );
    alter table taxii_subscriptions add column auth_sealed text;
  `.execute(db);
}
