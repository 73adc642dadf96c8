/** TAXII status resources (TAXII 2.1, 4.3): what became of each add-objects request, for the person who made it. */
import type { Kysely } from 'kysely';
import type { DB } from '../schema';

export function taxiiStatusRepository(db: Kysely<DB>) {
  return {
    insert: (row: { id: string; user_id: string; created_at: Date; status: unknown }) =>
      db
        .insertInto('taxii_status')
        .values({ ...row, status: JSON.stringify(row.status) })
        .execute(),
    /** A status, only if `userId` made the request. */
    findOwn: async (id: string, userId: string) =>
      (await db.selectFrom('taxii_status').select('status').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst())?.status,
  };
}
