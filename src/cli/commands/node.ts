import { CONCORD_VERSION } from '../../server/config';
import { systemActor } from '../../server/domain/auth/actor';
import { signCheckpoint } from '../../server/domain/audit/audit-checkpoint';
import { rotateNodeKey } from '../../server/domain/node/key-rotation';
import { UsageError, requirePositional, withContext } from '../cli-kit';
import type { Command } from '../cli-kit';

export const nodeCommand: Command = {
  name: 'node',
  summary: "Show this node's nation, id and public key; rotate its key",
  usage: [
    'concord node info [--json]',
    'concord node rotate-key   a new key pair in the key file (the old public key kept there, so what it',
    '  signed still verifies); stop every app process of the node first and start them after with the',
    '  new key file; partners re-pin the node from a new invite (`concord peer invite`, then their',
    '  `concord peer repin INVITE`)',
  ].join('\n'),
  options: { json: { type: 'boolean' } },
  async run({ values, positionals, global, output }) {
    const action = requirePositional(positionals, 0, 'action (info, rotate-key)');
    if (action !== 'info' && action !== 'rotate-key') throw new UsageError(`Unknown node action "${action}".`);
    return withContext(global, async (ctx) => {
      if (action === 'rotate-key') {
        const before = ctx.node.publicKey;
        const { node, resigned, altered } = await rotateNodeKey(ctx, systemActor('cli'));
        // The first checkpoint under the new key, so the log's head is vouched for by it at once.
        await signCheckpoint({ ...ctx, node });
        output.out(
          `node key rotated: ${before} -> ${node.publicKey} (the old key stays in ${ctx.config.keyFile} to verify what it signed)`,
        );
        output.out(
          `published objects signed again: ${resigned}${altered > 0 ? `; ${altered} no key of this node verifies were left as they are (altered)` : ''}`,
        );
        output.out('next: copy the key file to every machine running an app process of this node, and back it up;');
        output.out('      give each partner a new invite (`concord peer invite`) to re-pin this node with `concord peer repin INVITE`.');
        return 0;
      }
      const info = {
        nation: ctx.node.nation,
        nodeId: ctx.node.nodeId,
        publicKey: ctx.node.publicKey,
        keyFile: ctx.config.keyFile,
        database: ctx.database.kind,
        version: CONCORD_VERSION,
      };
      if (values.json) output.out(JSON.stringify(info, null, 2));
      else for (const [key, value] of Object.entries(info)) output.out(`${key.padEnd(10)} ${value}`);
      return 0;
    });
  },
};
