/* Frozen once merged: add a new migration instead of editing this one. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * Joint statements (docs/decisions/0043). A statement is its meeting's host's record, run by the
 * host's node and read through the meeting: its clauses (each with its versions), where its
 * procedure stands (drafting, under silence, adopted) and, once adopted, the signed document that
 * freezes it. Each participating nation's word on it — positions on clauses and on the whole,
 * amendments, comments, its no-objection at the end of a silence — is that nation's record, one
 * per nation and statement, read through the statement.
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
    create table statements (
      id text primary key,
      meeting_id text not null,
      version integer not null,
      home_node text,
      title text not null,
      preamble text not null,
      clauses jsonb not null,
      text_version integer not null,
      status text not null check (status in ('drafting', 'silence', 'adopted', 'withdrawn')),
      silence jsonb,
      procedure jsonb not null,
      decisions jsonb not null,
      adopted jsonb,
      adopted_at timestamptz,
      created_by text not null references users(id),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      ${LABEL_COLUMNS}
    );
    create index statements_of_meeting on statements (meeting_id, created_at, id);
    create index statements_open on statements (status) where status in ('drafting', 'silence');

    create table statement_positions (
      id text primary key,
      statement_id text not null,
      meeting_id text not null,
      version integer not null,
      entries jsonb not null,
      updated_by text not null references users(id),
      updated_at timestamptz not null,
      ${LABEL_COLUMNS},
      unique (statement_id, originator_nation)
    );
  `.execute(db);
}
