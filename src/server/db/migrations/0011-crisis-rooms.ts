/* Frozen once merged: add a new migration instead of editing this one. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * Crisis rooms: a crisis (a labelled record declared by one nation, released to the participating
 * nations) and its ordered shared log. Every entry — a log line, a situation report, a request for
 * assistance, an offer, a task, or an update of one of those — is a labelled record of the nation
 * that wrote it; an entry is read through its crisis (both labels must admit the reader).
 */
/** The label columns every labelled record carries (as in the earlier migrations, written out here). */
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
    create table crises (
      id text primary key,
      version integer not null,
      title text not null,
      summary text not null,
      exercise boolean not null,
      status text not null check (status in ('open', 'closed')),
      alert_id text references alerts(id),
      declared_by text not null references users(id),
      declared_at timestamptz not null,
      closed_by text references users(id),
      closed_at timestamptz,
      closing_summary text,
      lessons text,
      ${LABEL_COLUMNS}
    );
    create index crises_order on crises (declared_at desc, id desc);
    create index crises_rel_to on crises using gin (rel_to);

    create table crisis_entries (
      id text primary key,
      crisis_id text not null references crises(id),
      version integer not null,
      kind text not null check (kind in ('log', 'sitrep', 'request', 'offer', 'task', 'update')),
      content jsonb not null,
      entry_state text,
      subject_id text references crisis_entries(id),
      request_id text references crisis_entries(id),
      owner_nation text references nations(code),
      owner_user text references users(id),
      deadline timestamptz,
      entered_by text not null references users(id),
      entered_at timestamptz not null,
      updated_at timestamptz not null,
      ${LABEL_COLUMNS}
    );
    create index crisis_entries_log on crisis_entries (crisis_id, entered_at, id);
    create index crisis_entries_order on crisis_entries (entered_at, id);
    create index crisis_entries_request on crisis_entries (request_id) where request_id is not null;
  `.execute(db);
}
