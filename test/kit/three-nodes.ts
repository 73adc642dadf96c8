/**
 * Three partner nodes — PAK, KAZ and UZB — listening on 127.0.0.1 and federated: one directory
 * (made on PAK's node, copied to the others), one person of each nation with the roles the test
 * gives and an API token on their own nation's node, and every node pinned as a peer of each other
 * one (from its signed invite, accredited to SECRET).
 */
import { addPeer, ownInvite } from '../../src/server/domain/federation/peer-service';
import { systemActor } from '../../src/server/domain/auth/actor';
import { makeToken, makeUser } from './factories';
import { freePort } from './free-port';
import { shareDirectory } from './shared-directory';
import { startTestNode } from './test-node';
import type { Role } from '../../src/shared/vocab/roles';
import type { TestNode } from './test-node';

export type NodeKey = 'pak' | 'kaz' | 'uzb';
const NATIONS = [
  ['pak', 'PAK'],
  ['kaz', 'KAZ'],
  ['uzb', 'UZB'],
] as const;
const KEYS = NATIONS.map(([key]) => key);

export interface ThreeNodes {
  nodes: Record<NodeKey, TestNode>;
  /** Each nation's person's API token, for their own nation's node. */
  tokens: Record<NodeKey, string>;
}

/**
 * Starts the three nodes; `roles`: those of each nation's person. The caller closes the nodes; if
 * the setup fails, the nodes started so far are closed here.
 */
export async function startThreeNodes(roles: Record<NodeKey, Role[]>): Promise<ThreeNodes> {
  const nodes = {} as Record<NodeKey, TestNode>;
  const tokens = {} as Record<NodeKey, string>;
  try {
    for (const [key, nation] of NATIONS) {
      const port = await freePort();
      const node = await startTestNode(nation, { CONCORD_PUBLIC_URL: `http://127.0.0.1:${port}`, CONCORD_OUTBOUND_ALLOW: 'loopback' });
      nodes[key] = node;
      await node.app.http.listen({ port, host: '127.0.0.1' });
    }
    const people = {
      pak: await makeUser(nodes.pak.ctx, { nation: 'PAK', roles: roles.pak }),
      kaz: await makeUser(nodes.pak.ctx, { nation: 'KAZ', roles: roles.kaz }),
      uzb: await makeUser(nodes.pak.ctx, { nation: 'UZB', roles: roles.uzb }),
    };
    await shareDirectory(nodes.pak.ctx, nodes.kaz.ctx, nodes.uzb.ctx);
    for (const key of KEYS) tokens[key] = await makeToken(nodes[key].ctx, people[key]);
    const admin = systemActor('test');
    for (const a of KEYS)
      for (const b of KEYS)
        if (a !== b) await addPeer(nodes[a].ctx, admin, await ownInvite(nodes[b].ctx, admin), { accreditation: 'SECRET', caveats: [] });
  } catch (error) {
    for (const node of Object.values(nodes)) await node.close();
    throw error;
  }
  return { nodes, tokens };
}
