/** The TAXII feeds this node reads (`taxii_subscriptions`) and the objects they brought that could not be mapped (`taxii_unmapped`). */
import { sql } from 'kysely';
import type { Insertable, Kysely, Selectable, UpdateObject } from 'kysely';
import type { DB, TaxiiSubscriptionsTable, TaxiiUnmappedTable } from '../schema';

export type SubscriptionRow = Selectable<TaxiiSubscriptionsTable>;

/** What one page of a feed added to its counters. */
export interface PageCounts {
  imported: number;
  originatorOnly: number;
  present: number;
  updated: number;
  unmapped: number;
}

export function taxiiSubscriptionRepository(db: Kysely<DB>) {
  /** The feeds with their owners' user names. */
  const withOwners = () =>
    db
      .selectFrom('taxii_subscriptions')
      .innerJoin('users', 'users.id', 'taxii_subscriptions.owner_id')
      .selectAll('taxii_subscriptions')
      .select('users.username as owner_username');
  return {
    find: (id: string) => db.selectFrom('taxii_subscriptions').selectAll().where('id', '=', id).executeTakeFirst(),
    listWithOwners: () => withOwners().orderBy('taxii_subscriptions.name').execute(),
    findWithOwner: (id: string) => withOwners().where('taxii_subscriptions.id', '=', id).executeTakeFirst(),
    insert: (row: Insertable<TaxiiSubscriptionsTable>) => db.insertInto('taxii_subscriptions').values(row).execute(),
    update: (id: string, set: UpdateObject<DB, 'taxii_subscriptions'>) =>
      db.updateTable('taxii_subscriptions').set(set).where('id', '=', id).execute(),
    /** A failed poll: counted, with what went wrong, and no longer asked for. */
    failed: (id: string, at: Date, error: string) =>
      db
        .updateTable('taxii_subscriptions')
        .set({ last_poll_at: at, poll_requested_at: null, failures: sql`failures + 1`, last_error: error })
        .where('id', '=', id)
        .execute(),
    /** A page read: the feed's new position and counters. */
    pageRead: (id: string, at: Date, position: { addedAfter: string | null; next: string | null }, counts: PageCounts) =>
      db
        .updateTable('taxii_subscriptions')
        .set({
          added_after: position.addedAfter,
          next_page: position.next,
          imported: sql`imported + ${counts.imported}`,
          originator_only: sql`originator_only + ${counts.originatorOnly}`,
          present: sql`present + ${counts.present}`,
          updated: sql`updated + ${counts.updated}`,
          unmapped: sql`unmapped + ${counts.unmapped}`,
          last_poll_at: at,
          last_success_at: at,
          last_error: null,
          poll_requested_at: null,
        })
        .where('id', '=', id)
        .execute(),
    remove: (id: string) => db.deleteFrom('taxii_subscriptions').where('id', '=', id).execute(),
    /** Feeds due a poll: not paused, and asked for, never polled, or last polled at or before `before`. */
    due: (before: Date) =>
      db
        .selectFrom('taxii_subscriptions')
        .select('id')
        .where('paused', '=', false)
        .where((eb) => eb.or([eb('poll_requested_at', 'is not', null), eb('last_poll_at', 'is', null), eb('last_poll_at', '<=', before)]))
        .execute(),
    addUnmapped: (rows: Insertable<TaxiiUnmappedTable>[]) =>
      rows.length === 0
        ? Promise.resolve()
        : db
            .insertInto('taxii_unmapped')
            .values(rows)
            .execute()
            .then(() => undefined),
    /** A feed's unmapped objects, newest first, `limit + 1` of them before `beforeSeq`. */
    unmapped: (id: string, limit: number, beforeSeq?: number) => {
      let query = db.selectFrom('taxii_unmapped').selectAll().where('subscription_id', '=', id);
      if (beforeSeq !== undefined) query = query.where('seq', '<', beforeSeq);
      return query
        .orderBy('seq', 'desc')
        .limit(limit + 1)
        .execute();
    },
  };
}
