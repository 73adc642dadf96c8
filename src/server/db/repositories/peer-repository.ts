import { sql } from 'kysely';
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { DB, PeersTable } from '../schema';

/** Peers (partner nodes pinned to their keys) and the node tokens already used. */
export function peerRepository(db: Kysely<DB>) {
  return {
    insert: (row: Insertable<PeersTable>) => db.insertInto('peers').values(row).execute(),
    find: (nodeId: string) => db.selectFrom('peers').selectAll().where('node_id', '=', nodeId).executeTakeFirst(),
    list: () => db.selectFrom('peers').selectAll().orderBy('nation').orderBy('url').execute(),
    update: (nodeId: string, set: Updateable<PeersTable>) => db.updateTable('peers').set(set).where('node_id', '=', nodeId).execute(),
    /** Pulls from the peer go on from `back` (null: the start); the reset is counted. */
    resetCursor: (nodeId: string, back: string | null) =>
      db
        .updateTable('peers')
        .set({ pull_cursor: back, cursor_resets: sql`cursor_resets + 1` })
        .where('node_id', '=', nodeId)
        .execute(),
    /** Keeps something refused from the peer with its reason, counted among its rejects. */
    reject: async (nodeId: string, at: Date, stixId: string | null, reason: string) => {
      await db
        .insertInto('federation_rejects')
        .values({ peer_node_id: nodeId, at, stix_id: stixId, reason: reason.slice(0, 500) })
        .execute();
      await db
        .updateTable('peers')
        .set({ rejects: sql`rejects + 1` })
        .where('node_id', '=', nodeId)
        .execute();
    },
    remove: (nodeId: string) => db.deleteFrom('peers').where('node_id', '=', nodeId).executeTakeFirst(),
    /** Records a token's id; false when it was presented before (a replay). Forgets expired ones. */
    useToken: async (jti: string, nodeId: string, expiresAt: Date, now: Date) => {
      await db.deleteFrom('node_token_uses').where('expires_at', '<', now).execute();
      const inserted = await db
        .insertInto('node_token_uses')
        .values({ jti, node_id: nodeId, expires_at: expiresAt })
        .onConflict((oc) => oc.column('jti').doNothing())
        .returning('jti')
        .execute();
      return inserted.length > 0;
    },
  };
}
