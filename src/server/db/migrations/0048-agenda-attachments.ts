/* Frozen once merged: add a new migration instead of editing this one. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * Files attached to agenda items (a briefing, a draft text, a map): each the record of the nation
 * that attached it — the host's organisers, or the item's owner nation's delegates — under its own
 * label, read through the item (and so through the meeting). Unlike an incident's attachments they
 * travel to the participants' nodes, inside their STIX object; a file is written once, never
 * rewritten.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table agenda_attachments (
      id text primary key,
      agenda_item_id text not null,
      meeting_id text not null,
      version integer not null,
      file_name text not null,
      media_type text not null,
      size integer not null,
      sha256 text not null,
      content bytea not null,
      created_by text not null references users(id),
      created_at timestamptz not null,
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
    create index agenda_attachments_of_item on agenda_attachments (agenda_item_id, created_at, id);
    create index agenda_attachments_of_meeting on agenda_attachments (meeting_id);
  `.execute(db);
}
