/**
 * Peers: partner nodes registered by a node administrator from their invites, each pinned to its
 * public key (no key, no traffic), and the check that a peer answers and is who its key says —
 * a signed node token to its `/federation/v1/hello`, whose answer must name the pinned node.
 */
import { may } from '../policy/policy';
import { directoryRepository } from '../../db/repositories/directory-repository';
import { recallRepository } from '../../db/repositories/recall-repository';
import { peerRepository } from '../../db/repositories/peer-repository';
import { AppError } from '../app-error';
import { appendAudit } from '../audit/audit-log';
import { makeInvite, readInvite } from './invite';
import { mintNodeToken } from './node-token';
import { checkOutboundAddress, outboundRequest } from '../outbound/outbound-request';
import type { Selectable } from 'kysely';
import type { Context } from '../../context';
import type { PeersTable } from '../../db/schema';
import type { Actor } from '../auth/actor';
import type { Classification } from '../../../shared/vocab/levels';

export type PeerRow = Selectable<PeersTable>;

export function requireNodeManager(actor: Actor): void {
  if (actor.kind === 'user' && !may(actor, 'node.manage')) {
    throw new AppError('FORBIDDEN', 'Only node administrators manage peers.');
  }
}

/** This node's invite, for partners' administrators to add it (its public address and key). */
export async function ownInvite(ctx: Context, actor: Actor): Promise<string> {
  requireNodeManager(actor);
  return makeInvite(ctx.node, ctx.config.publicUrl);
}

/** What the node rule takes a peer to hold. */
export interface PeerTrust {
  accreditation: Classification;
  caveats: string[];
}

async function checkTrust(ctx: Context, trust: PeerTrust): Promise<PeerTrust> {
  const known = new Set((await directoryRepository(ctx.database.db).caveats()).map((c) => c.code));
  const unknown = trust.caveats.filter((c) => !known.has(c));
  if (unknown.length > 0) {
    throw new AppError('VALIDATION_FAILED', `Unknown caveat ${unknown[0]}.`, [
      { path: 'caveats', message: `Unknown caveat ${unknown[0]}.` },
    ]);
  }
  return { accreditation: trust.accreditation, caveats: [...new Set(trust.caveats)].sort() };
}

export async function addPeer(
  ctx: Context,
  actor: Actor,
  invite: string,
  trustGiven: PeerTrust = { accreditation: 'UNCLASSIFIED', caveats: [] },
): Promise<PeerRow> {
  requireNodeManager(actor);
  const trust = await checkTrust(ctx, trustGiven);
  let peer;
  try {
    peer = await readInvite(invite);
  } catch (error) {
    throw new AppError('VALIDATION_FAILED', (error as Error).message, [{ path: 'invite', message: 'Not a valid invite.' }]);
  }
  if (peer.nodeId === ctx.node.nodeId)
    throw new AppError('VALIDATION_FAILED', 'That is this node’s own invite.', [{ path: 'invite', message: 'Own invite.' }]);
  if (peer.nation === ctx.node.nation) {
    throw new AppError('VALIDATION_FAILED', `The invite is from another ${peer.nation} node; peers are partner nations' nodes.`, [
      { path: 'invite', message: 'Same nation.' },
    ]);
  }
  const repo = peerRepository(ctx.database.db);
  const known = await repo.find(peer.nodeId);
  if (known) {
    if (known.public_key !== peer.publicKey) {
      throw new AppError(
        'CONFLICT',
        `Node ${peer.nodeId} (${peer.nation}) is pinned to another key. If that node rotated its key, re-pin it from this invite (concord peer repin).`,
      );
    }
    throw new AppError('CONFLICT', `Node ${peer.nodeId} (${peer.nation}) is already a peer.`);
  }
  const nations = await directoryRepository(ctx.database.db).nations();
  if (!nations.some((n) => n.code === peer.nation)) {
    throw new AppError('VALIDATION_FAILED', `${peer.nation} is not a nation in this node's directory: add it first (concord directory).`, [
      { path: 'invite', message: 'Unknown nation.' },
    ]);
  }
  await requireReachableAddress(ctx, actor, peer.url);
  const row = {
    node_id: peer.nodeId,
    nation: peer.nation,
    url: peer.url,
    public_key: peer.publicKey,
    added_by: actor.kind === 'user' ? actor.user.id : actor.name,
    added_at: ctx.clock.now(),
    ...trust,
  };
  await ctx.database.transaction(async (tx) => {
    await peerRepository(tx.db).insert(row);
    await appendAudit(tx.db, ctx.clock, actor, [
      {
        action: 'peer.add',
        target: { kind: 'peer', id: peer.nodeId },
        details: { nation: peer.nation, url: peer.url, publicKey: peer.publicKey, ...trust },
      },
    ]);
  });
  return (await repo.find(peer.nodeId))!;
}

/**
 * Re-pins a peer that rotated its node key, from the new invite it sent (over a channel both
 * trust, like the first): the same node and nation, a new key. Its objects are pulled again from
 * the start — it signed what it published again with its new key — and applied idempotently; the
 * audit checkpoint held of it stays (its log is the same log).
 */
export async function repinPeer(ctx: Context, actor: Actor, invite: string): Promise<PeerRow> {
  requireNodeManager(actor);
  let peer;
  try {
    peer = await readInvite(invite);
  } catch (error) {
    throw new AppError('VALIDATION_FAILED', (error as Error).message, [{ path: 'invite', message: 'Not a valid invite.' }]);
  }
  const repo = peerRepository(ctx.database.db);
  const known = await repo.find(peer.nodeId);
  if (!known) throw new AppError('NOT_FOUND', `Node ${peer.nodeId} is not a peer: add it instead.`);
  if (known.nation !== peer.nation)
    throw new AppError(
      'VALIDATION_FAILED',
      `Node ${peer.nodeId} is pinned as a ${known.nation} node, and the invite says ${peer.nation}.`,
      [{ path: 'invite', message: 'Another nation.' }],
    );
  if (known.public_key === peer.publicKey) throw new AppError('CONFLICT', `Node ${peer.nodeId} is pinned to this key already.`);
  await requireReachableAddress(ctx, actor, peer.url);
  await ctx.database.transaction(async (tx) => {
    await peerRepository(tx.db).update(peer.nodeId, { public_key: peer.publicKey, url: peer.url, pull_cursor: null });
    await appendAudit(tx.db, ctx.clock, actor, [
      {
        action: 'peer.repin',
        target: { kind: 'peer', id: peer.nodeId },
        details: { from: known.public_key, to: peer.publicKey, url: peer.url },
      },
    ]);
  });
  return (await repo.find(peer.nodeId))!;
}

/** A peer's address must be one this node may send requests to (outbound-policy.ts). */
async function requireReachableAddress(ctx: Context, actor: Actor, url: string): Promise<void> {
  const refused = await checkOutboundAddress(ctx, actor, 'peer.add', url);
  if (refused)
    throw new AppError('VALIDATION_FAILED', `The invite's address is not reached: ${refused}.`, [{ path: 'invite', message: refused }]);
}

export async function removePeer(ctx: Context, actor: Actor, nodeId: string): Promise<void> {
  requireNodeManager(actor);
  await ctx.database.transaction(async (tx) => {
    const removed = await peerRepository(tx.db).remove(nodeId);
    if (Number(removed.numDeletedRows) === 0) throw AppError.notFound('peer');
    await appendAudit(tx.db, ctx.clock, actor, [{ action: 'peer.remove', target: { kind: 'peer', id: nodeId } }]);
  });
}

/** Changes what the node rule takes a peer to hold (from the next pull on). */
export async function updatePeerTrust(ctx: Context, actor: Actor, nodeId: string, trustGiven: PeerTrust): Promise<PeerRow> {
  requireNodeManager(actor);
  const trust = await checkTrust(ctx, trustGiven);
  await ctx.database.transaction(async (tx) => {
    if (!(await peerRepository(tx.db).setTrust(nodeId, trust))) throw AppError.notFound('peer');
    await appendAudit(tx.db, ctx.clock, actor, [{ action: 'peer.trust', target: { kind: 'peer', id: nodeId }, details: { ...trust } }]);
  });
  return (await peerRepository(ctx.database.db).find(nodeId))!;
}

export interface PeerHealth {
  pendingReceipts: number;
  recentRejects: { at: Date | string; stix_id: string | null; reason: string }[];
}

export async function listPeers(ctx: Context, actor: Actor): Promise<(PeerRow & PeerHealth)[]> {
  requireNodeManager(actor);
  return peersWithHealth(ctx);
}

/** Whether the peer answered the last call (a pull or a check). */
export const peerReachable = (row: PeerRow) => row.last_contact_at !== null && !failedLast(row);

/** Whether the last recorded failure came after the last contact. */
export const failedLast = (row: PeerRow) =>
  row.last_error_at !== null && (row.last_contact_at === null || new Date(row.last_error_at) >= new Date(row.last_contact_at));

/** Every peer with its pending recall receipts and latest rejects (the federation screen and the metrics). */
export async function peersWithHealth(ctx: Context): Promise<(PeerRow & PeerHealth)[]> {
  const db = ctx.database.db;
  const [peers, pending, rejects] = await Promise.all([
    peerRepository(db).list(),
    recallRepository(db).pendingReceiptsByPeer(),
    peerRepository(db).recentRejects(200),
  ]);
  return peers.map((peer) => ({
    ...peer,
    pendingReceipts: Number(pending.find((p) => p.peer_node_id === peer.node_id)?.count ?? 0),
    recentRejects: rejects.filter((r) => r.peer_node_id === peer.node_id).slice(0, 5),
  }));
}

/** A peer's verified call: it is reachable and who its key says. */
export async function noteContact(ctx: Context, nodeId: string): Promise<void> {
  await peerRepository(ctx.database.db).update(nodeId, { last_contact_at: ctx.clock.now() });
}

/** Calls the peer's hello with a node token; records the contact or the error, and returns it. */
export async function checkPeer(ctx: Context, actor: Actor, nodeId: string): Promise<PeerRow> {
  requireNodeManager(actor);
  const repo = peerRepository(ctx.database.db);
  const peer = await repo.find(nodeId);
  if (!peer) throw AppError.notFound('peer');
  const token = await mintNodeToken(ctx.node, peer.node_id, ctx.clock.now(), ctx.ids.uuid());
  const now = () => ctx.clock.now();
  try {
    const response = await outboundRequest(ctx, {
      purpose: 'peer.hello',
      url: `${peer.url}/federation/v1/hello`,
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      timeoutMs: 10_000,
      maxBytes: 64 * 1024,
      actor,
    });
    const body = response.json() as { nodeId?: string; nation?: string; error?: { message?: string } } | null;
    if (response.status !== 200) throw new Error(`the peer refused: ${response.status} ${body?.error?.message ?? ''}`.trim());
    if (body?.nodeId !== peer.node_id || body.nation !== peer.nation) throw new Error('the peer answered as another node');
    await repo.update(nodeId, { last_contact_at: now(), last_error: null, last_error_at: null });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    await repo.update(nodeId, {
      last_error: `${(error as Error).message}${cause ? ` (${cause})` : ''}`.slice(0, 500),
      last_error_at: now(),
    });
  }
  return (await repo.find(nodeId))!;
}
