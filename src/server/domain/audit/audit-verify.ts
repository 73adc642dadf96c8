import { auditRepository } from '../../db/repositories/audit-repository';
import { entryHash, GENESIS_HASH } from './audit-log';
import { verifySignature } from '../node/node-identity';
import type { Database } from '../../db/database';

export interface Checkpoint {
  nodeId: string;
  seq: number;
  headHash: string;
  at: string;
  publicKey: string;
  signature: string;
}

export interface VerifyResult {
  ok: boolean;
  entries: number;
  headHash: string;
  problems: string[];
}

export function checkpointPayload(checkpoint: Omit<Checkpoint, 'signature' | 'publicKey'>): string {
  return `concord-audit-checkpoint\n${checkpoint.nodeId}\n${checkpoint.seq}\n${checkpoint.headHash}\n${checkpoint.at}`;
}

/**
 * Recomputes the whole chain. With a checkpoint (signed earlier, kept elsewhere) it also
 * detects truncation and a rewritten history before the checkpoint.
 */
export async function verifyAuditLog(database: Database, checkpoint?: Checkpoint): Promise<VerifyResult> {
  const repo = auditRepository(database.db);
  const problems: string[] = [];
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checkpointSeen = false;
  for (;;) {
    const batch = await repo.entries(expectedSeq - 1, 5_000);
    if (batch.length === 0) break;
    for (const row of batch) {
      const seq = Number(row.seq);
      if (seq !== expectedSeq) {
        problems.push(`Entry ${expectedSeq} is missing (next entry is ${seq}).`);
      }
      if (row.prev_hash !== prevHash) problems.push(`Entry ${seq} does not follow the entry before it (chain broken).`);
      const recomputed = entryHash(row.prev_hash, row as never);
      if (recomputed !== row.hash) problems.push(`Entry ${seq} was altered after it was written.`);
      if (checkpoint && seq === checkpoint.seq) {
        checkpointSeen = true;
        if (row.hash !== checkpoint.headHash) problems.push(`Entry ${seq} differs from the checkpoint: history was rewritten.`);
      }
      prevHash = row.hash;
      expectedSeq = seq + 1;
    }
    if (problems.length > 50) break;
  }
  const head = await repo.head();
  if (Number(head.seq) !== expectedSeq - 1)
    problems.push(`The log ends at entry ${expectedSeq - 1} but its head says ${head.seq}: entries were removed.`);
  else if (head.hash !== prevHash && expectedSeq > 1) problems.push('The head hash does not match the last entry.');
  if (checkpoint) {
    if (!verifySignature(checkpoint.publicKey, checkpointPayload(checkpoint), checkpoint.signature))
      problems.push('The checkpoint signature is not valid.');
    if (!checkpointSeen) problems.push(`The checkpoint covers entry ${checkpoint.seq}, which is not in the log: the log was truncated.`);
  }
  return { ok: problems.length === 0, entries: expectedSeq - 1, headHash: prevHash, problems };
}
