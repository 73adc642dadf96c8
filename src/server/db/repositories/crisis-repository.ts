import { sql } from 'kysely';
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import { LABEL_COLUMN_NAMES } from '../../../shared/labels/label-columns';
import { readableBy, readableRecordBy } from './sql/releasability-sql';
import type { Reader } from '../../../shared/labels/label';
import type { CrisesTable, CrisisEntriesTable, DB } from '../schema';

export type CrisisRow = Selectable<CrisesTable> & { declared_by_name: string };
export type CrisisEntryRow = Selectable<CrisisEntriesTable> & {
  entered_by_name: string;
  owner_name: string | null;
  crisis_exercise: boolean;
  crisis_originator_nation: string;
};

/**
 * Crises and their logs. An entry is read through its crisis: every query that returns entries
 * asks the rule for an entry (its own label and its crisis's), so an entry never shows a crisis its
 * reader may not read.
 */
export function crisisRepository(db: Kysely<DB>) {
  const crises = () =>
    db
      .selectFrom('crises')
      .innerJoin('users', 'users.id', 'crises.declared_by')
      .selectAll('crises')
      .select('users.display_name as declared_by_name');
  const entries = (reader: Reader | null) => {
    let query = db
      .selectFrom('crisis_entries')
      .innerJoin('crises', 'crises.id', 'crisis_entries.crisis_id')
      .innerJoin('users as author', 'author.id', 'crisis_entries.entered_by')
      .leftJoin('users as owner', 'owner.id', 'crisis_entries.owner_user')
      .selectAll('crisis_entries')
      .select([
        'author.display_name as entered_by_name',
        'owner.display_name as owner_name',
        'crises.exercise as crisis_exercise',
        'crises.originator_nation as crisis_originator_nation',
      ]);
    if (reader) query = query.where(readableRecordBy('crisis-entry', reader, 'crisis_entries'));
    return query;
  };
  return {
    insert: (row: Insertable<CrisesTable>) => db.insertInto('crises').values(row).execute(),
    /** The crisis if `reader` may read it; otherwise nothing, exactly as if it did not exist. */
    findReadable: (id: string, reader: Reader): Promise<CrisisRow | undefined> =>
      crises().where('crises.id', '=', id).where(readableBy(reader, 'crises')).executeTakeFirst(),
    /** A crisis's label columns, to decide who takes part (no read rule: the caller decides). */
    labelOf: (id: string) => db.selectFrom('crises').select(LABEL_COLUMN_NAMES).where('id', '=', id).executeTakeFirst(),
    /** The nation that wrote an entry, if the entry is here. */
    entryOriginator: async (id: string) =>
      (await db.selectFrom('crisis_entries').select('originator_nation').where('id', '=', id).executeTakeFirst())?.originator_nation,
    exists: async (id: string) => (await db.selectFrom('crises').select('id').where('id', '=', id).executeTakeFirst()) !== undefined,
    /** Locks the crisis: entries and closure of one crisis are written one at a time. */
    lock: (id: string) =>
      db
        .selectFrom('crises')
        .select(['id', 'status', 'version', 'originator_nation', 'home_node'])
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst(),
    update: (id: string, set: Updateable<CrisesTable>) => db.updateTable('crises').set(set).where('id', '=', id).execute(),
    listReadable: (
      reader: Reader,
      limit: number,
      after: { at: Date; id: string } | null,
      filter: { status?: 'open' | 'closed' | undefined; alert?: string | undefined },
    ): Promise<CrisisRow[]> => {
      let query = crises().where(readableBy(reader, 'crises'));
      if (filter.status) query = query.where('crises.status', '=', filter.status);
      if (filter.alert) query = query.where('crises.alert_id', '=', filter.alert);
      if (after) query = query.where(sql<boolean>`(crises.declared_at, crises.id) < (${after.at}, ${after.id})`);
      return query.orderBy('crises.declared_at', 'desc').orderBy('crises.id', 'desc').limit(limit).execute();
    },
    /** Dashboard counts over readable crises and alerts that are not exercises. */
    liveCounts: async (reader: Reader, alertsSince: Date) => {
      const row = await db
        .selectNoFrom((eb) => [
          eb
            .selectFrom('crises')
            .select((c) => c.fn.countAll<string>().as('n'))
            .where('crises.exercise', '=', false)
            .where(readableBy(reader, 'crises'))
            .as('total'),
          eb
            .selectFrom('crises')
            .select((c) => c.fn.countAll<string>().as('n'))
            .where('crises.exercise', '=', false)
            .where('crises.status', '=', 'open')
            .where(readableBy(reader, 'crises'))
            .as('open'),
          eb
            .selectFrom('alerts')
            .select((c) => c.fn.countAll<string>().as('n'))
            .where('alerts.exercise', '=', false)
            .where('alerts.raised_at', '>=', alertsSince)
            .where(readableBy(reader, 'alerts'))
            .as('alerts'),
        ])
        .executeTakeFirstOrThrow();
      return { total: Number(row.total), open: Number(row.open), alerts: Number(row.alerts) };
    },

    insertEntry: (row: Insertable<CrisisEntriesTable>) => db.insertInto('crisis_entries').values(row).execute(),
    findEntryReadable: (id: string, reader: Reader): Promise<CrisisEntryRow | undefined> =>
      entries(reader).where('crisis_entries.id', '=', id).executeTakeFirst(),
    entryExists: async (id: string) =>
      (await db.selectFrom('crisis_entries').select('id').where('id', '=', id).executeTakeFirst()) !== undefined,
    /** The entry, unfiltered, locked (the caller has already checked the reader may read it). */
    entryForUpdate: (id: string) => db.selectFrom('crisis_entries').selectAll().where('id', '=', id).forUpdate().executeTakeFirst(),
    /** Which of these entries the reader may read. */
    readableAmong: async (reader: Reader, ids: string[]) =>
      new Set(ids.length === 0 ? [] : (await entries(reader).where('crisis_entries.id', 'in', ids).execute()).map((r) => r.id)),
    /** The nations that wrote these entries (to decide who may move the offers answering them). */
    entryNations: async (ids: string[]) =>
      new Map(
        ids.length === 0
          ? []
          : (await db.selectFrom('crisis_entries').select(['id', 'originator_nation']).where('id', 'in', ids).execute()).map(
              (r) => [r.id, r.originator_nation] as const,
            ),
      ),
    /** Which of these crises are open. */
    openAmong: async (ids: string[]) =>
      ids.length === 0
        ? []
        : (await db.selectFrom('crises').select('id').where('id', 'in', ids).where('status', '=', 'open').execute()).map((r) => r.id),
    /** The moves of an entry (its update entries) in log order, unfiltered. */
    movesOf: async (subjectId: string) =>
      (
        await db
          .selectFrom('crisis_entries')
          .select(['originator_nation', 'entered_by', 'entered_at', 'content'])
          .where('subject_id', '=', subjectId)
          .orderBy('entered_at')
          .orderBy('id')
          .execute()
      ).map((m) => ({ ...m, action: String((m.content as { action?: unknown }).action) })),
    /** An offer's requesting nation when the offer does not carry it: its request's, or its crisis's. */
    offerRequester: async (offer: { request_id: string | null; crisis_id: string }): Promise<string | undefined> =>
      (offer.request_id
        ? await db.selectFrom('crisis_entries').select('originator_nation').where('id', '=', offer.request_id).executeTakeFirst()
        : await db.selectFrom('crises').select('originator_nation').where('id', '=', offer.crisis_id).executeTakeFirst()
      )?.originator_nation,
    updateEntry: (id: string, set: Updateable<CrisisEntriesTable>) =>
      db.updateTable('crisis_entries').set(set).where('id', '=', id).execute(),
    /** Readable entries in log order (oldest first), of one crisis or of all. */
    listEntriesReadable: (
      reader: Reader,
      crisisId: string | null,
      limit: number,
      after: { at: Date; id: string } | null,
    ): Promise<CrisisEntryRow[]> => {
      let query = entries(reader);
      if (crisisId) query = query.where('crisis_entries.crisis_id', '=', crisisId);
      if (after) query = query.where(sql<boolean>`(crisis_entries.entered_at, crisis_entries.id) > (${after.at}, ${after.id})`);
      return query.orderBy('crisis_entries.entered_at').orderBy('crisis_entries.id').limit(limit).execute();
    },
    /** Every readable entry of a crisis, in log order (status board, after-action report). */
    allEntriesReadable: (reader: Reader, crisisId: string): Promise<CrisisEntryRow[]> =>
      entries(reader)
        .where('crisis_entries.crisis_id', '=', crisisId)
        .orderBy('crisis_entries.entered_at')
        .orderBy('crisis_entries.id')
        .execute(),
    /** The readable offers answering these requests. */
    offersReadable: (reader: Reader, requestIds: string[]) =>
      requestIds.length === 0
        ? Promise.resolve([])
        : entries(reader).where('crisis_entries.kind', '=', 'offer').where('crisis_entries.request_id', 'in', requestIds).execute(),
  };
}
