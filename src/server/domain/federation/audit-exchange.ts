/**
 * Audit checkpoints across nodes (FEDERATION.md): a node hands every peer that pulls from it a
 * checkpoint of its audit log signed now (entries, head hash, time); the puller keeps the last one
 * and checks that the next extends it — not fewer entries (truncated), and the same chain hash at
 * the entry it held (asked of the peer: the hash alone, no content). A mismatch is kept on the peer
 * (its health, the metrics, a reject with the reason) and the held checkpoint is not advanced, so
 * it stays visible until someone looks into it. A checkpoint that cannot be checked (the peer does
 * not answer for the hash) is neither accepted nor countersigned.
 *
 * The puller then countersigns the checkpoint it accepted and hands it back: the pulled node keeps
 * the newest countersignature of each partner (`audit_countersignatures`), and `concord audit
 * verify` checks its log against them — a partner's key, which whoever rewrites this node's
 * database does not hold, vouches for them.
 */
import { z } from 'zod';
import { auditRepository } from '../../db/repositories/audit-repository';
import { AppError } from '../app-error';
import { checkpointPayload, countersignaturePayload } from '../audit/audit-verify';
import { verifySignature } from '../node/node-identity';
import { outboundRequest } from '../outbound/outbound-request';
import { mintNodeToken } from './node-token';
import type { Context } from '../../context';
import type { PeerRow } from './peer-service';

export const CHECKPOINT_HEADER = 'x-concord-audit-checkpoint';

export const countersignatureSchema = z.strictObject({
  seq: z.number().int().min(1, 'seq is an entry number from 1.'),
  headHash: z.string().regex(/^[0-9a-f]{64}$/, 'headHash is a SHA-256 in hex.'),
  at: z.iso.datetime({ precision: 3, message: 'at is the checkpoint time as ISO 8601 with milliseconds.' }),
  signature: z.string().max(200),
});
export type Countersignature = z.infer<typeof countersignatureSchema>;

const checkpointSchema = z.object({
  nodeId: z.string(),
  seq: z.number().int().min(0),
  headHash: z.string(),
  at: z.string(),
  signature: z.string(),
});
type SignedCheckpoint = z.infer<typeof checkpointSchema>;

/** This node's audit head, signed now, as the header value handed to a pulling peer. */
export async function checkpointHeader(ctx: Context): Promise<string> {
  const head = await auditRepository(ctx.database.db).head();
  const unsigned = { nodeId: ctx.node.nodeId, seq: Number(head.seq), headHash: head.hash, at: ctx.clock.now().toISOString() };
  return Buffer.from(JSON.stringify({ ...unsigned, signature: ctx.node.sign(checkpointPayload(unsigned)) })).toString('base64url');
}

/** The chain hash after one entry of this node's log, for a peer checking that a newer checkpoint extends the one it holds. */
export async function chainHashAt(ctx: Context, seq: number): Promise<string | null> {
  return auditRepository(ctx.database.db).hashAt(seq);
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
  if (peer.audit_seq !== null && nowMs - (checked.get(peer.node_id) ?? 0) < CHECK_EVERY_MS) return;
  checked.set(peer.node_id, nowMs);
  const checkpoint = header ? parse(header) : null;
  /** `undefined`: whether the log extends the checkpoint held cannot be told now. */
  const problem = await (async (): Promise<string | null | undefined> => {
    if (!checkpoint) return 'its pull answer carried no audit checkpoint';
    if (checkpoint.nodeId !== peer.node_id || !verifySignature(peer.public_key, checkpointPayload(checkpoint), checkpoint.signature))
      return 'its audit checkpoint is not signed by its pinned key';
    if (peer.audit_seq === null || peer.audit_head === null) return null;
    const held = Number(peer.audit_seq);
    if (checkpoint.seq < held) return `its audit log was truncated: it had ${held} entries, now ${checkpoint.seq}`;
    if (checkpoint.seq === held) return checkpoint.headHash === peer.audit_head ? null : `its audit log was rewritten at entry ${held}`;
    const hash = await askHashAt(ctx, peer, held);
    if (hash === undefined) return undefined;
    if (hash === null) return `its audit log was truncated: entry ${held} is gone`;
    return hash === peer.audit_head ? null : `its audit log was rewritten or forked before entry ${held}`;
  })();
  // Not accepted nor countersigned unchecked (a forked node need only not answer): the held checkpoint stays, asked again at the next check.
  if (problem === undefined) return;
  const now = ctx.clock.now();
  if (problem === null && checkpoint) {
    await ctx.database.db
      .updateTable('peers')
      .set({
        audit_seq: checkpoint.seq,
        audit_head: checkpoint.headHash,
        audit_at: new Date(checkpoint.at),
        audit_problem: null,
        audit_problem_at: null,
      })
      .where('node_id', '=', peer.node_id)
      .execute();
    if (checkpoint.seq > 0) await sendCountersignature(ctx, peer, checkpoint);
    return;
  }
  if (problem === null || problem === peer.audit_problem) return;
  await ctx.database.transaction(async (tx) => {
    await tx.db.updateTable('peers').set({ audit_problem: problem, audit_problem_at: now }).where('node_id', '=', peer.node_id).execute();
    await tx.db
      .insertInto('federation_rejects')
      .values({ peer_node_id: peer.node_id, at: now, stix_id: null, reason: `audit: ${problem}` })
      .execute();
  });
  ctx.logger.error({ peer: peer.node_id, nation: peer.nation, problem }, 'a peer’s audit log does not extend the checkpoint held');
}

/** The peer's chain hash after entry `seq`: null when it has no such entry, undefined when it cannot be asked now. */
async function askHashAt(ctx: Context, peer: PeerRow, seq: number): Promise<string | null | undefined> {
  const token = await mintNodeToken(ctx.node, peer.node_id, ctx.clock.now(), ctx.ids.uuid());
  try {
    const response = await outboundRequest(ctx, {
      purpose: 'peer.audit',
      url: `${peer.url}/federation/v1/audit/hash?seq=${seq}`,
      headers: { authorization: `Bearer ${token}` },
      timeoutMs: 10_000,
      maxBytes: 64 * 1024,
    });
    if (response.status === 404) return null;
    if (response.status !== 200) return undefined;
    return (response.json() as { hash?: string } | null)?.hash ?? undefined;
  } catch {
    return undefined;
  }
}

/** Hands the peer this node's countersignature of the checkpoint just accepted; lost ones are sent again at the next check. */
async function sendCountersignature(ctx: Context, peer: PeerRow, checkpoint: SignedCheckpoint): Promise<void> {
  const body: Countersignature = {
    seq: checkpoint.seq,
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
 * A peer's countersignature of one of this node's checkpoints: signed by its pinned key, over an
 * entry this log holds with that hash. Kept when it is the newest from that peer.
 */
export async function receiveCountersignature(ctx: Context, peer: PeerRow, countersignature: Countersignature): Promise<void> {
  const checkpoint = { nodeId: ctx.node.nodeId, seq: countersignature.seq, headHash: countersignature.headHash, at: countersignature.at };
  if (!verifySignature(peer.public_key, countersignaturePayload(checkpoint), countersignature.signature))
    throw new AppError('VALIDATION_FAILED', 'The countersignature is not signed by your pinned key over that checkpoint of this node.', [
      { path: 'signature', message: 'Does not verify.' },
    ]);
  const repo = auditRepository(ctx.database.db);
  if ((await repo.hashAt(countersignature.seq)) !== countersignature.headHash)
    throw new AppError('CONFLICT', `This node's audit log has no entry ${countersignature.seq} with that hash.`);
  await repo.keepCountersignature({
    peer_node_id: peer.node_id,
    peer_nation: peer.nation,
    peer_public_key: peer.public_key,
    seq: countersignature.seq,
    head_hash: countersignature.headHash,
    at: new Date(countersignature.at),
    signature: countersignature.signature,
    received_at: ctx.clock.now(),
  });
}
