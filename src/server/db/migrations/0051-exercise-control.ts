/* Frozen once merged: add a new migration instead of editing this one. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * Running an exercise. The exercise row keeps its run: when control started it, when it was paused
 * (and for how long in all), when it ended. Its master scenario events list is a table of injects,
 * each timed in minutes from STARTEX; a scheduled inject's `due_at` is its timer, set while the
 * exercise runs and cleared while it is paused, and an inject moves from scheduled to fired or
 * failed in the transaction that makes its record, so it fires once, restarts or not. A
 * controller's verdict on an expectation is a row of its own. Alerts and crisis rooms an inject
 * makes carry the exercise's id (their `exercise` flag already keeps them out of the live picture).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table exercises
      add column run_started_at timestamptz,
      add column run_paused_at timestamptz,
      add column run_paused_ms bigint not null default 0,
      add column run_ended_at timestamptz
  `.execute(db);
  await sql`
    create table exercise_injects (
      id text primary key,
      exercise_id text not null references exercises(id),
      version integer not null,
      title text not null,
      at_minutes integer not null check (at_minutes >= 0),
      kind text not null check (kind in ('alert', 'crisis', 'sitrep', 'message')),
      action jsonb not null,
      expectations jsonb not null,
      status text not null check (status in ('scheduled', 'fired', 'failed', 'cancelled')),
      due_at timestamptz,
      fired_at timestamptz,
      made_kind text check (made_kind in ('alert', 'crisis', 'crisis-entry')),
      made_id text,
      failure text,
      written_by text not null references users(id),
      created_at timestamptz not null,
      updated_at timestamptz not null
    )
  `.execute(db);
  await sql`create index exercise_injects_by_exercise on exercise_injects (exercise_id, at_minutes, id)`.execute(db);
  await sql`create index exercise_injects_due on exercise_injects (due_at) where status = 'scheduled' and due_at is not null`.execute(db);
  await sql`
    create table exercise_verdicts (
      inject_id text not null references exercise_injects(id),
      expectation_id text not null,
      verdict text not null check (verdict in ('met', 'missed')),
      note text not null,
      decided_by text not null references users(id),
      decided_at timestamptz not null,
      primary key (inject_id, expectation_id)
    )
  `.execute(db);
  await sql`alter table alerts add column exercise_id text`.execute(db);
  await sql`alter table crises add column exercise_id text`.execute(db);
  await sql`create index alerts_by_exercise on alerts (exercise_id) where exercise_id is not null`.execute(db);
  await sql`create index crises_by_exercise on crises (exercise_id) where exercise_id is not null`.execute(db);
}
