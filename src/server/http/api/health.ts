import { healthSchema, nodeInfoSchema } from '../../../shared/contracts/health';
import { CONCORD_VERSION } from '../../config';
import { defineRoute } from '../route';

export const healthRoutes = [
  defineRoute({
    method: 'GET',
    url: '/healthz',
    summary: 'Liveness and identity of this node',
    tag: 'node',
    auth: 'public',
    response: healthSchema,
    reads: { kind: 'none', why: 'node identity only' },
    handler: async ({ ctx }) => {
      let status: 'ok' | 'degraded' = 'ok';
      try {
        await ctx.database.ping();
      } catch {
        status = 'degraded';
      }
      const identity = { nation: ctx.node.nation, nodeId: ctx.node.nodeId, database: ctx.database.kind, version: CONCORD_VERSION };
      const diskFull = ctx.database.diskFull.current();
      if (diskFull)
        return { status: 'degraded' as const, ...identity, cause: 'disk-full' as const, message: `The disk is full: ${diskFull.detail}` };
      return { status, ...identity };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/node',
    summary: 'This node: nation, id and Ed25519 public key',
    tag: 'node',
    auth: 'public',
    response: nodeInfoSchema,
    reads: { kind: 'none', why: 'public node identity' },
    handler: async ({ ctx }) => ({
      nation: ctx.node.nation,
      nodeId: ctx.node.nodeId,
      publicKey: ctx.node.publicKey,
      database: ctx.database.kind,
      version: CONCORD_VERSION,
    }),
  }),
];
