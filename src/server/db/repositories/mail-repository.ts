import type { Insertable, Kysely } from 'kysely';
import type { DB, MailOutboxTable } from '../schema';

/** The mail outbox. */
export function mailRepository(db: Kysely<DB>) {
  return {
    queue: (rows: Insertable<MailOutboxTable>[]) =>
      rows.length === 0
        ? Promise.resolve()
        : db
            .insertInto('mail_outbox')
            .values(rows)
            .execute()
            .then(() => undefined),
    /** Messages due for a (new) attempt, locked; rows another process holds are skipped. */
    due: (now: Date, limit: number) =>
      db
        .selectFrom('mail_outbox')
        .selectAll()
        .where('sent_at', 'is', null)
        .where('next_attempt_at', '<=', now)
        .orderBy('next_attempt_at')
        .limit(limit)
        .forUpdate()
        .skipLocked()
        .execute(),
    markSent: (id: string, at: Date) => db.updateTable('mail_outbox').set({ sent_at: at, last_error: null }).where('id', '=', id).execute(),
    markFailed: (id: string, attempts: number, nextAttemptAt: Date, error: string) =>
      db
        .updateTable('mail_outbox')
        .set({ attempts, next_attempt_at: nextAttemptAt, last_error: error.slice(0, 500) })
        .where('id', '=', id)
        .execute(),
  };
}
