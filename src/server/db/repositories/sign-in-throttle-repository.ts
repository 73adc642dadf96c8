import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { DB } from '../schema';

/** Failed sign-ins per username in a fixed window (see domain/auth/auth-service.ts). */
export function signInThrottleRepository(db: Kysely<DB>) {
  return {
    /**
     * Reserves one attempt for `subject` in ONE statement: a new window when there is none or the
     * last ended (at or before `windowEnd`), else one more attempt while fewer than `limit` are
     * counted. Returns the window's start when reserved, nothing when the limit is reached —
     * concurrent attempts each see the others' reservations, so no more than `limit` pass.
     */
    reserve: async (subject: string, now: Date, windowEnd: Date, limit: number): Promise<Date | null> => {
      const ended = sql<boolean>`sign_in_throttle.window_started_at <= ${windowEnd}::timestamptz`;
      const row = await db
        .insertInto('sign_in_throttle')
        .values({ subject, window_started_at: now, failures: 1 })
        .onConflict((oc) =>
          oc
            .column('subject')
            .doUpdateSet({
              failures: sql`case when ${ended} then 1 else sign_in_throttle.failures + 1 end`,
              window_started_at: sql`case when ${ended} then ${now}::timestamptz else sign_in_throttle.window_started_at end`,
            })
            .where(sql<boolean>`${ended} or sign_in_throttle.failures < ${limit}`),
        )
        .returning('window_started_at')
        .executeTakeFirst();
      return row ? new Date(row.window_started_at) : null;
    },
    /** Gives a reserved attempt back (it succeeded, or was not a guess), if its window still runs. */
    release: (subject: string, windowStartedAt: Date) =>
      db
        .updateTable('sign_in_throttle')
        .set((eb) => ({ failures: eb('failures', '-', 1) }))
        .where('subject', '=', subject)
        .where('window_started_at', '=', windowStartedAt)
        .where('failures', '>', 0)
        .execute(),
    deleteEnded: (windowEnd: Date) => db.deleteFrom('sign_in_throttle').where('window_started_at', '<=', windowEnd).execute(),
  };
}
