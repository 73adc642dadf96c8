import type { Insertable, Kysely, Updateable } from 'kysely';
import type { DB, PeersTable } from '../schema';

/** Peers (partner nodes pinned to their keys) and the node tokens already used. */
export function peerRepository(db: Kysely<DB>) {
  return {
    insert: (row: Insertable<PeersTable>) => db.insertInto('peers').values(row).execute(),
    find: (nodeId: string) => db.selectFrom('peers').selectAll().where('node_id', '=', nodeId).executeTakeFirst(),
    list: () => db.selectFrom('peers').selectAll().orderBy('nation').orderBy('url').execute(),
    update: (nodeId: string, set: Updateable<PeersTable>) => db.updateTable('peers').set(set).where('node_id', '=', nodeId).execute(),
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
