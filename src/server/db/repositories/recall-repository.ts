import { sql } from 'kysely';
import { RELEASABLE_TABLES } from '../record-tables';
import { readableBy } from './sql/releasability-sql';
import type { ReleasableKind } from '../record-tables';
import type { Kysely } from 'kysely';
import type { Reader } from '../../../shared/labels/label';
import type { Insertable } from 'kysely';
import type { DB, RecallReceiptsTable, RecallsTable } from '../schema';

/**
 * This node's recalls of its own records and partners' receipts. A recall is shown only to a
 * reader who may read the record it recalled (the record stays here, recalled: its originating
 * organisation's readers who pass its clearance, caveats and TLP:RED gate — the releasing officer
 * who recalled it among them).
 */
/** The kinds a recall names, and their tables. */
const RECALLED_TABLES = Object.entries(RELEASABLE_TABLES) as [ReleasableKind, (typeof RELEASABLE_TABLES)[ReleasableKind]][];

export function recallRepository(db: Kysely<DB>) {
  /** The recalls, newest first, whose record `reader` may read. */
  const readable = (reader: Reader) =>
    db
      .selectFrom('recalls as r')
      .selectAll('r')
      .where((eb) =>
        eb.or(
          RECALLED_TABLES.map(([kind, table]) =>
            eb.and([
              eb('r.record_kind', '=', kind),
              eb.exists(
                eb
                  .selectFrom(`${table} as t` as 'incidents as t') // every recalled table has the id and label columns used here
                  .select(sql`1`.as('one'))
                  .whereRef('t.id', '=', 'r.record_id')
                  .where(readableBy(reader, 't')),
              ),
            ]),
          ),
        ),
      );
  return {
    /** Which kind of recallable record `id` is, if one is here (whoever may read it). */
    kindOf: async (id: string) => {
      for (const [kind, table] of RECALLED_TABLES)
        if (await db.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst()) return kind;
      return undefined;
    },
    /** One recall, if its record is readable by `reader`. */
    findReadable: (id: string, reader: Reader) => readable(reader).where('r.id', '=', id).executeTakeFirst(),
    /** The latest recalls (of one record, when given) whose record is readable by `reader`. */
    listReadable: (reader: Reader, recordId: string | undefined, limit: number) => {
      let query = readable(reader);
      if (recordId) query = query.where('r.record_id', '=', recordId);
      return query.orderBy('r.recalled_at', 'desc').limit(limit).execute();
    },
    /** The peers that were served any version of the recalled record. */
    deliveredTo: (stixId: string) =>
      db
        .selectFrom('deliveries')
        .innerJoin('peers', 'peers.node_id', 'deliveries.peer_node_id')
        .select(['peers.node_id', 'peers.nation'])
        .distinct()
        .where('deliveries.stix_id', '=', stixId)
        .execute(),
    insert: (row: Insertable<RecallsTable>) => db.insertInto('recalls').values(row).execute(),
    /** Per peer, how many recalls of records it was served it has not yet confirmed with a receipt. */
    pendingReceiptsByPeer: () =>
      db
        .selectFrom('recalls as r')
        .innerJoin('deliveries as d', 'd.stix_id', 'r.stix_id')
        .leftJoin('recall_receipts as rr', (join) => join.onRef('rr.recall_id', '=', 'r.id').onRef('rr.node_id', '=', 'd.peer_node_id'))
        .where('rr.recall_id', 'is', null)
        .select(['d.peer_node_id', (eb) => eb.fn.count<string>('r.id').distinct().as('count')])
        .groupBy('d.peer_node_id')
        .execute(),
    /** The id of this node's recall of a published object, if it made one. */
    idOf: async (stixId: string) => (await db.selectFrom('recalls').select('id').where('stix_id', '=', stixId).executeTakeFirst())?.id,
    /** Keeps a partner's receipt; false when that node's receipt for the recall is here already. */
    addReceipt: async (row: Insertable<RecallReceiptsTable>) =>
      (
        await db
          .insertInto('recall_receipts')
          .values(row)
          .onConflict((oc) => oc.columns(['recall_id', 'node_id']).doNothing())
          .returning('recall_id')
          .execute()
      ).length > 0,
    receipts: (recallId: string) => db.selectFrom('recall_receipts').selectAll().where('recall_id', '=', recallId).execute(),
    peers: (nodeIds: string[]) =>
      nodeIds.length === 0
        ? Promise.resolve([])
        : db.selectFrom('peers').select(['node_id', 'nation']).where('node_id', 'in', nodeIds).execute(),
  };
}
