/* Frozen once merged: add a new migration instead of editing this one. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/** TAXII feeds: how many records here a newer version from the feed updated. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table taxii_subscriptions add column updated integer not null default 0;
  `.execute(db);
}
