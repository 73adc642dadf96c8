import { CONCORD_VERSION } from '../../server/config';
import { UsageError, requirePositional, withContext } from '../cli-kit';
import type { Command } from '../cli-kit';

export const nodeCommand: Command = {
  name: 'node',
  summary: "Show this node's nation, id and public key",
  usage: 'concord node info [--json]',
  options: { json: { type: 'boolean' } },
  async run({ values, positionals, global, output }) {
    const action = requirePositional(positionals, 0, 'action (info)');
    if (action !== 'info') throw new UsageError(`Unknown node action "${action}".`);
    return withContext(global, async (ctx) => {
      const info = {
        nation: ctx.node.nation,
        nodeId: ctx.node.nodeId,
        publicKey: ctx.node.publicKey,
        database: ctx.database.kind,
        version: CONCORD_VERSION,
      };
      if (values.json) output.out(JSON.stringify(info, null, 2));
      else for (const [key, value] of Object.entries(info)) output.out(`${key.padEnd(10)} ${value}`);
      return 0;
    });
  },
};
