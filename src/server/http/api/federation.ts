/** Federation: this node's invite, its peers (node administrators), and the hello partner nodes call. */
import { okSchema } from '../../../shared/contracts/common';
import { helloSchema, inviteSchema, peerAddRequestSchema, peerParamsSchema, peerSchema } from '../../../shared/contracts/federation';
import { z } from 'zod';
import { addPeer, checkPeer, listPeers, noteContact, ownInvite, removePeer } from '../../domain/federation/peer-service';
import { defineRoute } from '../route';
import type { PeerRow } from '../../domain/federation/peer-service';

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

function presentPeer(row: PeerRow): z.input<typeof peerSchema> {
  const failedLast =
    row.last_error_at !== null && (row.last_contact_at === null || new Date(row.last_error_at) >= new Date(row.last_contact_at));
  return {
    nodeId: row.node_id,
    nation: row.nation,
    url: row.url,
    publicKey: row.public_key,
    addedAt: iso(row.added_at)!,
    lastContactAt: iso(row.last_contact_at),
    lastError: failedLast && row.last_error ? { message: row.last_error, at: iso(row.last_error_at)! } : null,
  };
}

export const federationRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/node/invite',
    summary: "This node's invite (id, nation, address, public key, signed) for partners' administrators (node administrators)",
    tag: 'federation',
    auth: 'user',
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
    response: z.object({ items: z.array(peerSchema) }),
    reads: { kind: 'none', why: 'node configuration, for node administrators' },
    handler: async ({ ctx, actor }) => ({ items: (await listPeers(ctx, actor)).map(presentPeer) }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/peers',
    summary: 'Add a partner node from its invite: its key is pinned (node administrators)',
    tag: 'federation',
    auth: 'user',
    body: peerAddRequestSchema,
    response: peerSchema,
    status: 201,
    handler: async ({ ctx, actor, body }) => presentPeer(await addPeer(ctx, actor, body.invite)),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/peers/:nodeId/check',
    summary: 'Call the peer with a signed node token and record whether it answered as the pinned node',
    tag: 'federation',
    auth: 'user',
    params: peerParamsSchema,
    response: peerSchema,
    handler: async ({ ctx, actor, params }) => presentPeer(await checkPeer(ctx, actor, params.nodeId)),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/peers/:nodeId',
    summary: 'Remove a peer: its key is no longer accepted',
    tag: 'federation',
    auth: 'user',
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
];
