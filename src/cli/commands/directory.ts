import { AppError } from '../../server/domain/app-error';
import { systemActor } from '../../server/domain/auth/actor';
import { addCaveat, addCommunity, addNation, addOrganisation, setCommunityMembership } from '../../server/domain/directory/directory-admin';
import { directorySnapshot } from '../../server/domain/directory/directory-service';
import { CommandFailed, UsageError, requirePositional, withContext } from '../cli-kit';
import type { Command } from '../cli-kit';

export const directoryCommand: Command = {
  name: 'directory',
  summary: 'Nations, organisations, communities (versioned membership) and caveats',
  usage: [
    'concord directory list [--json]',
    'concord directory nation-add CODE "Name"',
    'concord directory org-add NATION "Name" [--client-of ORG]',
    'concord directory community-add CODE "Name"',
    'concord directory community-join CODE NATION | concord directory community-leave CODE NATION',
    'concord directory caveat-add CODE "Name"',
  ].join('\n'),
  options: { 'client-of': { type: 'string' }, json: { type: 'boolean' } },
  async run({ values, positionals, global, output }) {
    const action = requirePositional(positionals, 0, 'action');
    const console = systemActor('cli');
    return withContext(global, async (ctx) => {
      try {
        switch (action) {
          case 'list': {
            const snapshot = await directorySnapshot(ctx.database.db);
            if (values.json) {
              output.out(JSON.stringify(snapshot, null, 2));
              return 0;
            }
            output.out(`nations: ${snapshot.nations.map((n) => `${n.code} (${n.name})`).join(', ') || '(none)'}`);
            output.out('communities:');
            for (const c of snapshot.communities) output.out(`  ${c.code.padEnd(16)} ${c.members.join(', ') || '(no members)'}`);
            output.out(`caveats: ${snapshot.caveats.map((c) => c.code).join(', ') || '(none)'}`);
            output.out('organisations:');
            for (const o of snapshot.organisations)
              output.out(`  ${o.nation} ${o.id} ${o.name}${o.clientOf ? ` (client of ${o.clientOf})` : ''}`);
            return 0;
          }
          case 'nation-add':
            await addNation(ctx, console, requirePositional(positionals, 1, 'CODE'), requirePositional(positionals, 2, 'NAME'));
            output.out('nation added');
            return 0;
          case 'org-add': {
            const id = await addOrganisation(ctx, console, {
              nation: requirePositional(positionals, 1, 'NATION'),
              name: requirePositional(positionals, 2, 'NAME'),
              clientOf: typeof values['client-of'] === 'string' ? values['client-of'] : null,
            });
            output.out(`organisation ${id} added`);
            return 0;
          }
          case 'community-add':
            await addCommunity(ctx, console, requirePositional(positionals, 1, 'CODE'), positionals[2] ?? '');
            output.out('community added');
            return 0;
          case 'community-join':
          case 'community-leave':
            await setCommunityMembership(
              ctx,
              console,
              requirePositional(positionals, 1, 'CODE'),
              requirePositional(positionals, 2, 'NATION'),
              action === 'community-join',
            );
            output.out(action === 'community-join' ? 'member from now on' : 'membership ended now');
            return 0;
          case 'caveat-add':
            await addCaveat(ctx, console, requirePositional(positionals, 1, 'CODE'), positionals[2] ?? '');
            output.out('caveat added');
            return 0;
          default:
            throw new UsageError(`Unknown directory action "${action}".`);
        }
      } catch (error) {
        if (error instanceof AppError && error.code === 'VALIDATION_FAILED') throw new UsageError(error.message);
        if (error instanceof AppError) throw new CommandFailed(error.message);
        throw error;
      }
    });
  },
};
