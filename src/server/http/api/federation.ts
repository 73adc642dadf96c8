/** Federation: this node's invite, its peers (node administrators), and the hello partner nodes call. */
import { okSchema } from '../../../shared/contracts/common';
import {
  helloSchema,
  inviteSchema,
  peerAddRequestSchema,
  peerParamsSchema,
  peerSchema,
  peerUpdateRequestSchema,
  undeliveredSchema,
} from '../../../shared/contracts/federation';
import { z } from 'zod';
import {
  addPeer,
  checkPeer,
  failedLast,
  listPeers,
  peerReachable,
  noteContact,
  ownInvite,
  removePeer,
  updatePeerTrust,
} from '../../domain/federation/peer-service';
import { requestPull } from '../../domain/federation/pull';
import { undeliveredRecords } from '../../domain/federation/undelivered';
import { presentLabel } from '../presenters/label-presenter';
import { chainHashAt, countersignatureSchema, positionQuerySchema, receiveCountersignature } from '../../domain/federation/audit-exchange';
import { AppError } from '../../domain/app-error';
import { defineRoute } from '../route';
import type { PeerHealth, PeerRow } from '../../domain/federation/peer-service';
import type { Classification } from '../../../shared/vocab/levels';

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

function presentPeer(row: PeerRow & Partial<PeerHealth>, now: Date): z.input<typeof peerSchema> {
  return {
    accreditation: row.accreditation as Classification,
    caveats: row.caveats,
    health: {
      reachable: peerReachable(row),
      lastPullAt: iso(row.last_pull_at),
      lagSeconds: row.last_pull_at === null ? null : Math.max(0, (now.getTime() - new Date(row.last_pull_at).getTime()) / 1000),
      objectsIn: Number(row.objects_in ?? 0),
      objectsOut: Number(row.objects_out ?? 0),
      rejects: Number(row.rejects ?? 0),
      pullFailures: Number(row.pull_failures ?? 0),
      cursorResets: Number(row.cursor_resets ?? 0),
      pendingReceipts: row.pendingReceipts ?? 0,
      recentRejects: (row.recentRejects ?? []).map((r) => ({ at: iso(r.at)!, stixId: r.stix_id, reason: r.reason })),
      audit: {
        at: iso(row.audit_at),
        problem: row.audit_problem ? { message: row.audit_problem, at: iso(row.audit_problem_at)! } : null,
      },
    },
    nodeId: row.node_id,
    nation: row.nation,
    url: row.url,
    publicKey: row.public_key,
    addedAt: iso(row.added_at)!,
    lastContactAt: iso(row.last_contact_at),
    lastError: failedLast(row) && row.last_error ? { message: row.last_error, at: iso(row.last_error_at)! } : null,
  };
}

export const federationRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/node/invite',
    summary: "This node's invite (id, nation, address, public key, signed) for partners' administrators (node administrators)",
    tag: 'federation',
    auth: 'user',
    scope: 'admin',
    response: inviteSchema,
    reads: { kind: 'none', why: "the node's own public identity" },
    handler: async ({ ctx, actor }) => ({
      invite: await ownInvite(ctx, actor),
      nodeId: ctx.node.nodeId,
      nation: ctx.node.nation,
      url: ctx.config.publicUrl,
      publicKey: ctx.node.publicKey,
    }),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/peers',
    summary: 'The partner nodes this node is pinned to, with when each last answered (node administrators)',
    tag: 'federation',
    auth: 'user',
    scope: 'admin',
    response: z.object({ items: z.array(peerSchema) }),
    reads: { kind: 'none', why: 'node configuration, for node administrators' },
    handler: async ({ ctx, actor }) => ({ items: (await listPeers(ctx, actor)).map((p) => presentPeer(p, ctx.clock.now())) }),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/federation/undelivered',
    summary:
      "Released but not delivered: this nation's records, among those you may read, that reach no partner node of a nation or community their label names, with why (node administrators)",
    tag: 'federation',
    auth: 'user',
    scope: 'admin',
    response: undeliveredSchema,
    reads: {
      kind: 'none',
      why: 'only records the caller may read, by the read rule in the query, counts included (test/server/federation-delivery.test.ts)',
    },
    handler: async ({ ctx, actor }) => {
      const found = await undeliveredRecords(ctx, actor);
      return { ...found, items: found.items.map((item) => ({ ...item, label: presentLabel(item.label) })) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/peers',
    summary: 'Add a partner node from its invite: its key is pinned (node administrators)',
    tag: 'federation',
    auth: 'user',
    scope: 'admin',
    body: peerAddRequestSchema,
    response: peerSchema,
    status: 201,
    handler: async ({ ctx, actor, body }) => presentPeer(await addPeer(ctx, actor, body.invite, body), ctx.clock.now()),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/peers/:nodeId/check',
    summary: 'Call the peer with a signed node token and record whether it answered as the pinned node',
    tag: 'federation',
    // Its work is a call to the peer, made again on every check.
    idempotent: false,
    auth: 'user',
    scope: 'admin',
    params: peerParamsSchema,
    response: peerSchema,
    handler: async ({ ctx, actor, params }) => presentPeer(await checkPeer(ctx, actor, params.nodeId), ctx.clock.now()),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/peers/:nodeId',
    summary: 'Set what the node rule takes a peer to hold: its accreditation and caveats (node administrators)',
    tag: 'federation',
    auth: 'user',
    scope: 'admin',
    params: peerParamsSchema,
    body: peerUpdateRequestSchema,
    response: peerSchema,
    handler: async ({ ctx, actor, params, body }) => presentPeer(await updatePeerTrust(ctx, actor, params.nodeId, body), ctx.clock.now()),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/peers/:nodeId',
    summary: 'Remove a peer: its key is no longer accepted',
    tag: 'federation',
    auth: 'user',
    scope: 'admin',
    params: peerParamsSchema,
    response: okSchema,
    handler: async ({ ctx, actor, params }) => {
      await removePeer(ctx, actor, params.nodeId);
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/federation/v1/hello',
    summary: 'For partner nodes: who this node is (a node token from a pinned peer required)',
    tag: 'federation',
    auth: 'node',
    response: helloSchema,
    reads: { kind: 'none', why: "the node's own public identity, to pinned peers only" },
    handler: async ({ ctx, peer }) => {
      if (peer) await noteContact(ctx, peer.node_id);
      return { nodeId: ctx.node.nodeId, nation: ctx.node.nation, publicKey: ctx.node.publicKey, time: ctx.clock.now().toISOString() };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/federation/v1/audit/hash',
    summary:
      'For partner nodes: the chain hash of this node’s audit log at the position a checkpoint handed the caller (no content, no entry number), to check that a newer checkpoint extends one held',
    tag: 'federation',
    auth: 'node',
    query: positionQuerySchema,
    response: z.object({ hash: z.string() }),
    reads: { kind: 'none', why: 'a hash of the audit chain, no entry content, to pinned peers only, at positions handed to them' },
    handler: async ({ ctx, peer, query }) => {
      const hash = peer ? await chainHashAt(ctx, peer, query.position) : null;
      if (hash === null) throw new AppError('NOT_FOUND', 'No audit entry at that position.');
      return { hash };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/federation/v1/audit/countersignature',
    summary:
      'For partner nodes: their countersignature of a checkpoint of this node’s audit log they accepted; the newest per partner is kept and checked by `concord audit verify`',
    tag: 'federation',
    auth: 'node',
    body: countersignatureSchema,
    response: okSchema,
    handler: async ({ ctx, peer, body }) => {
      if (peer) await receiveCountersignature(ctx, peer, body);
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/federation/v1/poke',
    summary: 'For partner nodes: "pull from me now" — this node pulls from the caller at once (it also pulls every few seconds)',
    tag: 'federation',
    auth: 'node',
    response: okSchema,
    handler: async ({ ctx, peer }) => {
      if (peer) await requestPull(ctx, peer.node_id);
      return { ok: true as const };
    },
  }),
];
