import { sql } from 'kysely';
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import { readableBy, readableRecordBy } from './sql/releasability-sql';
import type { Reader } from '../../../shared/labels/label';
import type { CommitmentReportsTable, CommitmentsTable, DB, LabelColumns } from '../schema';

export type CommitmentRow = Selectable<CommitmentsTable> & {
  meeting_title: string;
  host: string;
  created_by_name: string;
  /** The latest report's status the reader may read (planned without one). */
  status: string;
  last_report_at: Date | string | null;
};
export type CommitmentReportRow = Selectable<CommitmentReportsTable> & { reported_by_name: string };

/**
 * Who may write a commitment and a report on it, asked wherever they are read: a commitment is its
 * meeting's host's, a report an owner nation's. Records arrive from partners in any order, so this
 * is where one written by another nation — before what it hangs on was here to refuse it — is kept
 * from being shown.
 */
const byHost = sql<boolean>`exists (select 1 from meetings m where m.id = commitments.meeting_id and m.originator_nation = commitments.originator_nation)`;
/**
 * An action on an observation is a commitment of a meeting the observation's exercise holds: one a
 * host's node names for any other observation (before it was here to refuse it) is not shown.
 */
const ofItsExercise = sql<boolean>`(commitments.source is null or commitments.source->>'kind' <> 'observation' or exists (
  select 1 from observations o join exercises e on e.id = o.exercise_id
  where o.id = commitments.source->>'id' and e.milestones @> jsonb_build_array(jsonb_build_object('meeting_id', commitments.meeting_id))))`;
const byOwner = (table: string) =>
  sql<boolean>`exists (select 1 from commitments c where c.id = ${sql.ref(`${table}.commitment_id`)} and c.meeting_id = ${sql.ref(`${table}.meeting_id`)}
    and ${sql.ref(`${table}.originator_nation`)} = any(c.owner_nations))`;

/** The table and the column that names a record of each kind a report may cite (meetings and statements have rules of their own). */
const EVIDENCE_TABLES = {
  incident: { table: 'incidents', title: 'title', releasable: true },
  crisis: { table: 'crises', title: 'title', releasable: false },
  note: { table: 'notes', title: 'title', releasable: false },
  actor: { table: 'actors', title: 'name', releasable: true },
} as const;

export interface CommitmentFilter {
  meetingId?: string | null;
  /** The actions on one observation: commitments naming it as their source. */
  observationId?: string | null;
  nation?: string | null;
  status?: string | null;
  /** Past due on `today` and neither done nor dropped. */
  overdue?: boolean | null;
  today: string;
}

/**
 * Commitments and their progress reports. Every query that serves one asks the rule for its kind
 * — its own label and its meeting's (a report's, its commitment's too) — and a commitment's status
 * is worked out from the reports its reader may read, so nothing shows a commitment, a report or
 * its effect to a reader who may not read it. The unfiltered ones (`held…`, `toRemind…`) feed
 * writes, federation and reminders and are never served.
 */
export function commitmentRepository(db: Kysely<DB>) {
  const readable = (reader: Reader) =>
    db
      .selectFrom(
        db
          .selectFrom('commitments')
          .innerJoin('meetings', 'meetings.id', 'commitments.meeting_id')
          .innerJoin('users', 'users.id', 'commitments.created_by')
          // The latest report the reader may read: where the commitment stands for them. Its own
          // label is asked here; its parents (this commitment, its meeting) are the outer query's.
          .leftJoinLateral(
            (eb) =>
              eb
                .selectFrom('commitment_reports as r')
                .select(['r.status', 'r.reported_at'])
                .whereRef('r.commitment_id', '=', 'commitments.id')
                .where(readableBy(reader, 'r'))
                .where(sql<boolean>`r.meeting_id = commitments.meeting_id and r.originator_nation = any(commitments.owner_nations)`)
                .orderBy('r.reported_at', 'desc')
                .orderBy('r.id', 'desc')
                .limit(1)
                .as('latest'),
            (join) => join.onTrue(),
          )
          .selectAll('commitments')
          .select([
            'meetings.title as meeting_title',
            'meetings.originator_nation as host',
            'users.display_name as created_by_name',
            sql<string>`coalesce(latest.status, 'planned')`.as('status'),
            sql<Date | null>`latest.reported_at`.as('last_report_at'),
          ])
          .where(readableRecordBy('commitment', reader, 'commitments'))
          .where(byHost)
          .where(ofItsExercise)
          .as('c'),
      )
      .selectAll('c');
  const filtered = (reader: Reader, filter: CommitmentFilter) => {
    let query = readable(reader);
    if (filter.meetingId) query = query.where('c.meeting_id', '=', filter.meetingId);
    if (filter.observationId)
      query = query.where(sql<boolean>`c.source->>'kind' = 'observation' and c.source->>'id' = ${filter.observationId}`);
    if (filter.nation) query = query.where(sql<boolean>`${filter.nation} = any(c.owner_nations)`);
    if (filter.status) query = query.where('c.status', '=', filter.status);
    if (filter.overdue === true) query = query.where('c.due_on', '<', filter.today).where('c.status', 'in', ['planned', 'in-progress']);
    if (filter.overdue === false)
      query = query.where((eb) => eb.or([eb('c.due_on', '>=', filter.today), eb('c.status', 'in', ['done', 'dropped'])]));
    return query;
  };
  const reports = (reader: Reader) =>
    db
      .selectFrom('commitment_reports')
      .innerJoin('users', 'users.id', 'commitment_reports.reported_by')
      .selectAll('commitment_reports')
      .select('users.display_name as reported_by_name')
      .where(readableRecordBy('commitment-report', reader, 'commitment_reports'))
      .where(byOwner('commitment_reports'))
      .where(
        sql<boolean>`exists (select 1 from commitments c join meetings m on m.id = c.meeting_id
          where c.id = commitment_reports.commitment_id and m.originator_nation = c.originator_nation)`,
      );
  return {
    insert: (row: Insertable<CommitmentsTable>) => db.insertInto('commitments').values(row).execute(),
    update: (id: string, set: Updateable<CommitmentsTable>) => db.updateTable('commitments').set(set).where('id', '=', id).execute(),
    /** The commitment if `reader` may read it (and its meeting); otherwise nothing, exactly as if it did not exist. */
    findReadable: (id: string, reader: Reader): Promise<CommitmentRow | undefined> =>
      readable(reader).where('c.id', '=', id).executeTakeFirst() as Promise<CommitmentRow | undefined>,
    /** Whether a record of `kind` is here, whoever may read it: for "unreadable equals missing". */
    exists: async (kind: 'commitment' | 'commitment-report', id: string) =>
      (await db
        .selectFrom(kind === 'commitment' ? 'commitments' : 'commitment_reports')
        .select('id')
        .where('id', '=', id)
        .executeTakeFirst()) !== undefined,
    /** Readable commitments under the filter, soonest due first, `limit` after the keyset position. */
    listReadable: (reader: Reader, filter: CommitmentFilter, limit: number, after: { dueOn: string; id: string } | null) => {
      let query = filtered(reader, filter);
      if (after) query = query.where(sql<boolean>`(c.due_on, c.id) > (${after.dueOn}, ${after.id})`);
      return query.orderBy('c.due_on').orderBy('c.id').limit(limit).execute() as Promise<CommitmentRow[]>;
    },
    /** Readable commitments under the filter counted per owner nation and status (a commitment counts once for each owner). */
    tracker: async (reader: Reader, filter: CommitmentFilter) => {
      const base = filtered(reader, filter);
      const total = await db
        .selectFrom(base.as('t'))
        .select(sql<string>`count(*)`.as('n'))
        .executeTakeFirstOrThrow();
      const rows = await db
        .selectFrom(base.as('t'))
        .select([
          sql<string>`unnest(t.owner_nations)`.as('nation'),
          't.status',
          sql<boolean>`(t.due_on < ${filter.today} and t.status in ('planned', 'in-progress'))`.as('overdue'),
        ])
        .execute();
      return { total: Number(total.n), rows };
    },
    /**
     * The actions on each of `observationIds` that `reader` may read (commitments naming it as their
     * source), with how many are neither done nor dropped as far as the reader can tell.
     */
    actionCounts: async (reader: Reader, observationIds: readonly string[]): Promise<Map<string, { total: number; open: number }>> => {
      if (observationIds.length === 0) return new Map();
      const rows = await db
        .selectFrom(
          readable(reader)
            .where(sql<boolean>`c.source->>'kind' = 'observation'`)
            .as('a'),
        )
        .select([
          sql<string>`a.source->>'id'`.as('observation_id'),
          sql<string>`count(*)`.as('total'),
          sql<string>`count(*) filter (where a.status in ('planned', 'in-progress'))`.as('open'),
        ])
        .where(sql<boolean>`a.source->>'id' in (${sql.join([...observationIds])})`)
        .groupBy(sql`a.source->>'id'`)
        .execute();
      return new Map(rows.map((r) => [r.observation_id, { total: Number(r.total), open: Number(r.open) }]));
    },
    /** The actions on `observationIds` that `reader` may read (commitments naming one as their source), soonest due first. */
    actionsOf: (reader: Reader, observationIds: readonly string[], today: string): Promise<CommitmentRow[]> =>
      observationIds.length === 0
        ? Promise.resolve([])
        : (filtered(reader, { today })
            .where(sql<boolean>`c.source->>'kind' = 'observation' and c.source->>'id' in (${sql.join([...observationIds])})`)
            .orderBy('c.due_on')
            .orderBy('c.id')
            .execute() as Promise<CommitmentRow[]>),
    /** The commitment, unfiltered and locked: what is written to one commitment is written one at a time. */
    heldForUpdate: (id: string) => db.selectFrom('commitments').selectAll().where('id', '=', id).forUpdate().executeTakeFirst(),

    reportsOf: (reader: Reader, commitmentId: string): Promise<CommitmentReportRow[]> =>
      reports(reader)
        .where('commitment_reports.commitment_id', '=', commitmentId)
        .orderBy('commitment_reports.reported_at')
        .orderBy('commitment_reports.id')
        .execute(),
    findReportReadable: (id: string, reader: Reader): Promise<CommitmentReportRow | undefined> =>
      reports(reader).where('commitment_reports.id', '=', id).executeTakeFirst(),
    /**
     * The records of `kind` among `ids` that `reader` may read, with their titles and labels
     * (evidence a report cites); `released`: false for a draft of a kind with the release workflow.
     */
    readableTitles: async (
      kind: keyof typeof EVIDENCE_TABLES,
      ids: string[],
      reader: Reader,
    ): Promise<(LabelColumns & { id: string; title: string; released: boolean })[]> => {
      if (ids.length === 0) return [];
      const { table, title, releasable } = EVIDENCE_TABLES[kind];
      const rows = await db
        .selectFrom(table)
        .selectAll()
        .select([
          sql<string>`${sql.ref(title)}`.as('title'),
          releasable ? sql<boolean>`release_state = 'released'`.as('released') : sql<boolean>`true`.as('released'),
        ])
        .where('id', 'in', ids)
        .where(readableRecordBy(kind, reader, table))
        .execute();
      return rows as unknown as (LabelColumns & { id: string; title: string; released: boolean })[];
    },
    insertReport: (row: Insertable<CommitmentReportsTable>) => db.insertInto('commitment_reports').values(row).execute(),
    updateReport: (id: string, set: Updateable<CommitmentReportsTable>) =>
      db.updateTable('commitment_reports').set(set).where('id', '=', id).execute(),
    /** What a received report is checked against: the one held here under this id, unfiltered and locked. */
    reportHeldForUpdate: (id: string) =>
      db
        .selectFrom('commitment_reports')
        .select(['id', 'version', 'commitment_id', 'meeting_id', 'originator_nation'])
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst(),

    /**
     * Commitments some owner of which may need reminding: neither done nor dropped as far as this
     * node knows (its latest report, whoever may read it), due between `oldest` and `horizon`.
     * Unfiltered: the reminder job asks each person's reader before telling them anything.
     */
    toRemind: (oldest: string, horizon: string) =>
      db
        .selectFrom('commitments')
        .select(['id', 'due_on', 'owner_nations'])
        .where('due_on', '<=', horizon)
        .where('state', '=', 'active')
        // Its owners' latest report (as the read query orders them), whoever may read it: not done or dropped.
        .where(
          sql<boolean>`coalesce((select r.status from commitment_reports r where r.commitment_id = commitments.id
            and r.meeting_id = commitments.meeting_id and r.originator_nation = any(commitments.owner_nations)
            order by r.reported_at desc, r.id desc limit 1), 'planned') not in ('done', 'dropped')`,
        )
        .where('due_on', '>=', oldest)
        .orderBy('due_on')
        .orderBy('id')
        .execute(),
    /** Whether `userId` was already sent this reminder for this due date; locks the slot while deciding. */
    reminded: async (commitmentId: string, userId: string, event: string, dueOn: string) =>
      (await db
        .selectFrom('commitment_reminders')
        .select('sent_at')
        .where('commitment_id', '=', commitmentId)
        .where('user_id', '=', userId)
        .where('event', '=', event)
        .where('due_on', '=', dueOn)
        .executeTakeFirst()) !== undefined,
    /** Records a reminder as sent; false when another process sent it first. */
    markReminded: async (row: { commitment_id: string; user_id: string; event: string; due_on: string; sent_at: Date }) =>
      Number(
        (
          await db
            .insertInto('commitment_reminders')
            .values(row)
            .onConflict((oc) => oc.doNothing())
            .executeTakeFirst()
        ).numInsertedOrUpdatedRows ?? 0,
      ) > 0,
  };
}
