/**
 * "Pull now": after a commit that published something a peer may receive, the peer is told so
 * and pulls at once — lag well under a second. A poke carries no data and may be lost: each node
 * also pulls every few seconds, and the published log (written in the deciding transactions) is
 * what is delivered.
 */
import { peerRepository } from '../../db/repositories/peer-repository';
import { mintNodeToken } from './node-token';
import { nodeAudienceOf, nodeMayReceive } from './node-audience';
import { outboundRequest } from '../outbound/outbound-request';
import type { Label } from '../../../shared/labels/label';
import type { Context } from '../../context';
import type { PeerRow } from './peer-service';

export function pokePeersFor(ctx: Context, labels: Label[]): void {
  void (async () => {
    const peers = await peerRepository(ctx.database.db).list();
    await Promise.all(
      peers.map(async (peer) => {
        const audience = await nodeAudienceOf(ctx.database.db, peer);
        if (labels.some((label) => nodeMayReceive(audience, label))) await poke(ctx, peer);
      }),
    );
  })().catch((error: unknown) => ctx.logger.debug({ err: error }, 'poke failed; the peer pulls anyway'));
}

export async function poke(ctx: Context, peer: PeerRow): Promise<void> {
  const token = await mintNodeToken(ctx.node, peer.node_id, ctx.clock.now(), ctx.ids.uuid());
  await outboundRequest(ctx, {
    purpose: 'peer.poke',
    url: `${peer.url}/federation/v1/poke`,
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    timeoutMs: 2_000,
    maxBytes: 64 * 1024,
  }).catch((error: unknown) => ctx.logger.debug({ err: error, peer: peer.node_id }, 'poke not delivered; the peer pulls anyway'));
}
