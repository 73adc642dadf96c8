import type { ReleasableKind } from '../record-tables';
import { RELEASABLE_TABLES } from '../record-tables';
import { sql } from 'kysely';
import { anyText } from './sql/text-array';
import type { Insertable, Kysely } from 'kysely';
import type { DB, TombstonesTable } from '../schema';

/** The record kinds a recall names, and their tables. */
export type RecalledKind = ReleasableKind;
const TABLES = RELEASABLE_TABLES;

/**
 * Tombstones: recalls received from partner nodes, one per (STIX id, the originator nation that
 * signed the recall) — federation/apply.ts decides what they block.
 */
export function tombstoneRepository(db: Kysely<DB>) {
  return {
    /** The tombstones of these STIX ids, whichever nation's recall left them. */
    of: (stixIds: string[]) =>
      stixIds.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('tombstones')
            .select(['stix_id', 'originator_nation', 'record_held', 'sent_by', 'recall_stix_id'])
            .where('stix_id', '=', anyText(stixIds))
            .execute(),
    /** The originator nation of the record of this kind at this id, if one is here; the row stays locked. */
    originatorOf: async (kind: RecalledKind, id: string): Promise<string | null> =>
      (await db.selectFrom(TABLES[kind]).select('originator_nation').where('id', '=', id).forUpdate().executeTakeFirst())
        ?.originator_nation ?? null,
    /** Keeps a tombstone; false when that nation's recall of the id left one already. */
    insert: async (row: Insertable<TombstonesTable>): Promise<boolean> =>
      (
        await db
          .insertInto('tombstones')
          .values(row)
          .onConflict((oc) => oc.columns(['stix_id', 'originator_nation']).doNothing())
          .returning('stix_id')
          .execute()
      ).length > 0,
    remove: (stixId: string, nation: string) =>
      db.deleteFrom('tombstones').where('stix_id', '=', stixId).where('originator_nation', '=', nation).execute(),
    /**
     * Records a refused recall against the node that sent it (its rejects on the federation screen):
     * `sentBy`, or, for a tombstone kept before senders were recorded, the peers of its nation.
     */
    refuseRecall: async (sentBy: string | null, nation: string, at: Date, recallStixId: string, reason: string) => {
      const peers = sentBy
        ? [sentBy]
        : (await db.selectFrom('peers').select('node_id').where('nation', '=', nation).execute()).map((p) => p.node_id);
      if (peers.length === 0) return;
      await db
        .insertInto('federation_rejects')
        .values(peers.map((node) => ({ peer_node_id: node, at, stix_id: recallStixId, reason: reason.slice(0, 500) })))
        .execute();
      await db
        .updateTable('peers')
        .set({ rejects: sql`rejects + 1` })
        .where('node_id', '=', anyText(peers))
        .execute();
    },
  };
}
