/* Frozen once merged: add a new migration instead of editing this one. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * Lessons learned: an observation is a participating nation's labelled record, read through its
 * exercise, written on that nation's node; it moves from observation to lesson identified to
 * lesson learned. Its actions are commitments (their `source` names it), so nothing of them is
 * stored here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table observations (
      id text primary key,
      exercise_id text not null,
      version integer not null,
      title text not null,
      observation text not null,
      discussion text not null,
      conclusion text not null,
      recommendation text not null,
      objective smallint,
      stage text not null check (stage in ('observation', 'lesson-identified', 'lesson-learned')),
      created_by text not null references users(id),
      created_at timestamptz not null,
      updated_by text not null references users(id),
      updated_at timestamptz not null,
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
      label_version integer not null
    );
    create index observations_of_exercise on observations (exercise_id, created_at, id);
    create index observations_by_time on observations (created_at, id);
    create index commitments_by_source on commitments ((source->>'kind'), (source->>'id')) where source is not null;
  `.execute(db);
}
