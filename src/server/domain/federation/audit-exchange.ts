/**
 * Audit checkpoints across nodes (FEDERATION.md): a node hands every peer that pulls from it a
 * checkpoint of its audit log signed now (head hash, time, and the head's position); the puller
 * keeps the last one and checks that the next extends it — the same chain hash at the entry it
 * held (asked of the peer: the hash alone, no content). A mismatch or an entry gone is kept on the
 * peer (its health, the metrics, a reject with the reason) and the held checkpoint is not
 * advanced, so it stays visible until someone looks into it.
 * A checkpoint that cannot be checked (the peer does not answer for the hash) is neither accepted
 * nor countersigned.
 *
 * What a peer needs for that is the head hash and a way to ask for the hash at the entry it held —
 * not how many entries this log has, which tells how busy the node is (docs/decisions/0016). So a
 * position is sealed for that peer (node/position-tokens.ts, as TAXII cursors are): only this node
 * opens it, only for the peer it was handed to, and the hash endpoint answers only for positions it
 * handed out, so no entry count is read or probed. A peer still learns whether the log moved between two pulls (the head hash).
 *
 * The puller then countersigns the checkpoint it accepted (the head hash and time: it knows no
 * entry number) and hands it back with the position; the pulled node opens the position, keeps the
 * newest countersignature of each partner (`audit_countersignatures`) with the entry it covers, and
 * `concord audit verify` checks its log against them — a partner's key, which whoever rewrites
 * this node's database does not hold, vouches for them.
 */
import { z } from 'zod';
import { auditRepository } from '../../db/repositories/audit-repository';
import { peerRepository } from '../../db/repositories/peer-repository';
import { AppError } from '../app-error';
import { countersignaturePayload, peerCheckpointPayload } from '../audit/audit-verify';
import { verifySignature } from '../node/node-keys';
import { positionTokens } from '../node/position-tokens';
import { outboundRequest } from '../outbound/outbound-request';
import { mintNodeToken } from './node-token';
import type { Context } from '../../context';
import type { PeerRow } from './peer-service';

export const CHECKPOINT_HEADER = 'x-concord-audit-checkpoint';

/** A sealed position (node/position-tokens.ts), a few dozen characters. */
const positionSchema = z.string().min(1, 'position is the one a checkpoint carried.').max(400, 'position is the one a checkpoint carried.');

export const countersignatureSchema = z.strictObject({
  position: positionSchema,
  headHash: z.string().regex(/^[0-9a-f]{64}$/, 'headHash is a SHA-256 in hex.'),
  at: z.iso.datetime({ precision: 3, message: 'at is the checkpoint time as ISO 8601 with milliseconds.' }),
  signature: z.string().max(200),
});
export type Countersignature = z.infer<typeof countersignatureSchema>;
export const positionQuerySchema = z.strictObject({ position: positionSchema });

const checkpointSchema = z.object({
  nodeId: z.string(),
  position: z.string().max(400),
  headHash: z.string(),
  at: z.string(),
  signature: z.string(),
});
type SignedCheckpoint = z.infer<typeof checkpointSchema>;

const positionReader = (peer: PeerRow) => `node:${peer.node_id}`;

/** This node's audit head, signed now, as the header value handed to the pulling peer. */
export async function checkpointHeader(ctx: Context, peer: PeerRow): Promise<string> {
  const head = await auditRepository(ctx.database.db).head();
  const position = (await positionTokens(ctx.database)).seal('audit', positionReader(peer), Number(head.seq), ctx.clock.now());
  const unsigned = { nodeId: ctx.node.nodeId, position, headHash: head.hash, at: ctx.clock.now().toISOString() };
  return Buffer.from(JSON.stringify({ ...unsigned, signature: ctx.node.sign(peerCheckpointPayload(unsigned)) })).toString('base64url');
}

/** The entry a position handed to `peer` stands for; a position not handed to it (altered, another's) is refused. */
async function openPosition(ctx: Context, peer: PeerRow, position: string): Promise<number> {
  const opened = (await positionTokens(ctx.database)).open('audit', positionReader(peer), position);
  if (opened) return opened.position;
  throw new AppError('VALIDATION_FAILED', 'The position is not one this node handed you; send the one your checkpoint carried.', [
    { path: 'position', message: 'Not a position this node handed you.' },
  ]);
}

/** The chain hash at the entry a position handed to `peer` stands for (null: no such entry any more). */
export async function chainHashAt(ctx: Context, peer: PeerRow, position: string): Promise<string | null> {
  const seq = await openPosition(ctx, peer, position);
  return seq === 0 ? null : auditRepository(ctx.database.db).hashAt(seq);
}

function parse(header: string): SignedCheckpoint | null {
  try {
    const parsed = checkpointSchema.safeParse(JSON.parse(Buffer.from(header, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** When each peer's log was last checked against the checkpoint held (per process). */
const lastChecked = new WeakMap<Context, Map<string, number>>();
/** A peer's log is checked at most this often; meanwhile the held checkpoint stays as it is. */
const CHECK_EVERY_MS = 10_000;

/**
 * Checks a peer's checkpoint against the one held; keeps it, or records what is wrong. A pull
 * every second need not ask every time: between checks the held checkpoint simply stays older,
 * and the next check covers the longer stretch.
 */
export async function exchangeCheckpoint(ctx: Context, peer: PeerRow, header: string | null): Promise<void> {
  const checked = lastChecked.get(ctx) ?? new Map<string, number>();
  lastChecked.set(ctx, checked);
  const nowMs = ctx.clock.now().getTime();
  if (peer.audit_head !== null && nowMs - (checked.get(peer.node_id) ?? 0) < CHECK_EVERY_MS) return;
  checked.set(peer.node_id, nowMs);
  const checkpoint = header ? parse(header) : null;
  /** `undefined`: whether the log extends the checkpoint held cannot be told now. */
  const problem = await (async (): Promise<string | null | undefined> => {
    if (!checkpoint) return 'its pull answer carried no audit checkpoint';
    if (checkpoint.nodeId !== peer.node_id || !verifySignature(peer.public_key, peerCheckpointPayload(checkpoint), checkpoint.signature))
      return 'its audit checkpoint is not signed by its pinned key';
    // Nothing held yet, or held in the earlier form (an entry count, not a position): this one is taken as it is.
    if (peer.audit_head === null || peer.audit_position === null) return null;
    if (checkpoint.headHash === peer.audit_head) return null;
    const hash = await askHashAt(ctx, peer, peer.audit_position);
    if (hash === undefined) return undefined;
    if (hash === 'refused') return 'its audit log no longer answers for the checkpoint held (it refuses the position it gave)';
    if (hash === null) return 'its audit log was truncated: the entry the checkpoint held is gone';
    return hash === peer.audit_head ? null : 'its audit log was rewritten or forked before the entry the checkpoint held';
  })();
  // Not accepted nor countersigned unchecked (a forked node need only not answer): the held checkpoint stays, asked again at the next check.
  if (problem === undefined) return;
  const now = ctx.clock.now();
  if (problem === null && checkpoint) {
    await peerRepository(ctx.database.db).update(peer.node_id, {
      audit_position: checkpoint.position,
      audit_seq: null,
      audit_head: checkpoint.headHash,
      audit_at: new Date(checkpoint.at),
      audit_problem: null,
      audit_problem_at: null,
    });
    if (checkpoint.headHash !== GENESIS_HEAD) await sendCountersignature(ctx, peer, checkpoint);
    return;
  }
  if (problem === null || problem === peer.audit_problem) return;
  await ctx.database.transaction(async (tx) => {
    const repo = peerRepository(tx.db);
    await repo.update(peer.node_id, { audit_problem: problem, audit_problem_at: now });
    await repo.reject(peer.node_id, now, null, `audit: ${problem}`);
  });
  ctx.logger.error({ peer: peer.node_id, nation: peer.nation, problem }, 'a peer’s audit log does not extend the checkpoint held');
}

/** The head hash of an empty log: nothing to countersign. */
const GENESIS_HEAD = '0'.repeat(64);

/**
 * The peer's chain hash at the position it handed this node: null when it has no such entry any
 * more, 'refused' when it does not recognise the position, undefined when it cannot be asked now.
 */
async function askHashAt(ctx: Context, peer: PeerRow, position: string): Promise<string | null | 'refused' | undefined> {
  const token = await mintNodeToken(ctx.node, peer.node_id, ctx.clock.now(), ctx.ids.uuid());
  try {
    const response = await outboundRequest(ctx, {
      purpose: 'peer.audit',
      url: `${peer.url}/federation/v1/audit/hash?${new URLSearchParams({ position })}`,
      headers: { authorization: `Bearer ${token}` },
      timeoutMs: 10_000,
      maxBytes: 64 * 1024,
    });
    if (response.status === 404) return null;
    if (response.status === 400) return 'refused';
    if (response.status !== 200) return undefined;
    return (response.json() as { hash?: string } | null)?.hash ?? undefined;
  } catch {
    return undefined;
  }
}

/** Hands the peer this node's countersignature of the checkpoint just accepted; lost ones are sent again at the next check. */
async function sendCountersignature(ctx: Context, peer: PeerRow, checkpoint: SignedCheckpoint): Promise<void> {
  const body: Countersignature = {
    position: checkpoint.position,
    headHash: checkpoint.headHash,
    at: checkpoint.at,
    signature: ctx.node.sign(countersignaturePayload(checkpoint)),
  };
  const token = await mintNodeToken(ctx.node, peer.node_id, ctx.clock.now(), ctx.ids.uuid());
  await outboundRequest(ctx, {
    purpose: 'peer.audit',
    url: `${peer.url}/federation/v1/audit/countersignature`,
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    timeoutMs: 10_000,
    maxBytes: 64 * 1024,
  }).catch((error: unknown) => ctx.logger.debug({ err: error, peer: peer.node_id }, 'audit countersignature not delivered'));
}

/**
 * A peer's countersignature of one of this node's checkpoints: signed by its pinned key, over the
 * head hash at the position this node handed it. Kept, with the entry it covers, when it is the
 * newest from that peer.
 */
export async function receiveCountersignature(ctx: Context, peer: PeerRow, countersignature: Countersignature): Promise<void> {
  const seq = await openPosition(ctx, peer, countersignature.position);
  const checkpoint = { nodeId: ctx.node.nodeId, headHash: countersignature.headHash, at: countersignature.at };
  if (!verifySignature(peer.public_key, countersignaturePayload(checkpoint), countersignature.signature))
    throw new AppError('VALIDATION_FAILED', 'The countersignature is not signed by your pinned key over that checkpoint of this node.', [
      { path: 'signature', message: 'Does not verify.' },
    ]);
  const repo = auditRepository(ctx.database.db);
  if (seq === 0 || (await repo.hashAt(seq)) !== countersignature.headHash)
    throw new AppError('CONFLICT', "This node's audit log holds no entry with that hash at that position.");
  await repo.keepCountersignature({
    peer_node_id: peer.node_id,
    peer_nation: peer.nation,
    peer_public_key: peer.public_key,
    seq,
    head_hash: countersignature.headHash,
    at: new Date(countersignature.at),
    signature: countersignature.signature,
    received_at: ctx.clock.now(),
  });
}
