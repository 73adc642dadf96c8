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
    /**
     * A page from the peer applied: what was refused kept with its reason, the counters, and the
     * cursor to go on from (and the last one a page came with, to go back to).
     */
    applied: async (
      nodeId: string,
      at: Date,
      outcome: { applied: number; rejected: { stixId: string | null; reason: string }[] },
      cursors: { next?: string | undefined; fetchedWith?: string | null | undefined },
    ) => {
      if (outcome.rejected.length > 0)
        await db
          .insertInto('federation_rejects')
          .values(outcome.rejected.map((r) => ({ peer_node_id: nodeId, at, stix_id: r.stixId, reason: r.reason.slice(0, 500) })))
          .execute();
      await db
        .updateTable('peers')
        .set({
          ...(cursors.next ? { pull_cursor: cursors.next } : {}),
          ...(cursors.fetchedWith !== undefined ? { good_cursor: cursors.fetchedWith } : {}),
          objects_in: sql`objects_in + ${outcome.applied}`,
          rejects: sql`rejects + ${outcome.rejected.length}`,
          last_pull_at: at,
          last_contact_at: at,
          last_error: null,
          last_error_at: null,
          ...(outcome.applied > 0 ? { last_object_at: at } : {}),
        })
        .where('node_id', '=', nodeId)
        .execute();
    },
    /** The peer was served `count` objects (a page of its pull). */
    served: (nodeId: string, count: number, at: Date) =>
      db
        .updateTable('peers')
        .set({ objects_out: sql`objects_out + ${count}`, last_contact_at: at })
        .where('node_id', '=', nodeId)
        .execute(),
    /** A pull from the peer failed: counted, with what went wrong. */
    pullFailed: (nodeId: string, at: Date, error: string) =>
      db
        .updateTable('peers')
        .set({ last_error: error.slice(0, 500), last_error_at: at, pull_failures: sql`pull_failures + 1` })
        .where('node_id', '=', nodeId)
        .execute(),
    /** Every peer's node id, those that asked to be pulled (poked) first. */
    idsToPull: () =>
      db
        .selectFrom('peers')
        .select('node_id')
        .orderBy(sql`pull_requested_at is null`)
        .execute(),
    /** Sets how far the peer is trusted; false when there is no such peer. */
    setTrust: async (nodeId: string, trust: Updateable<PeersTable>) =>
      Number((await db.updateTable('peers').set(trust).where('node_id', '=', nodeId).executeTakeFirst()).numUpdatedRows) > 0,
    /** The latest things refused from any peer, newest first. */
    recentRejects: (limit: number) => db.selectFrom('federation_rejects').selectAll().orderBy('id', 'desc').limit(limit).execute(),
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
