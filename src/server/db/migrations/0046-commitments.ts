/* Frozen once merged: add a new migration instead of editing this one. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * Commitments: what a meeting's statement or minutes commit nations to. A commitment is the host's
 * labelled record, read through its meeting; each owner nation reports its progress in reports of
 * its own, read through the commitment. Where a commitment stands is its latest report the reader
 * may read (none: planned), so nothing of it is copied onto the commitment. Reminders are this
 * node's own business, one per person, commitment, event and due date (a new due date re-arms
 * them); a notification may now name the record it is about.
 */
const LABEL_COLUMNS = sql.raw(`
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
  label_version integer not null`);

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table commitments (
      id text primary key,
      meeting_id text not null,
      version integer not null,
      text text not null,
      owner_nations text[] not null check (cardinality(owner_nations) > 0),
      due_on text not null check (due_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      source jsonb,
      created_by text not null references users(id),
      created_at timestamptz not null,
      updated_by text not null references users(id),
      updated_at timestamptz not null,
      ${LABEL_COLUMNS}
    );
    create index commitments_of_meeting on commitments (meeting_id, due_on, id);
    create index commitments_by_due on commitments (due_on, id);
    create index commitments_owners on commitments using gin (owner_nations);

    create table commitment_reports (
      id text primary key,
      commitment_id text not null,
      meeting_id text not null,
      version integer not null,
      status text not null check (status in ('planned', 'in-progress', 'done', 'dropped')),
      text text not null,
      evidence jsonb not null,
      reported_by text not null references users(id),
      reported_at timestamptz not null,
      ${LABEL_COLUMNS}
    );
    create index commitment_reports_of on commitment_reports (commitment_id, reported_at, id);

    create table commitment_reminders (
      commitment_id text not null,
      user_id text not null references users(id),
      event text not null check (event in ('due-soon', 'overdue')),
      due_on text not null,
      sent_at timestamptz not null,
      primary key (commitment_id, user_id, event, due_on)
    );

    alter table notifications add column record_id text;
    alter table notifications drop constraint notifications_event_check;
    alter table notifications add constraint notifications_event_check check (event in ('step', 'exhausted', 'due-soon', 'overdue'));
  `.execute(db);
}
