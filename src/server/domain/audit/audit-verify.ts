import { auditRepository } from '../../db/repositories/audit-repository';
import { entryHash, GENESIS_HASH } from './audit-log';
import { verifySignature } from '../node/node-keys';
import type { Database } from '../../db/database';
import type { NodeIdentity } from '../node/node-keys';

export interface Checkpoint {
  nodeId: string;
  seq: number;
  headHash: string;
  at: string;
  publicKey: string;
  signature: string;
}

export interface VerifyOptions {
  /** This node's id and every public key it signed with — from its key file, not from the database. */
  node?: Pick<NodeIdentity, 'nodeId' | 'knownPublicKeys'>;
  /** A checkpoint exported earlier (`concord audit checkpoint --out`) and kept off the node. */
  checkpoint?: Checkpoint;
}

export interface VerifyResult {
  ok: boolean;
  entries: number;
  headHash: string;
  problems: string[];
  /** What the log was checked against, in words. */
  anchors: string[];
  /** What this check cannot see, in words. */
  blindSpots: string[];
}

export function checkpointPayload(checkpoint: Omit<Checkpoint, 'signature' | 'publicKey'>): string {
  return `concord-audit-checkpoint\n${checkpoint.nodeId}\n${checkpoint.seq}\n${checkpoint.headHash}\n${checkpoint.at}`;
}

/**
 * What a node signs in the checkpoint it hands a pulling peer (federation/audit-exchange.ts): its
 * head's position sealed for that peer instead of the entry count, which the peer need not know.
 */
export const peerCheckpointPayload = (checkpoint: { nodeId: string; position: string; headHash: string; at: string }) =>
  `concord-audit-checkpoint/2\n${checkpoint.nodeId}\n${checkpoint.position}\n${checkpoint.headHash}\n${checkpoint.at}`;

/** What a partner signs when it countersigns a checkpoint of node `nodeId`'s log: the head hash and time (it knows no entry number). */
export const countersignaturePayload = (checkpoint: { nodeId: string; headHash: string; at: string }) =>
  `concord-audit-countersignature/2\n${checkpoint.nodeId}\n${checkpoint.headHash}\n${checkpoint.at}`;

/** The form partners countersigned before checkpoints stopped carrying the entry count. */
const countersignaturePayloadWithSeq = (checkpoint: Omit<Checkpoint, 'signature' | 'publicKey'>) =>
  `concord-audit-countersignature\n${checkpointPayload(checkpoint)}`;

/** Something that says what the chain hash after entry `seq` was, and who says so. */
interface Expectation {
  seq: number;
  hash: string;
  source: string;
}

/**
 * Recomputes the whole chain and checks it against every checkpoint it can trust: those this node
 * signed every minute (only with a key from its key file: whoever rewrites the database cannot
 * sign new ones), partners' countersignatures (their keys), and an exported checkpoint given.
 * Each exposes a rewritten history up to its entry, and a log cut short before it. What comes
 * after the newest of them, none can vouch for: `blindSpots` says so.
 */
export async function verifyAuditLog(database: Database, options: VerifyOptions = {}): Promise<VerifyResult> {
  const repo = auditRepository(database.db);
  const problems: string[] = [];
  const anchors: string[] = [];
  const expected: Expectation[] = [];
  const { node, checkpoint } = options;

  const ownCheckpoints = await repo.checkpoints();
  let ownValid = 0;
  for (const row of ownCheckpoints) {
    const at = new Date(row.at).toISOString();
    const signed = { nodeId: row.node_id, seq: Number(row.seq), headHash: row.head_hash, at };
    if (
      node &&
      (row.node_id !== node.nodeId || !node.knownPublicKeys.some((key) => verifySignature(key, checkpointPayload(signed), row.signature)))
    ) {
      problems.push(`The checkpoint of entry ${signed.seq} (${at}) kept in the database is not signed by this node's key: it was forged.`);
      continue;
    }
    ownValid++;
    expected.push({ seq: signed.seq, hash: signed.headHash, source: `this node's checkpoint of ${at}` });
  }
  if (ownValid > 0) anchors.push(`${ownValid} checkpoint(s) this node signed${node ? '' : ' (signatures not checked: no node key given)'}`);

  const countersigned = await repo.countersignatures();
  for (const row of countersigned) {
    const at = new Date(row.at).toISOString();
    const source = `the countersignature of the ${row.peer_nation} node ${row.peer_node_id} (${at})`;
    const signed = { nodeId: node?.nodeId ?? '', seq: Number(row.seq), headHash: row.head_hash, at };
    const verifies = (payload: string) => verifySignature(row.peer_public_key, payload, row.signature);
    if (node && !verifies(countersignaturePayload(signed)) && !verifies(countersignaturePayloadWithSeq(signed))) {
      problems.push(`${source} does not verify: it was forged or altered.`);
      continue;
    }
    expected.push({ seq: Number(row.seq), hash: row.head_hash, source });
    anchors.push(`${source}, at entry ${row.seq}`);
  }

  if (checkpoint) {
    const source = `the exported checkpoint of ${checkpoint.at}`;
    if (node && checkpoint.nodeId !== node.nodeId) problems.push(`${source} is of node ${checkpoint.nodeId}, not of this node.`);
    else if (node && !node.knownPublicKeys.includes(checkpoint.publicKey))
      problems.push(`${source} is signed by ${checkpoint.publicKey}, a key this node never had.`);
    else if (!verifySignature(checkpoint.publicKey, checkpointPayload(checkpoint), checkpoint.signature))
      problems.push('The checkpoint signature is not valid.');
    expected.push({ seq: checkpoint.seq, hash: checkpoint.headHash, source });
    anchors.push(`${source}, at entry ${checkpoint.seq}`);
  }

  const bySeq = new Map<number, Expectation[]>();
  for (const e of expected) bySeq.set(e.seq, [...(bySeq.get(e.seq) ?? []), e]);
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
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
      for (const e of bySeq.get(seq) ?? [])
        if (row.hash !== e.hash) problems.push(`Entry ${seq} differs from ${e.source}: history was rewritten.`);
      prevHash = row.hash;
      expectedSeq = seq + 1;
    }
    if (problems.length > 50) break;
  }
  const last = expectedSeq - 1;
  for (const e of expected)
    if (e.seq > last) problems.push(`${e.source} covers entry ${e.seq}, which is not in the log: the log was truncated.`);
  const head = await repo.head();
  if (Number(head.seq) !== last) problems.push(`The log ends at entry ${last} but its head says ${head.seq}: entries were removed.`);
  else if (head.hash !== prevHash && expectedSeq > 1) problems.push('The head hash does not match the last entry.');

  const vouched = Math.max(0, ...expected.filter((e) => e.seq <= last).map((e) => e.seq));
  const blindSpots: string[] = [];
  if (!checkpoint)
    blindSpots.push(
      'No checkpoint kept off this node was given (--checkpoint FILE), so only what this database holds was checked: whoever can rewrite the database can also delete the checkpoints and partners’ countersignatures in it.',
    );
  blindSpots.push(
    `Entries removed from the end of the log together with the checkpoints that covered them leave a log that checks out${checkpoint ? `, unless they came before the exported checkpoint (entry ${checkpoint.seq})` : ''}.`,
  );
  if (vouched < last)
    blindSpots.push(
      `Entries ${vouched + 1} to ${last} come after the newest checkpoint checked${vouched > 0 ? ` (entry ${vouched})` : ''}: a rewrite of them with a recomputed chain would not show.`,
    );
  return { ok: problems.length === 0, entries: last, headHash: prevHash, problems, anchors, blindSpots };
}
