import { sql } from 'kysely';
import type { Kysely, Selectable } from 'kysely';
import type { DB, IdempotencyKeysTable } from '../schema';

export type StoredAnswerRow = Selectable<IdempotencyKeysTable>;

/** The first answers to requests sent with an Idempotency-Key (see domain/idempotency/). */
export function idempotencyKeyRepository(db: Kysely<DB>) {
  return {
    /** The answer kept for the key, unless it has expired. */
    find: (caller: string, route: string, key: string, now: Date): Promise<StoredAnswerRow | undefined> =>
      db
        .selectFrom('idempotency_keys')
        .selectAll()
        .where('caller', '=', caller)
        .where('route', '=', route)
        .where('key', '=', key)
        .where('expires_at', '>', now)
        .executeTakeFirst(),
    /**
     * Keeps an answer; an expired row of the same key is replaced. False when a live row holds the
     * key already (a concurrent request with the same key committed first: its transaction waits
     * here until that one ends).
     */
    store: async (row: Omit<StoredAnswerRow, 'headers'> & { headers: Record<string, string> }, now: Date): Promise<boolean> => {
      const values = { ...row, headers: JSON.stringify(row.headers) };
      const stored = await db
        .insertInto('idempotency_keys')
        .values(values)
        .onConflict((oc) =>
          oc
            .columns(['caller', 'route', 'key'])
            .doUpdateSet({
              fingerprint: values.fingerprint,
              status: values.status,
              headers: values.headers,
              body: values.body,
              created_at: values.created_at,
              expires_at: values.expires_at,
            })
            .where(sql<boolean>`idempotency_keys.expires_at <= ${now}::timestamptz`),
        )
        .returning('key')
        .executeTakeFirst();
      return stored !== undefined;
    },
    /** Deletes up to `limit` expired keys; returns how many. */
    deleteExpired: async (now: Date, limit: number): Promise<number> => {
      const result = await sql<{ key: string }>`
        delete from idempotency_keys where ctid in (
          select ctid from idempotency_keys where expires_at <= ${now}::timestamptz limit ${limit}
        ) returning key
      `.execute(db);
      return result.rows.length;
    },
  };
}
