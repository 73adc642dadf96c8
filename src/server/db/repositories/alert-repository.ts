import { sql } from 'kysely';
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import { readableBy } from '../releasability-sql';
import type { Reader } from '../../../shared/labels/label';
import type { AlertResponsesTable, AlertTargetsTable, AlertsTable, DB, NotificationsTable } from '../schema';

export type AlertRow = Selectable<AlertsTable>;
export type AlertTargetRow = Selectable<AlertTargetsTable>;
export type AlertResponseRow = Selectable<AlertResponsesTable>;

/** Hotline alerts, their escalations per target desk, the responses and the notifications of steps. */
export function alertRepository(db: Kysely<DB>) {
  return {
    insert: (row: Insertable<AlertsTable>) => db.insertInto('alerts').values(row).execute(),
    /** The alert if `reader` may read it; otherwise nothing, exactly as if it did not exist. */
    findReadable: (id: string, reader: Reader) =>
      db.selectFrom('alerts').selectAll().where('id', '=', id).where(readableBy(reader, 'alerts')).executeTakeFirst(),
    exists: async (id: string) => (await db.selectFrom('alerts').select('id').where('id', '=', id).executeTakeFirst()) !== undefined,
    find: (id: string) => db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst(),
    listReadable: (reader: Reader, limit: number, after: { createdAt: Date; id: string } | null) => {
      let query = db.selectFrom('alerts').selectAll().where(readableBy(reader, 'alerts'));
      if (after) query = query.where(sql<boolean>`(alerts.raised_at, alerts.id) < (${after.createdAt}, ${after.id})`);
      return query.orderBy('raised_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    },

    insertTargets: (rows: Insertable<AlertTargetsTable>[]) => db.insertInto('alert_targets').values(rows).execute(),
    targetsOf: (alertIds: string[]) =>
      alertIds.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('alert_targets')
            .innerJoin('desks', 'desks.id', 'alert_targets.desk_id')
            .selectAll('alert_targets')
            .select(['desks.name as desk_name', 'desks.nation as desk_nation', 'desks.home_node as desk_home_node'])
            .where('alert_targets.alert_id', 'in', alertIds)
            .orderBy('desks.nation')
            .orderBy('desks.name')
            .execute(),
    targetForUpdate: (alertId: string, deskId: string) =>
      db
        .selectFrom('alert_targets')
        .selectAll()
        .where('alert_id', '=', alertId)
        .where('desk_id', '=', deskId)
        .forUpdate()
        .executeTakeFirst(),
    /** Escalations whose timer is due, locked; rows another process holds are skipped, not waited for. */
    dueTargets: (now: Date, limit: number) =>
      db
        .selectFrom('alert_targets')
        .selectAll()
        .where('status', '=', 'escalating')
        .where('due_at', '<=', now)
        .orderBy('due_at')
        .limit(limit)
        .forUpdate()
        .skipLocked()
        .execute(),
    updateTarget: (alertId: string, deskId: string, set: Updateable<AlertTargetsTable>) =>
      db.updateTable('alert_targets').set(set).where('alert_id', '=', alertId).where('desk_id', '=', deskId).execute(),

    /** Writes a response unless the desk has answered already; true when this one was written. */
    insertResponse: async (row: Insertable<AlertResponsesTable>) =>
      (
        await db
          .insertInto('alert_responses')
          .values(row)
          .onConflict((oc) => oc.columns(['alert_id', 'desk_id']).doNothing())
          .returning('id')
          .execute()
      ).length > 0,
    responsesReadable: (alertIds: string[], reader: Reader) =>
      alertIds.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('alert_responses')
            .selectAll()
            .where('alert_id', 'in', alertIds)
            .where(readableBy(reader, 'alert_responses'))
            .execute(),

    /** Which of these alerts an escalation step has notified the user of. */
    notifiedOf: async (userId: string, alertIds: string[]) =>
      alertIds.length === 0
        ? new Set<string>()
        : new Set(
            (
              await db
                .selectFrom('notifications')
                .select('alert_id')
                .distinct()
                .where('user_id', '=', userId)
                .where('alert_id', 'in', alertIds)
                .execute()
            ).map((r) => r.alert_id!),
          ),
    insertNotifications: (rows: Insertable<NotificationsTable>[]) =>
      rows.length === 0
        ? Promise.resolve()
        : db
            .insertInto('notifications')
            .values(rows)
            .execute()
            .then(() => undefined),
  };
}
