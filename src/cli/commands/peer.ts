import { CLASSIFICATION_LEVELS } from '../../shared/vocab/levels';
import { systemActor } from '../../server/domain/auth/actor';
import { addPeer, listPeers, ownInvite, repinPeer } from '../../server/domain/federation/peer-service';
import { CommandFailed, UsageError, requirePositional, withContext } from '../cli-kit';
import type { Command } from '../cli-kit';
import type { Classification } from '../../shared/vocab/levels';

export const peerCommand: Command = {
  name: 'peer',
  summary: "Give this node's invite, add a partner node from its invite, list peers",
  usage: [
    'concord peer invite',
    'concord peer add INVITE [--accreditation LEVEL] [--caveats CT,NARC]',
    '  The accreditation and caveats are what the node rule takes the peer to hold (default UNCLASSIFIED, none).',
    'concord peer repin INVITE   the partner node rotated its key: pin the new key from its new invite',
    'concord peer list [--json]',
  ].join('\n'),
  options: { json: { type: 'boolean' }, accreditation: { type: 'string' }, caveats: { type: 'string' } },
  async run({ values, positionals, global, output }) {
    const action = requirePositional(positionals, 0, 'action (invite, add, repin, list)');
    return withContext(global, async (ctx) => {
      const actor = systemActor('cli');
      if (action === 'invite') {
        output.out(
          `invite of the ${ctx.node.nation} node ${ctx.node.nodeId} at ${ctx.config.publicUrl} (set CONCORD_PUBLIC_URL to the address partners reach):`,
        );
        output.out(await ownInvite(ctx, actor));
        return 0;
      }
      if (action === 'add') {
        const invite = requirePositional(positionals, 1, 'INVITE');
        try {
          const accreditation = typeof values.accreditation === 'string' ? values.accreditation : 'UNCLASSIFIED';
          if (!(CLASSIFICATION_LEVELS as readonly string[]).includes(accreditation))
            throw new UsageError(`--accreditation is one of ${CLASSIFICATION_LEVELS.join(', ')}.`);
          const caveats =
            typeof values.caveats === 'string'
              ? values.caveats
                  .split(',')
                  .map((c) => c.trim())
                  .filter(Boolean)
              : [];
          const peer = await addPeer(ctx, actor, invite, { accreditation: accreditation as Classification, caveats });
          output.out(`peer added: ${peer.nation} node ${peer.node_id} at ${peer.url}, key ${peer.public_key}`);
          output.out(`  held to ${peer.accreditation}${peer.caveats.length ? ` with ${peer.caveats.join(', ')}` : ', no caveats'}`);
        } catch (error) {
          if (error instanceof UsageError) throw error;
          throw new CommandFailed((error as Error).message);
        }
        return 0;
      }
      if (action === 'repin') {
        const invite = requirePositional(positionals, 1, 'INVITE');
        const peer = await repinPeer(ctx, actor, invite).catch((error: unknown) => {
          throw new CommandFailed((error as Error).message);
        });
        output.out(
          `peer re-pinned: ${peer.nation} node ${peer.node_id} at ${peer.url}, key ${peer.public_key}; its objects are pulled again`,
        );
        return 0;
      }
      if (action === 'list') {
        const peers = await listPeers(ctx, actor);
        if (values.json) output.out(JSON.stringify(peers, null, 2));
        else if (peers.length === 0) output.out('no peers yet: add one with `concord peer add INVITE`');
        else
          for (const p of peers)
            output.out(
              `${p.nation}  ${p.node_id}  ${p.url}  ${p.last_contact_at ? `last contact ${new Date(p.last_contact_at).toISOString()}` : 'never contacted'}` +
                `  in ${p.objects_in} out ${p.objects_out} rejected ${p.rejects} pending receipts ${p.pendingReceipts}`,
            );
        return 0;
      }
      throw new UsageError(`Unknown peer action "${action}".`);
    });
  },
};
