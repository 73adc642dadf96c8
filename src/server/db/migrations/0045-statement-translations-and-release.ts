/* Frozen once merged: add a new migration instead of editing this one. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * A joint statement's language, the translations its host adds once it is adopted (each marked
 * authentic or unofficial, signed by the host's node) and its public release: when, and by whom,
 * the host's releasing officer released the adopted text to be served without sign-in. Its
 * participants are fixed when it is drafted (the meeting's may change later), and each node notes
 * when it learnt of a silence (`silence_seen_at`, its own clock, never sent): a node that learns
 * of one only after its deadline gives no word by itself.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table statements add column language text not null default 'en';
    alter table statements add column translations jsonb not null default '[]';
    alter table statements add column public_at timestamptz;
    alter table statements add column public_by text references users(id);
    alter table statements add column participants text[] not null default '{}';
    alter table statements add column silence_seen_at timestamptz;
    -- Statements drafted before: the participants their meeting has, and a silence learnt of when it began.
    update statements s set participants = m.participants from meetings m where m.id = s.meeting_id;
    update statements set silence_seen_at = (silence->>'startedAt')::timestamptz where silence is not null;
    create index statements_public on statements (public_at desc, id) where public_at is not null;
  `.execute(db);
}
