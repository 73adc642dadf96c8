/* Frozen once merged: add a new migration instead of editing this one. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * Web Push: the browsers people asked to be notified on, and the outbox of push messages —
 * written in the transaction that decides to notify, sent after commit by a job with backoff.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table push_subscriptions (
      id text primary key,
      user_id text not null references users(id) on delete cascade,
      endpoint text not null unique,
      p256dh text not null,
      auth text not null,
      created_at timestamptz not null
    );
    create index push_subscriptions_user on push_subscriptions (user_id);
    create table push_outbox (
      id text primary key,
      subscription_id text not null references push_subscriptions(id) on delete cascade,
      payload text not null,
      created_at timestamptz not null,
      attempts integer not null default 0,
      next_attempt_at timestamptz not null,
      sent_at timestamptz,
      last_error text
    );
    create index push_outbox_due on push_outbox (next_attempt_at) where sent_at is null;
  `.execute(db);
}
