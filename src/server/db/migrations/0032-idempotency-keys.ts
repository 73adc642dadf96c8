/* Frozen once merged: add a new migration instead of editing this one. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * `idempotency_keys`: the first answer to a state-changing request sent with an `Idempotency-Key`
 * header, per caller, route and key, written in the same transaction as the change it answers, so
 * a retry finds it exactly when the change was committed. `fingerprint` is a hash of the request
 * (path, query, body, If-Match): the same key with another request is refused. Rows past
 * `expires_at` are as if absent and are deleted by the node.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table idempotency_keys (
      caller text not null,
      route text not null,
      key text not null,
      fingerprint text not null,
      status integer not null,
      headers jsonb not null,
      body text not null,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      primary key (caller, route, key)
    );
    create index idempotency_keys_expiry on idempotency_keys (expires_at);
  `.execute(db);
}
