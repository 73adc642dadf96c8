import { sql } from 'kysely';
import type { Insertable, Kysely } from 'kysely';
import type { DB, NotificationsTable, SavedSearchesTable } from '../schema';

export function savedSearchRepository(db: Kysely<DB>) {
  return {
    insert: (row: Insertable<SavedSearchesTable>) => db.insertInto('saved_searches').values(row).execute(),
    listByOwner: (owner: string) =>
      db.selectFrom('saved_searches').selectAll().where('owner', '=', owner).orderBy('created_at', 'desc').execute(),
    find: (id: string) => db.selectFrom('saved_searches').selectAll().where('id', '=', id).executeTakeFirst(),
    delete: (id: string) => db.deleteFrom('saved_searches').where('id', '=', id).execute(),
    /** Searches not yet checked against change `seq`, locked so two processes never check one twice. */
    behind: (seq: number, limit: number) =>
      db
        .selectFrom('saved_searches')
        .selectAll()
        .where('checked_seq', '<', seq)
        .orderBy('checked_seq')
        .limit(limit)
        .forUpdate()
        .skipLocked()
        .execute(),
    setChecked: (id: string, seq: number) => db.updateTable('saved_searches').set({ checked_seq: seq }).where('id', '=', id).execute(),
    /** Records hits; returns the incidents not reported before. */
    addHits: async (searchId: string, incidentIds: string[]) =>
      incidentIds.length === 0
        ? []
        : (
            await db
              .insertInto('saved_search_hits')
              .values(incidentIds.map((incident_id) => ({ search_id: searchId, incident_id })))
              .onConflict((oc) => oc.doNothing())
              .returning('incident_id')
              .execute()
          ).map((r) => r.incident_id),
    insertNotification: (row: Insertable<NotificationsTable>) => db.insertInto('notifications').values(row).execute(),
    notificationsOf: (userId: string, limit: number) =>
      db
        .selectFrom('notifications')
        .leftJoin('saved_searches', 'saved_searches.id', 'notifications.search_id')
        .leftJoin('alerts', 'alerts.id', 'notifications.alert_id')
        .leftJoin('desks', 'desks.id', 'notifications.desk_id')
        .select([
          'notifications.desk_id',
          'notifications.event',
          'notifications.role',
          'alerts.severity',
          'alerts.exercise',
          'desks.name as desk_name',
          'notifications.id',
          'notifications.kind',
          'notifications.search_id',
          'notifications.count',
          'notifications.alert_id',
          'notifications.line',
          'notifications.record_id',
          'notifications.created_at',
          'notifications.read_at',
          'saved_searches.name',
        ])
        .where('notifications.user_id', '=', userId)
        .orderBy('notifications.created_at', 'desc')
        .limit(limit)
        .execute(),
    markRead: (userId: string, id: string | null, at: Date) => {
      let query = db.updateTable('notifications').set({ read_at: at }).where('user_id', '=', userId).where('read_at', 'is', null);
      if (id) query = query.where('id', '=', id);
      return query.executeTakeFirst();
    },
  };
}

/** The last change record (0 when there is none). */
export async function lastChangeSeq(db: Kysely<DB>): Promise<number> {
  const row = await sql<{ seq: string | null }>`select max(seq) as seq from changes`.execute(db);
  return Number(row.rows[0]?.seq ?? 0);
}

/** Incidents changed after `from` up to `to` (created, released, widened, edited, imported). */
export async function incidentsChangedBetween(db: Kysely<DB>, from: number, to: number): Promise<string[]> {
  const rows = await db
    .selectFrom('changes')
    .select('record_id')
    .distinct()
    .where('record_kind', '=', 'incident')
    .where('seq', '>', from)
    .where('seq', '<=', to)
    .execute();
  return rows.map((r) => r.record_id);
}
