import { sql } from 'kysely';
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import { readableRecordBy } from './sql/releasability-sql';
import type { Reader } from '../../../shared/labels/label';
import type { DB, StatementPositionsTable, StatementsTable } from '../schema';

export type StatementRow = Selectable<StatementsTable>;
export type StatementPositionRow = Selectable<StatementPositionsTable>;

/**
 * Who may write a statement and a nation's word on it, asked wherever they are read: a statement
 * is its meeting's host's, a nation's word a participant's. Records arrive from partners in any
 * order, so this is where one written by another nation — before its meeting was here to refuse
 * it — is kept from being shown.
 */
const byHost = sql<boolean>`exists (select 1 from meetings m where m.id = statements.meeting_id and m.originator_nation = statements.originator_nation)`;
const byParticipant = sql<boolean>`exists (select 1 from statements s join meetings m on m.id = s.meeting_id
  where s.id = statement_positions.statement_id and s.meeting_id = statement_positions.meeting_id
  and statement_positions.originator_nation = any(m.participants))`;

/**
 * Joint statements and each nation's word on them. Every query that serves one asks the rule for
 * its kind — its own label, its statement's and its meeting's — so nothing shows a statement, or a
 * nation's position, its reader may not read. The unfiltered ones (`held…`, `open…`) feed the
 * procedure the host's node runs and are never served.
 */
export function statementRepository(db: Kysely<DB>) {
  const statements = (reader: Reader) =>
    db
      .selectFrom('statements')
      .selectAll('statements')
      .where(readableRecordBy('statement', reader, 'statements'))
      .where(byHost);
  const positions = (reader: Reader) =>
    db
      .selectFrom('statement_positions')
      .selectAll('statement_positions')
      .where(readableRecordBy('statement-position', reader, 'statement_positions'))
      .where(byParticipant);
  const publicStatements = () =>
    db
      .selectFrom('statements')
      .selectAll()
      .where('public_at', 'is not', null)
      .where('home_node', 'is', null)
      .where('status', '=', 'adopted')
      .where('state', '=', 'active')
      .where('adopted', 'is not', null);
  return {
    insert: (row: Insertable<StatementsTable>) => db.insertInto('statements').values(row).execute(),
    update: (id: string, set: Updateable<StatementsTable>) => db.updateTable('statements').set(set).where('id', '=', id).execute(),
    /** The statement if `reader` may read it (and its meeting); otherwise nothing, exactly as if it did not exist. */
    findReadable: (id: string, reader: Reader): Promise<StatementRow | undefined> =>
      statements(reader).where('statements.id', '=', id).executeTakeFirst(),
    /** Whether a record of `kind` is here, whoever may read it: for "unreadable equals missing". */
    exists: async (kind: 'statement' | 'statement-position', id: string) =>
      (await db
        .selectFrom(kind === 'statement' ? 'statements' : 'statement_positions')
        .select('id')
        .where('id', '=', id)
        .executeTakeFirst()) !== undefined,
    /** Readable statements, newest first (of one meeting if given), `limit` after the keyset position. */
    listReadable: (
      reader: Reader,
      limit: number,
      after: { at: Date; id: string } | null,
      meetingId: string | null,
    ): Promise<StatementRow[]> => {
      let query = statements(reader);
      if (meetingId) query = query.where('statements.meeting_id', '=', meetingId);
      if (after) query = query.where(sql<boolean>`(statements.created_at, statements.id) < (${after.at}, ${after.id})`);
      return query.orderBy('statements.created_at', 'desc').orderBy('statements.id', 'desc').limit(limit).execute();
    },
    /** A meeting's statements the reader may read, oldest first. */
    ofMeeting: (reader: Reader, meetingId: string): Promise<StatementRow[]> =>
      statements(reader).where('statements.meeting_id', '=', meetingId).orderBy('statements.created_at').orderBy('statements.id').execute(),
    /** The statement, unfiltered, locked: what is written to one statement is written one at a time. */
    heldForUpdate: (id: string) => db.selectFrom('statements').selectAll().where('id', '=', id).forUpdate().executeTakeFirst(),
    /** A meeting's minutes under adoption (a statement still drafting or under silence), if any: one at a time. */
    openMinutesAdoption: (meetingId: string) =>
      db
        .selectFrom('statements')
        .select(['id', 'minutes_of'])
        .where('meeting_id', '=', meetingId)
        .where('home_node', 'is', null)
        .where('minutes_of', 'is not', null)
        .where('status', 'in', ['drafting', 'silence'])
        .executeTakeFirst(),
    /** This node's own statements whose procedure is open (the host's node runs it). */
    ownOpen: () =>
      db.selectFrom('statements').select('id').where('home_node', 'is', null).where('status', 'in', ['drafting', 'silence']).execute(),
    /** Statements under silence whose deadline has passed, whichever node runs them (a participant's node gives its word). */
    silencesEnded: (now: Date) =>
      db
        .selectFrom('statements')
        .selectAll()
        .where('status', '=', 'silence')
        .where(sql<boolean>`(silence->>'until')::timestamptz <= ${now}`)
        .execute(),

    /**
     * A statement this node hosts whose adopted text its host released publicly — for anyone,
     * signed in or not. Nothing else of a statement, or of its meeting, is ever read this way.
     */
    findPublic: (id: string): Promise<StatementRow | undefined> => publicStatements().where('id', '=', id).executeTakeFirst(),
    /** This node's public statements, latest release first. */
    listPublic: (limit: number): Promise<StatementRow[]> =>
      publicStatements().orderBy('public_at', 'desc').orderBy('id', 'desc').limit(limit).execute(),

    /** Each nation's word on a statement, as the reader may read it. */
    positionsOf: (reader: Reader, statementId: string): Promise<StatementPositionRow[]> =>
      positions(reader)
        .where('statement_positions.statement_id', '=', statementId)
        .orderBy('statement_positions.originator_nation')
        .execute(),
    findPositionReadable: (id: string, reader: Reader): Promise<StatementPositionRow | undefined> =>
      positions(reader).where('statement_positions.id', '=', id).executeTakeFirst(),
    /** Every participant's word on a statement, unfiltered: what the host's node decides the procedure on (never served). */
    allPositionsOf: (statementId: string) =>
      db
        .selectFrom('statement_positions')
        .selectAll()
        .where('statement_id', '=', statementId)
        .where(byParticipant)
        .orderBy('originator_nation')
        .execute(),
    /** A nation's word on a statement, unfiltered and locked (the nation's own, to add to it; a partner's in apply). */
    positionOf: (statementId: string, nation: string) =>
      db
        .selectFrom('statement_positions')
        .selectAll()
        .where('statement_id', '=', statementId)
        .where('originator_nation', '=', nation)
        .forUpdate()
        .executeTakeFirst(),
    /** What a received version is checked against: the record held here under this id, unfiltered and locked. */
    positionHeldForUpdate: (id: string) =>
      db
        .selectFrom('statement_positions')
        .select(['id', 'version', 'statement_id', 'originator_nation'])
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst(),
    /** Whether a peer node of `nation` is registered here (it then speaks for its nation, not this node). */
    nationHasNode: async (nation: string) =>
      (await db.selectFrom('peers').select('node_id').where('nation', '=', nation).executeTakeFirst()) !== undefined,
    /** One account of `nation` (the first by id) and its organisation. */
    someAccountOf: (nation: string) =>
      db
        .selectFrom('users')
        .innerJoin('organisations', 'organisations.id', 'users.org_id')
        .select(['users.id as user', 'users.org_id as org'])
        .where('organisations.nation', '=', nation)
        .orderBy('users.id')
        .executeTakeFirst(),
    insertPosition: (row: Insertable<StatementPositionsTable>) => db.insertInto('statement_positions').values(row).execute(),
    updatePosition: (id: string, set: Updateable<StatementPositionsTable>) =>
      db.updateTable('statement_positions').set(set).where('id', '=', id).execute(),
  };
}
