/* Frozen once merged: add a new migration instead of editing this one. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * E-mail: a user's address, and the outbox of messages — written in the transaction that decides
 * to send them, sent after commit by a job that retries with backoff until the server accepts.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table users add column email text;
    create table mail_outbox (
      id text primary key,
      to_address text not null,
      subject text not null,
      body text not null,
      created_at timestamptz not null,
      attempts integer not null default 0,
      next_attempt_at timestamptz not null,
      sent_at timestamptz,
      last_error text
    );
    create index mail_outbox_due on mail_outbox (next_attempt_at) where sent_at is null;
  `.execute(db);
}
