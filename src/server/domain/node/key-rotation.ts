/**
 * Rotating the node key (`concord node rotate-key`): a new key pair goes into the key file, the
 * old public key stays there among the retired ones (what it signed — audit checkpoints — still
 * verifies), the database takes the new public key with an audit entry, and every object this node
 * published is signed again with the new key, so a partner that re-pins the new key from a new
 * invite can pull the whole history again. An object none of the node's keys verifies (altered in
 * the database) is not re-signed: it stays refused by whoever checks it.
 *
 * Each step can be repeated: a rotation interrupted after the key file was written is finished at
 * the next start (node-identity.ts), and re-signing resumes from where it stopped.
 */
import { nodeRepository } from '../../db/repositories/node-repository';
import { signedObjectRepository } from '../../db/repositories/signed-object-repository';
import { appendAudit } from '../audit/audit-log';
import { resignObject } from '../federation/record-signature';
import { readNodeKeyFile, replaceNodeKeyFile } from './key-files';
import { identityFromKeyFile, newNodeKeys } from './node-keys';
import type { Logger } from 'pino';
import type { Clock, Context } from '../../context';
import type { Database } from '../../db/database';
import type { SignedRow } from '../../db/repositories/signed-object-repository';
import type { Actor } from '../auth/actor';
import type { NodeIdentity } from './node-keys';

const RESIGN_SETTING = 'node-key-resign';
const BATCH = 500;

/** The database takes the new public key (if it still has `from`), with its audit entry; re-signing is due. */
export async function completeRotation(database: Database, clock: Clock, actor: Actor, from: string, to: string): Promise<void> {
  await database.transaction(async (tx) => {
    const repo = nodeRepository(tx.db);
    if (!(await repo.rotatePublicKey(from, to))) return;
    await appendAudit(tx.db, clock, actor, [{ action: 'node.key-rotate', details: { from, to } }]);
    await repo.setSetting(RESIGN_SETTING, { afterSeq: 0 });
  });
}

export interface ResignResult {
  resigned: number;
  /** Objects no key of this node verifies (altered in the database): left as they are. */
  altered: number;
}

/** Signs this node's published objects again with its current key, resuming where a previous run stopped. */
export async function resumeResigning(database: Database, node: NodeIdentity, logger?: Logger): Promise<ResignResult> {
  const result: ResignResult = { resigned: 0, altered: 0 };
  const settings = nodeRepository(database.db);
  let pending = (await settings.getSetting(RESIGN_SETTING)) as { afterSeq: number } | undefined;
  while (pending) {
    const rows = await signedObjectRepository(database.db).publishedBy(node.nodeId, pending.afterSeq, BATCH);
    if (rows.length === 0) {
      await settings.deleteSetting(RESIGN_SETTING);
      break;
    }
    const changed: SignedRow[] = [];
    for (const row of rows) {
      const object = resign(row.object, node, result);
      const stripped = row.stripped === null ? null : resign(row.stripped, node, result);
      if (object !== null || stripped !== null)
        changed.push({ seq: row.seq, object: object ?? row.object, stripped: stripped ?? row.stripped });
    }
    const afterSeq = rows[rows.length - 1]!.seq;
    await database.transaction(async (tx) => {
      await signedObjectRepository(tx.db).replace(changed);
      await nodeRepository(tx.db).setSetting(RESIGN_SETTING, { afterSeq });
    });
    pending = { afterSeq };
  }
  if (result.resigned + result.altered > 0)
    logger?.info({ ...result }, 'published objects signed again with the new node key (altered ones left as they are)');
  return result;
}

/** The object's JSON text signed with the current key, or null when it stays as it is. */
function resign(text: string, node: NodeIdentity, result: ResignResult): string | null {
  const outcome = resignObject(JSON.parse(text) as Record<string, unknown>, node);
  if (outcome === 'altered') {
    result.altered++;
    return null;
  }
  if (outcome === null) return null;
  result.resigned++;
  return JSON.stringify(outcome);
}

/**
 * A new key pair for the node: the key file first (whole, the old public key retired in it), then
 * the database, then the published objects. App processes still running keep signing with the
 * old key until restarted: stop them first.
 */
export async function rotateNodeKey(
  ctx: Pick<Context, 'config' | 'database' | 'clock' | 'node' | 'logger'>,
  actor: Actor,
): Promise<{ node: NodeIdentity } & ResignResult> {
  const current = readNodeKeyFile(ctx.config.keyFile);
  if (!current || current.publicKey !== ctx.node.publicKey)
    throw new Error(`The node key file ${ctx.config.keyFile} changed while this command ran; run it again.`);
  const keys = newNodeKeys(current.nodeId, [
    ...current.retired,
    { publicKey: current.publicKey, retiredAt: ctx.clock.now().toISOString() },
  ]);
  replaceNodeKeyFile(ctx.config.keyFile, keys);
  const node = identityFromKeyFile(keys, ctx.node.nation);
  await completeRotation(ctx.database, ctx.clock, actor, current.publicKey, keys.publicKey);
  return { node, ...(await resumeResigning(ctx.database, node, ctx.logger)) };
}
