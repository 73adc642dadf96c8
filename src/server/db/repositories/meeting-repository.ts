import { sql } from 'kysely';
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import { readableBy, readableRecordBy } from './sql/releasability-sql';
import { LABELLED_TABLES } from '../record-tables';
import type { Reader } from '../../../shared/labels/label';
import type { AgendaItemsTable, DB, DelegationsTable, MeetingAnswersTable, MeetingsTable, MinutesTable } from '../schema';

export type MeetingRow = Selectable<MeetingsTable> & { created_by_name: string };
export type AnswerRow = Selectable<MeetingAnswersTable> & { answered_by_name: string };
export type DelegationRow = Selectable<DelegationsTable> & { updated_by_name: string };
export type AgendaItemRow = Selectable<AgendaItemsTable> & { updated_by_name: string };
export type MinutesRow = Selectable<MinutesTable> & { updated_by_name: string };

/**
 * Who may write what hangs on a meeting, asked wherever it is read: an answer or a delegation is
 * a participant's, the agenda and its minutes the host's. Records arrive from partners in any
 * order, so this is where one written by another nation — before its meeting was here to refuse
 * it — is kept from being shown.
 */
const byParticipant = (table: 'meeting_answers' | 'delegations') =>
  sql<boolean>`exists (select 1 from meetings m where m.id = ${sql.ref(`${table}.meeting_id`)} and ${sql.ref(`${table}.originator_nation`)} = any(m.participants))`;
const byHost = (table: 'agenda_items' | 'minutes') =>
  sql<boolean>`exists (select 1 from meetings m where m.id = ${sql.ref(`${table}.meeting_id`)} and m.originator_nation = ${sql.ref(`${table}.originator_nation`)})`;

/** The kinds of record a meeting holds, and the meeting itself. */
type DialogueKind =
  'meeting' | 'meeting-answer' | 'delegation' | 'agenda-item' | 'minutes' | 'agenda-attachment' | 'commitment' | 'commitment-report';

/**
 * Meetings and what hangs on them: invitation answers, delegations, agenda items and their
 * minutes. Every query that returns one of those asks the rule for its kind — its own label and
 * its parents' (an item's meeting; minutes' item and meeting) — so nothing shows a meeting, or an
 * agenda item, its reader may not read.
 */
export function meetingRepository(db: Kysely<DB>) {
  const meetings = () =>
    db
      .selectFrom('meetings')
      .innerJoin('users', 'users.id', 'meetings.created_by')
      .selectAll('meetings')
      .select('users.display_name as created_by_name');
  const answers = (reader: Reader) =>
    db
      .selectFrom('meeting_answers')
      .innerJoin('users', 'users.id', 'meeting_answers.answered_by')
      .selectAll('meeting_answers')
      .select('users.display_name as answered_by_name')
      .where(readableRecordBy('meeting-answer', reader, 'meeting_answers'))
      .where(byParticipant('meeting_answers'));
  const delegations = (reader: Reader) =>
    db
      .selectFrom('delegations')
      .innerJoin('users', 'users.id', 'delegations.updated_by')
      .selectAll('delegations')
      .select('users.display_name as updated_by_name')
      .where(readableRecordBy('delegation', reader, 'delegations'))
      .where(byParticipant('delegations'));
  const items = (reader: Reader) =>
    db
      .selectFrom('agenda_items')
      .innerJoin('users', 'users.id', 'agenda_items.updated_by')
      .selectAll('agenda_items')
      .select('users.display_name as updated_by_name')
      .where(readableRecordBy('agenda-item', reader, 'agenda_items'))
      .where(byHost('agenda_items'));
  const minutes = (reader: Reader) =>
    db
      .selectFrom('minutes')
      .innerJoin('users', 'users.id', 'minutes.updated_by')
      .selectAll('minutes')
      .select('users.display_name as updated_by_name')
      .where(readableRecordBy('minutes', reader, 'minutes'))
      .where(byHost('minutes'))
      .where(
        sql<boolean>`exists (select 1 from agenda_items i where i.id = minutes.agenda_item_id and i.meeting_id = minutes.meeting_id
          and i.originator_nation = minutes.originator_nation)`,
      );
  return {
    insert: (row: Insertable<MeetingsTable>) => db.insertInto('meetings').values(row).execute(),
    update: (id: string, set: Updateable<MeetingsTable>) => db.updateTable('meetings').set(set).where('id', '=', id).execute(),
    /** The meeting if `reader` may read it; otherwise nothing, exactly as if it did not exist. */
    findReadable: (id: string, reader: Reader): Promise<MeetingRow | undefined> =>
      meetings().where('meetings.id', '=', id).where(readableBy(reader, 'meetings')).executeTakeFirst(),
    /** Whether a record of `kind` is here, whoever may read it: for "unreadable equals missing". */
    exists: async (kind: DialogueKind, id: string) =>
      (await db.selectFrom(LABELLED_TABLES[kind]).select('id').where('id', '=', id).executeTakeFirst()) !== undefined,
    /** The meeting, unfiltered, locked: what is written to one meeting is written one at a time. */
    forUpdate: (id: string) => db.selectFrom('meetings').selectAll().where('id', '=', id).forUpdate().executeTakeFirst(),
    /** Readable meetings by start (soonest first), those ending at or after `from` if given. */
    listReadable: (reader: Reader, limit: number, after: { at: Date; id: string } | null, from: Date | null): Promise<MeetingRow[]> => {
      let query = meetings().where(readableBy(reader, 'meetings'));
      if (from) query = query.where('meetings.ends_at', '>=', from);
      if (after) query = query.where(sql<boolean>`(meetings.starts_at, meetings.id) > (${after.at}, ${after.id})`);
      return query.orderBy('meetings.starts_at').orderBy('meetings.id').limit(limit).execute();
    },

    answersOf: (reader: Reader, meetingId: string): Promise<AnswerRow[]> =>
      answers(reader).where('meeting_answers.meeting_id', '=', meetingId).orderBy('meeting_answers.originator_nation').execute(),
    findAnswerReadable: (id: string, reader: Reader): Promise<AnswerRow | undefined> =>
      answers(reader).where('meeting_answers.id', '=', id).executeTakeFirst(),
    /** A nation's answer to a meeting, unfiltered (the nation's own, to replace it). */
    answerOf: (meetingId: string, nation: string) =>
      db
        .selectFrom('meeting_answers')
        .selectAll()
        .where('meeting_id', '=', meetingId)
        .where('originator_nation', '=', nation)
        .executeTakeFirst(),
    insertAnswer: (row: Insertable<MeetingAnswersTable>) => db.insertInto('meeting_answers').values(row).execute(),
    updateAnswer: (id: string, set: Updateable<MeetingAnswersTable>) =>
      db.updateTable('meeting_answers').set(set).where('id', '=', id).execute(),

    delegationsOf: (reader: Reader, meetingId: string): Promise<DelegationRow[]> =>
      delegations(reader).where('delegations.meeting_id', '=', meetingId).orderBy('delegations.originator_nation').execute(),
    findDelegationReadable: (id: string, reader: Reader): Promise<DelegationRow | undefined> =>
      delegations(reader).where('delegations.id', '=', id).executeTakeFirst(),
    delegationOf: (meetingId: string, nation: string) =>
      db
        .selectFrom('delegations')
        .selectAll()
        .where('meeting_id', '=', meetingId)
        .where('originator_nation', '=', nation)
        .executeTakeFirst(),
    insertDelegation: (row: Insertable<DelegationsTable>) => db.insertInto('delegations').values(row).execute(),
    updateDelegation: (id: string, set: Updateable<DelegationsTable>) =>
      db.updateTable('delegations').set(set).where('id', '=', id).execute(),

    /** The agenda as the reader may read it, in order. */
    agendaOf: (reader: Reader, meetingId: string): Promise<AgendaItemRow[]> =>
      items(reader).where('agenda_items.meeting_id', '=', meetingId).orderBy('agenda_items.position').orderBy('agenda_items.id').execute(),
    findItemReadable: (id: string, reader: Reader): Promise<AgendaItemRow | undefined> =>
      items(reader).where('agenda_items.id', '=', id).executeTakeFirst(),
    /** Every item's place in a meeting's agenda, unfiltered (to place an item among them; never served). */
    positionsOf: (meetingId: string) =>
      db
        .selectFrom('agenda_items')
        .select(['id', 'position'])
        .where('meeting_id', '=', meetingId)
        .orderBy('position')
        .orderBy('id')
        .execute(),
    itemForUpdate: (id: string) => db.selectFrom('agenda_items').selectAll().where('id', '=', id).forUpdate().executeTakeFirst(),
    insertItem: (row: Insertable<AgendaItemsTable>) => db.insertInto('agenda_items').values(row).execute(),
    updateItem: (id: string, set: Updateable<AgendaItemsTable>) => db.updateTable('agenda_items').set(set).where('id', '=', id).execute(),

    minutesOf: (reader: Reader, meetingId: string): Promise<MinutesRow[]> =>
      minutes(reader).where('minutes.meeting_id', '=', meetingId).execute(),
    findMinutesReadable: (id: string, reader: Reader): Promise<MinutesRow | undefined> =>
      minutes(reader).where('minutes.id', '=', id).executeTakeFirst(),
    /** The minutes a nation wrote of an item, unfiltered (the host's, to replace them; a partner's in apply), locked. */
    minutesOfItem: (itemId: string, nation: string) =>
      db
        .selectFrom('minutes')
        .selectAll()
        .where('agenda_item_id', '=', itemId)
        .where('originator_nation', '=', nation)
        .forUpdate()
        .executeTakeFirst(),
    /** An item's meeting, writer and owner nation, unfiltered (to check minutes and attachments received for it). */
    itemOwner: (itemId: string) =>
      db.selectFrom('agenda_items').select(['meeting_id', 'originator_nation', 'owner_nation']).where('id', '=', itemId).executeTakeFirst(),
    /** Whether the directory knows a nation (a received record naming one it does not is refused). */
    nationKnown: async (code: string) =>
      (await db.selectFrom('nations').select('code').where('code', '=', code).executeTakeFirst()) !== undefined,
    insertMinutes: (row: Insertable<MinutesTable>) => db.insertInto('minutes').values(row).execute(),
    updateMinutes: (id: string, set: Updateable<MinutesTable>) => db.updateTable('minutes').set(set).where('id', '=', id).execute(),
    /** What a received version is checked against: the record held here under this id, unfiltered and locked. */
    heldForUpdate: (kind: Exclude<DialogueKind, 'meeting'>, id: string) =>
      db
        .selectFrom(LABELLED_TABLES[kind])
        .select(['id', 'version', 'meeting_id', 'originator_nation'])
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst(),
  };
}
