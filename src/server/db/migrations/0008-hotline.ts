/* Frozen once merged: add a new migration instead of editing this one. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * The hotline: desks (a nation's points of contact) with rosters, duty shifts and an escalation
 * policy; alerts (labelled records raised by one nation to desks of others); per target desk the
 * escalation's persisted state (the timer is `due_at`); acknowledgements and declines as records
 * originated by the responding nation; in-app notifications of alert steps.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table desks (
      id text primary key,
      nation text not null references nations(code),
      name text not null,
      created_by text not null references users(id),
      created_at timestamptz not null,
      unique (nation, name)
    );
    create table desk_roster (
      desk_id text not null references desks(id) on delete cascade,
      role text not null check (role in ('primary', 'deputy', 'headquarters')),
      user_id text not null references users(id),
      primary key (desk_id, role, user_id)
    );
    create table desk_shifts (
      id text primary key,
      desk_id text not null references desks(id) on delete cascade,
      user_id text not null references users(id),
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      check (ends_at > starts_at)
    );
    create index desk_shifts_desk on desk_shifts (desk_id, ends_at);
    create table escalation_policies (
      desk_id text primary key references desks(id) on delete cascade,
      version integer not null,
      policy jsonb not null,
      updated_by text not null references users(id),
      updated_at timestamptz not null
    );

    create table alerts (
      id text primary key,
      version integer not null,
      severity text not null,
      summary text not null,
      details text not null,
      exercise boolean not null,
      raised_by text not null references users(id),
      raised_at timestamptz not null,
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
    create index alerts_order on alerts (raised_at desc, id desc);
    create index alerts_rel_to on alerts using gin (rel_to);

    create table alert_targets (
      alert_id text not null references alerts(id),
      desk_id text not null references desks(id),
      plan jsonb not null,
      policy_version integer,
      status text not null check (status in ('escalating', 'acknowledged', 'declined', 'exhausted')),
      round integer not null,
      step integer not null,
      notified_at timestamptz not null,
      due_at timestamptz,
      closed_at timestamptz,
      primary key (alert_id, desk_id)
    );
    create index alert_targets_due on alert_targets (due_at) where status = 'escalating';
    create index alert_targets_desk on alert_targets (desk_id);

    create table alert_responses (
      id text primary key,
      alert_id text not null references alerts(id),
      desk_id text not null references desks(id),
      kind text not null check (kind in ('acknowledge', 'decline')),
      note text,
      responded_by text not null references users(id),
      responded_at timestamptz not null,
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
      label_version integer not null,
      unique (alert_id, desk_id)
    );

    alter table notifications alter column count drop not null;
    alter table notifications add column alert_id text references alerts(id);
    alter table notifications add column line text;
  `.execute(db);
}
