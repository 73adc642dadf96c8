/**
 * Pull: this node reads each peer's TAXII collection as a node (the peer serves what the node
 * rule lets this nation receive) from the cursor it stopped at, page by page, and applies each
 * page with the cursor in one transaction. It pulls every few seconds and at once when poked.
 *
 * A cursor is the peer's to make and to refuse: when the peer refuses the one held (a 400 to a
 * request that carried it) or hands one that cannot be held, the pull goes back to the last cursor
 * a page came from — or to the start, which apply's idempotence makes safe — and counts it (the
 * peer's `cursor_resets`, a reject with the reason, the metric), instead of asking with it forever.
 */
import { peerRepository } from '../../db/repositories/peer-repository';
import { COLLECTION_ID, API_ROOT, PEER_MAX_LIMIT } from '../taxii/taxii-service';
import { applyObjects, verifyPage } from './apply';
import { CHECKPOINT_HEADER, exchangeCheckpoint } from './audit-exchange';
import { mintNodeToken } from './node-token';
import { outboundRequest } from '../outbound/outbound-request';
import type { Context } from '../../context';
import type { PeerRow } from './peer-service';
import type { Verified } from './record-signature';

/**
 * Pages grow while a pull goes on: the first is small, so a poke's few objects (and the first of a
 * backlog) arrive at once; a catch-up then doubles up to the largest a peer is served, which spends
 * a page's fixed costs (transactions, lookups, the audit checkpoint) on more objects.
 */
const FIRST_PAGE = 1_000;
/** A page of 5,000 signed objects is some tens of MiB; anything far beyond that is not a page. */
const MAX_PAGE_BYTES = 256 * 1024 * 1024;
const wakers = new WeakMap<Context, () => void>();

export function registerPullWaker(ctx: Context, wake: () => void): void {
  wakers.set(ctx, wake);
}

/** A peer asked to be pulled (a poke). */
export async function requestPull(ctx: Context, peerNodeId: string): Promise<void> {
  await peerRepository(ctx.database.db).update(peerNodeId, { pull_requested_at: ctx.clock.now() });
  wakers.get(ctx)?.();
}

export interface PullResult {
  applied: number;
  duplicates: number;
  rejected: number;
}

/** The peer refused the paging cursor this node held. */
class CursorRefused extends Error {
  constructor(
    readonly cursor: string,
    message: string,
  ) {
    super(message);
  }
}

/** The longest `next` kept: a cursor is a position, not a payload. */
const MAX_CURSOR_LENGTH = 2_048;
/** A cursor as it may be kept and sent again: printable ASCII, not empty, not huge. */
const usableCursor = (next: unknown): next is string =>
  typeof next === 'string' && next.length > 0 && next.length <= MAX_CURSOR_LENGTH && /^[\x21-\x7e]+$/.test(next);

interface Page {
  body: { more?: boolean; next?: string; objects?: unknown[] };
  checkpoint: string | null;
  fetchMs: number;
  /** The objects' signatures, checked as soon as the page arrived. */
  verified: Verified[];
}

/** One page of the peer's collection after `cursor`, as this node may receive it. */
async function fetchPage(ctx: Context, peer: PeerRow, cursor: string | null, limit: number): Promise<Page> {
  const started = Date.now();
  const token = await mintNodeToken(ctx.node, peer.node_id, ctx.clock.now(), ctx.ids.uuid());
  const query = new URLSearchParams({ limit: String(limit), 'match[version]': 'all' });
  if (cursor) query.set('next', cursor);
  const response = await outboundRequest(ctx, {
    purpose: 'peer.pull',
    url: `${peer.url}${API_ROOT}collections/${COLLECTION_ID}/objects/?${query}`,
    headers: { authorization: `Bearer ${token}`, accept: 'application/taxii+json;version=2.1' },
    timeoutMs: 30_000,
    maxBytes: MAX_PAGE_BYTES,
  });
  const body = response.json() as (Page['body'] & { title?: string }) | null;
  // Every other parameter is this node's own and valid: a 400 to a request with a cursor refuses the cursor.
  if (response.status === 400 && cursor)
    throw new CursorRefused(cursor, `the peer refused the paging cursor held: ${response.status} ${body?.title ?? ''}`.trim());
  if (response.status !== 200) throw new Error(`the peer refused the pull: ${response.status} ${body?.title ?? ''}`.trim());
  if (!body || !Array.isArray(body.objects ?? [])) throw new Error('the peer answered with something other than a TAXII envelope');
  const verified = await verifyPage(peer, body.objects ?? []);
  return { body, checkpoint: response.headers.get(CHECKPOINT_HEADER), fetchMs: Date.now() - started, verified };
}

/** Pulls everything new from one peer; throws (and records) when it cannot be reached or answers badly. */
export async function pullFrom(ctx: Context, nodeId: string): Promise<PullResult> {
  const repo = peerRepository(ctx.database.db);
  const result: PullResult = { applied: 0, duplicates: 0, rejected: 0 };
  let peer: PeerRow | undefined = await repo.find(nodeId);
  if (!peer) return result;
  await repo.update(nodeId, { pull_requested_at: null });
  let checkpoint: string | null | undefined;
  /** The cursor the last page came from (null: the start). */
  let good = peer.good_cursor;
  try {
    // While a page is applied, the next one is already on its way and being verified (its cursor is in this page).
    let limit = FIRST_PAGE;
    let page = fetchPage(ctx, peer, peer.pull_cursor, limit);
    for (;;) {
      const { body, checkpoint: pageCheckpoint, fetchMs, verified } = await page;
      if (checkpoint === undefined) checkpoint = pageCheckpoint;
      const next = body.next === undefined || usableCursor(body.next) ? body.next : undefined;
      const more = Boolean(body.more && next && next !== peer.pull_cursor);
      if (more) {
        limit = Math.min(limit * 2, PEER_MAX_LIMIT);
        page = fetchPage(ctx, peer, next!, limit);
        // Handled when awaited below; meanwhile a failure must not count as unhandled.
        page.catch(() => undefined);
      }
      const started = Date.now();
      const outcome = await applyObjects(ctx, peer, body.objects ?? [], next, verified, peer.pull_cursor);
      good = peer.pull_cursor;
      ctx.logger.debug({ peer: peer.node_id, objects: body.objects?.length ?? 0, fetchMs, applyMs: Date.now() - started }, 'pulled a page');
      result.applied += outcome.applied;
      result.duplicates += outcome.duplicates;
      result.rejected += outcome.rejected.length;
      if (next !== body.next) {
        // Not kept: the next pull asks again from the cursor this page came from.
        await resetCursor(ctx, peer.node_id, peer.pull_cursor, 'the peer handed a paging cursor that cannot be kept');
        break;
      }
      if (!more) break;
      peer = { ...peer, pull_cursor: next! };
    }
  } catch (error) {
    if (error instanceof CursorRefused) await resetCursor(ctx, nodeId, error.cursor === good ? null : good, error.message);
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    await peerRepository(ctx.database.db).pullFailed(
      nodeId,
      ctx.clock.now(),
      `pull: ${(error as Error).message}${cause ? ` (${cause})` : ''}`,
    );
    throw error;
  }
  // After applying, so checking the peer's audit log never delays what it sent.
  await exchangeCheckpoint(ctx, peer, checkpoint ?? null);
  return result;
}

/**
 * The cursor held is not one to ask with again: the pull goes back to `back` (the last cursor a page
 * came from, or null for the start), and the reset is counted and kept among the peer's rejects.
 */
async function resetCursor(ctx: Context, nodeId: string, back: string | null, why: string): Promise<void> {
  const now = ctx.clock.now();
  const reason = `cursor: ${why}; pulling again from ${back === null ? 'the start' : 'the last good position'}`;
  await ctx.database.transaction(async (tx) => {
    const repo = peerRepository(tx.db);
    await repo.resetCursor(nodeId, back);
    await repo.reject(nodeId, now, null, reason);
  });
  ctx.logger.warn({ peer: nodeId, reason }, 'a peer’s paging cursor was reset');
}

/** Pulls from every peer (those that poked first); a peer that fails does not hold up the others. */
export async function pullAll(ctx: Context): Promise<PullResult> {
  const peers = await peerRepository(ctx.database.db).idsToPull();
  const results = await Promise.allSettled(peers.map((p) => pullFrom(ctx, p.node_id)));
  const total: PullResult = { applied: 0, duplicates: 0, rejected: 0 };
  for (const r of results) {
    if (r.status === 'fulfilled') {
      total.applied += r.value.applied;
      total.duplicates += r.value.duplicates;
      total.rejected += r.value.rejected;
    } else ctx.logger.debug({ err: r.reason }, 'pull failed; retried at the next tick');
  }
  return total;
}
