/* Frozen once merged: add a new migration instead of editing this one. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * Joint training's calendar: exercises, each a labelled record of its lead nation run by the lead's
 * node (its units, venue, key resources, objectives and milestones held in the row, under its
 * label), and busy blocks, each a nation's labelled word that a unit (or the nation) is not free,
 * which partners plan around without seeing why. A block imported from a file is a draft, read by
 * its own nation alone until published under the label proposed for it.
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
    create table exercises (
      id text primary key,
      version integer not null,
      home_node text,
      title text not null,
      kind text not null check (kind in ('tabletop', 'command-post', 'field', 'live-fire', 'seminar', 'computer-assisted')),
      status text not null check (status in ('concept', 'planning', 'approved', 'executing', 'complete', 'cancelled')),
      summary text not null,
      venue jsonb not null,
      time_zone text not null,
      starts_at timestamptz not null,
      ends_at timestamptz not null check (ends_at > starts_at),
      participants text[] not null,
      units jsonb not null,
      resources text[] not null,
      objectives jsonb not null,
      training_audience text not null,
      milestones jsonb not null,
      created_by text not null references users(id),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      ${LABEL_COLUMNS}
    );
    create index exercises_order on exercises (starts_at, id);
    create index exercises_participants on exercises using gin (participants);
    create index exercises_rel_to on exercises using gin (rel_to);

    create table busy_blocks (
      id text primary key,
      version integer not null,
      title text not null,
      unit text,
      all_day boolean not null,
      starts_at timestamptz not null,
      ends_at timestamptz not null check (ends_at > starts_at),
      time_zone text not null,
      status text not null check (status in ('draft', 'published', 'withdrawn')),
      proposed_label jsonb,
      created_by text not null references users(id),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      ${LABEL_COLUMNS}
    );
    create index busy_blocks_order on busy_blocks (starts_at, id);
    create index busy_blocks_rel_to on busy_blocks using gin (rel_to);
  `.execute(db);
}
