/** What an attacker with write access to a node's database does to its audit log (the tests of audit anchoring). */
import crypto from 'node:crypto';
import { entryHash } from '../../src/server/domain/audit/audit-log';
import { checkpointPayload } from '../../src/server/domain/audit/audit-verify';
import type { Database } from '../../src/server/db/database';

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
