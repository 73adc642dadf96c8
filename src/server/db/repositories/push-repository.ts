import type { Insertable, Kysely } from 'kysely';
import type { DB, PushOutboxTable, PushSubscriptionsTable } from '../schema';

/** Web Push subscriptions and the push outbox. */
export function pushRepository(db: Kysely<DB>) {
  return {
    /** Adds a browser, or gives an endpoint already known to its new owner and keys. */
    upsertSubscription: (row: Insertable<PushSubscriptionsTable>) =>
      db
        .insertInto('push_subscriptions')
        .values(row)
        .onConflict((oc) => oc.column('endpoint').doUpdateSet({ user_id: row.user_id, p256dh: row.p256dh, auth: row.auth }))
        .execute(),
    removeSubscription: (userId: string, endpoint: string) =>
      db.deleteFrom('push_subscriptions').where('user_id', '=', userId).where('endpoint', '=', endpoint).executeTakeFirst(),
    /** The message's browser is gone: forget it (and what was queued for it). */
    forget: (message: { subscription_id: string }) =>
      db.deleteFrom('push_subscriptions').where('id', '=', message.subscription_id).execute(),
    subscriptionsOf: (userIds: string[]) =>
      userIds.length === 0
        ? Promise.resolve([])
        : db.selectFrom('push_subscriptions').selectAll().where('user_id', 'in', userIds).execute(),
    queue: (rows: Insertable<PushOutboxTable>[]) =>
      rows.length === 0
        ? Promise.resolve()
        : db
            .insertInto('push_outbox')
            .values(rows)
            .execute()
            .then(() => undefined),
    /** Messages due for a (new) attempt with their browsers, locked; rows another process holds are skipped. */
    due: (now: Date, limit: number) =>
      db
        .selectFrom('push_outbox')
        .innerJoin('push_subscriptions', 'push_subscriptions.id', 'push_outbox.subscription_id')
        .select([
          'push_outbox.id',
          'push_outbox.payload',
          'push_outbox.attempts',
          'push_outbox.subscription_id',
          'push_subscriptions.endpoint',
          'push_subscriptions.p256dh',
          'push_subscriptions.auth',
        ])
        .where('push_outbox.sent_at', 'is', null)
        .where('push_outbox.next_attempt_at', '<=', now)
        .orderBy('push_outbox.next_attempt_at')
        .limit(limit)
        .forUpdate('push_outbox')
        .skipLocked()
        .execute(),
    markSent: (id: string, at: Date) => db.updateTable('push_outbox').set({ sent_at: at, last_error: null }).where('id', '=', id).execute(),
    markFailed: (id: string, attempts: number, nextAttemptAt: Date, error: string) =>
      db
        .updateTable('push_outbox')
        .set({ attempts, next_attempt_at: nextAttemptAt, last_error: error.slice(0, 500) })
        .where('id', '=', id)
        .execute(),
  };
}
