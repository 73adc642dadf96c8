import { auditRepository } from '../../db/repositories/audit-repository';
import { checkpointPayload } from './audit-verify';
import type { Checkpoint } from './audit-verify';
import type { Context } from '../../context';

/** Signs the current head of the audit chain with the node key (from its key file) and keeps the checkpoint. */
export async function signCheckpoint(ctx: Pick<Context, 'database' | 'node' | 'clock'>): Promise<Checkpoint> {
  const repo = auditRepository(ctx.database.db);
  const head = await repo.head();
  const unsigned = { nodeId: ctx.node.nodeId, seq: Number(head.seq), headHash: head.hash, at: ctx.clock.now().toISOString() };
  const checkpoint: Checkpoint = { ...unsigned, publicKey: ctx.node.publicKey, signature: ctx.node.sign(checkpointPayload(unsigned)) };
  if (checkpoint.seq > 0) {
    await repo.insertCheckpoint({
      seq: checkpoint.seq,
      head_hash: checkpoint.headHash,
      at: checkpoint.at,
      node_id: checkpoint.nodeId,
      signature: checkpoint.signature,
    });
  }
  return checkpoint;
}
