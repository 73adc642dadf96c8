/**
 * What an attacker with write access to a node's database does to its audit log (the tests of R7,
 * audit tampering, and of audit anchoring): edit, delete, reorder, truncate, fork, rewrite.
 */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { entryHash } from '../../src/server/domain/audit/audit-log';
import { checkpointPayload } from '../../src/server/domain/audit/audit-verify';
import type { Database } from '../../src/server/db/database';

export type Tampering = 'edit' | 'delete' | 'reorder' | 'truncate' | 'fork';

/** An entry's content changed in place (its hash left as it was). */
export async function editEntry(database: Database, seq: number): Promise<void> {
  await database.db.updateTable('audit_log').set({ actor: 'someone-else' }).where('seq', '=', seq).execute();
}

/** An entry removed from the middle of the log. */
export async function deleteEntry(database: Database, seq: number): Promise<void> {
  await database.db.deleteFrom('audit_log').where('seq', '=', seq).execute();
}

/** Two entries swapped: each keeps its content and hash, under the other's number. */
export async function swapEntries(database: Database, a: number, b: number): Promise<void> {
  const db = database.db;
  await sql`update audit_log set seq = -1 where seq = ${a}`.execute(db);
  await sql`update audit_log set seq = ${a} where seq = ${b}`.execute(db);
  await sql`update audit_log set seq = ${b} where seq = -1`.execute(db);
}

/** The end of the log cut off after entry `keep`, the head moved back, and the checkpoints kept in the database of what was cut removed. */
export async function truncateLog(database: Database, keep: number): Promise<void> {
  const db = database.db;
  const kept = (await db.selectFrom('audit_log').select('hash').where('seq', '=', keep).executeTakeFirstOrThrow()).hash;
  await db.deleteFrom('audit_log').where('seq', '>', keep).execute();
  await db.updateTable('audit_head').set({ seq: keep, hash: kept }).execute();
  await db.deleteFrom('audit_checkpoints').where('seq', '>', keep).execute();
}

/**
 * A fork: the log cut back to entry `keep` and continued with `entries` other entries, chained
 * correctly (as a node restored from an old backup writes on, or as someone rewriting its history
 * would); the checkpoints kept in the database of the cut branch removed.
 */
export async function forkLog(database: Database, keep: number, entries: number): Promise<void> {
  await truncateLog(database, keep);
  const db = database.db;
  let prev = (await db.selectFrom('audit_head').select('hash').executeTakeFirstOrThrow()).hash;
  const at = new Date();
  for (let seq = keep + 1; seq <= keep + entries; seq++) {
    const row = {
      seq,
      at,
      actor_id: null,
      actor: 'system:elsewhere',
      action: 'note.create',
      outcome: 'ok',
      target_kind: 'note',
      target_id: crypto.randomUUID(),
      details: { branch: 'other' },
    };
    const hash = entryHash(prev, row as never);
    await db
      .insertInto('audit_log')
      .values({ ...row, details: JSON.stringify(row.details), prev_hash: prev, hash } as never)
      .execute();
    prev = hash;
  }
  await db
    .updateTable('audit_head')
    .set({ seq: keep + entries, hash: prev })
    .execute();
}

/** Each form of tampering, done to a log of at least six entries. */
export const TAMPERINGS: Record<Tampering, (database: Database) => Promise<void>> = {
  edit: (database) => editEntry(database, 3),
  delete: (database) => deleteEntry(database, 2),
  reorder: (database) => swapEntries(database, 2, 4),
  truncate: (database) => truncateLog(database, 4),
  fork: (database) => forkLog(database, 3, 5),
};

/** An attacker with write access to the database: rewrites entries from `fromSeq` with a recomputed chain and re-signs the checkpoints kept there. */
export async function rewriteAndResign(database: Database, fromSeq: number): Promise<void> {
  const db = database.db;
  const rows = await db.selectFrom('audit_log').selectAll().where('seq', '>=', fromSeq).orderBy('seq').execute();
  let prev = rows[0]!.prev_hash;
  for (const row of rows) {
    const rewritten = { ...row, actor: row.seq === fromSeq ? 'nobody' : row.actor };
    const hash = entryHash(prev, rewritten as never);
    await db.updateTable('audit_log').set({ actor: rewritten.actor, prev_hash: prev, hash }).where('seq', '=', row.seq).execute();
    prev = hash;
  }
  await db.updateTable('audit_head').set({ hash: prev }).execute();
  // The signing key: the one the database holds, if it holds one — otherwise the attacker's own.
  const identity = await db.selectFrom('node_identity').selectAll().executeTakeFirstOrThrow();
  const privateKey = identity.private_key
    ? crypto.createPrivateKey(identity.private_key)
    : crypto.generateKeyPairSync('ed25519').privateKey;
  for (const checkpoint of await db.selectFrom('audit_checkpoints').selectAll().execute()) {
    const seq = Number(checkpoint.seq);
    const headHash = (await db.selectFrom('audit_log').select('hash').where('seq', '=', seq).executeTakeFirstOrThrow()).hash;
    const payload = checkpointPayload({ nodeId: checkpoint.node_id, seq, headHash, at: new Date(checkpoint.at).toISOString() });
    const signature = crypto.sign(null, Buffer.from(payload), privateKey).toString('base64');
    await db.updateTable('audit_checkpoints').set({ head_hash: headHash, signature }).where('seq', '=', seq).execute();
  }
}
