import { sql } from 'kysely';
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import { readableBy } from './sql/releasability-sql';
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
    /** An answer from the desk clears what its escalation told people (older rows name no desk). */
    clearNotifications: (alertId: string, deskId: string, at: Date) =>
      db
        .updateTable('notifications')
        .set({ read_at: at })
        .where('alert_id', '=', alertId)
        .where((eb) => eb.or([eb('desk_id', '=', deskId), eb('desk_id', 'is', null)]))
        .where('read_at', 'is', null)
        .execute(),
    /** Who each step of these alerts' escalations at these desks paged, and when. */
    pagedAt: (alertIds: string[], deskIds: string[]) =>
      alertIds.length === 0 || deskIds.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('notifications')
            .innerJoin('users', 'users.id', 'notifications.user_id')
            .select([
              'notifications.alert_id',
              'notifications.desk_id',
              'notifications.role',
              'notifications.created_at',
              'users.id as user_id',
              'users.username',
              'users.display_name',
            ])
            .where('notifications.alert_id', 'in', alertIds)
            .where('notifications.desk_id', 'in', deskIds)
            .where('notifications.event', '=', 'step')
            .orderBy('notifications.created_at')
            .execute(),
    /**
     * The open escalations (escalating, or run out without an answer) at this node's desks of
     * `nation` that the user answers for — every such desk for a duty officer, else the desks
     * whose roster or shifts name the user — of alerts the reader may read; newest first.
     */
    awaiting: (reader: Reader, nation: string, userId: string, everyDesk: boolean, limit: number) => {
      let query = db
        .selectFrom('alert_targets')
        .innerJoin('alerts', 'alerts.id', 'alert_targets.alert_id')
        .innerJoin('desks', 'desks.id', 'alert_targets.desk_id')
        .select([
          'alerts.id as alert_id',
          'alerts.severity',
          'alerts.summary',
          'alerts.exercise',
          'alerts.raised_at',
          'desks.id as desk_id',
          'desks.name as desk_name',
          'alert_targets.status',
          'alert_targets.due_at',
        ])
        .where('desks.nation', '=', nation)
        .where('desks.home_node', 'is', null)
        .where('alert_targets.status', 'in', ['escalating', 'exhausted'])
        .where(readableBy(reader, 'alerts'));
      if (!everyDesk) {
        query = query.where((eb) =>
          eb.or([
            eb.exists(
              eb
                .selectFrom('desk_roster')
                .select('desk_roster.user_id')
                .whereRef('desk_roster.desk_id', '=', 'desks.id')
                .where('desk_roster.user_id', '=', userId),
            ),
            eb.exists(
              eb
                .selectFrom('desk_shifts')
                .select('desk_shifts.user_id')
                .whereRef('desk_shifts.desk_id', '=', 'desks.id')
                .where('desk_shifts.user_id', '=', userId),
            ),
          ]),
        );
      }
      return query.orderBy('alerts.raised_at', 'desc').orderBy('desks.name').limit(limit).execute();
    },
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
