import { healthSchema, nodeInfoSchema } from '../../../shared/contracts/health';
import { CONCORD_VERSION } from '../../config';
import { defineRoute } from '../route';
import type { Context } from '../../context';

/** A database that does not answer a trivial query within this time counts as unreachable. */
const PING_TIMEOUT_MS = 2_000;

async function databaseAnswers(ctx: Context): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS);
  });
  try {
    return await Promise.race([
      ctx.database.ping().then(
        () => true,
        () => false,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

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
      const problems: string[] = [];
      if (!(await databaseAnswers(ctx))) {
        problems.push('The database is unreachable: requests that need it answer 503 until it is back; the node reconnects by itself.');
      }
      const diskFull = ctx.database.diskFull.current();
      const full = diskFull ? { cause: 'disk-full' as const, message: `The disk is full: ${diskFull.detail}` } : null;
      if (full) problems.push(`${full.message} Writes answer 503 until space is freed; no restart is needed.`);
      return {
        status: problems.length === 0 ? ('ok' as const) : ('degraded' as const),
        nation: ctx.node.nation,
        nodeId: ctx.node.nodeId,
        database: ctx.database.kind,
        version: CONCORD_VERSION,
        problems,
        ...(full ?? {}),
      };
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
