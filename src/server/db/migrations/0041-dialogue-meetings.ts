/* Frozen once merged: add a new migration instead of editing this one. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * Strategic dialogue, its meetings. A meeting is a labelled record of its host nation, run by the
 * host's node; the nations it invites are its participants. Each participant answers the
 * invitation and names its delegation on its own node, each answer and delegation a labelled
 * record of that nation. The agenda's items are the host's, each under its own label (a bilateral
 * sidebar item released only to its two nations); the minutes of an item are read through it, and
 * it through its meeting. Records of other nodes arrive in any order, so the references between
 * them are not foreign keys: a child whose meeting is not here yet is simply not read.
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
    create table meetings (
      id text primary key,
      version integer not null,
      home_node text,
      title text not null,
      kind text not null check (kind in ('conference', 'staff-talks', 'working-group', 'bilateral', 'video-conference')),
      summary text not null,
      venue jsonb not null,
      time_zone text not null,
      starts_at timestamptz not null,
      ends_at timestamptz not null check (ends_at > starts_at),
      participants text[] not null,
      answer_by timestamptz,
      status text not null check (status in ('planned', 'cancelled')),
      created_by text not null references users(id),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      ${LABEL_COLUMNS}
    );
    create index meetings_order on meetings (starts_at, id);
    create index meetings_rel_to on meetings using gin (rel_to);

    create table meeting_answers (
      id text primary key,
      meeting_id text not null,
      version integer not null,
      answer text not null check (answer in ('accepted', 'declined', 'tentative')),
      note text not null,
      answered_by text not null references users(id),
      answered_at timestamptz not null,
      ${LABEL_COLUMNS},
      unique (meeting_id, originator_nation)
    );

    create table delegations (
      id text primary key,
      meeting_id text not null,
      version integer not null,
      head jsonb not null,
      members jsonb not null,
      updated_by text not null references users(id),
      updated_at timestamptz not null,
      ${LABEL_COLUMNS},
      unique (meeting_id, originator_nation)
    );

    create table agenda_items (
      id text primary key,
      meeting_id text not null,
      version integer not null,
      position double precision not null,
      title text not null,
      description text not null,
      owner_nation text not null references nations(code),
      slot_start timestamptz,
      slot_end timestamptz,
      updated_by text not null references users(id),
      updated_at timestamptz not null,
      ${LABEL_COLUMNS}
    );
    create index agenda_items_of_meeting on agenda_items (meeting_id, position, id);

    create table minutes (
      id text primary key,
      agenda_item_id text not null,
      meeting_id text not null,
      version integer not null,
      text text not null,
      status text not null check (status in ('draft', 'adopted')),
      updated_by text not null references users(id),
      updated_at timestamptz not null,
      ${LABEL_COLUMNS},
      unique (agenda_item_id)
    );
    create index minutes_of_meeting on minutes (meeting_id);
  `.execute(db);
}
