/** The published rows this node signed, for re-signing them under a new node key (key-rotation.ts). */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { DB } from '../schema';

export interface SignedRow {
  seq: number;
  object: string;
  stripped: string | null;
}

export function signedObjectRepository(db: Kysely<DB>) {
  return {
    /** Rows published by `nodeId` after `afterSeq`, in order, as the JSON text stored. */
    publishedBy: async (nodeId: string, afterSeq: number, limit: number): Promise<SignedRow[]> =>
      (
        await db
          .selectFrom('stix_objects')
          .select(['seq', sql<string>`object::text`.as('object'), sql<string | null>`stripped::text`.as('stripped')])
          .where('origin_node', '=', nodeId)
          .where('seq', '>', afterSeq)
          .orderBy('seq')
          .limit(limit)
          .execute()
      ).map((row) => ({ ...row, seq: Number(row.seq) })),
    /** Replaces the objects (and stripped forms) of these rows, in one statement. */
    replace: async (rows: SignedRow[]) => {
      if (rows.length === 0) return;
      await sql`
        update stix_objects o set object = v.object::json, stripped = v.stripped::json
        from unnest(cast(${sql.val(rows.map((r) => r.seq))} as bigint[]), cast(${sql.val(rows.map((r) => r.object))} as text[]),
                    cast(${sql.val(rows.map((r) => r.stripped))} as text[])) as v(seq, object, stripped)
        where o.seq = v.seq
      `.execute(db);
    },
  };
}
