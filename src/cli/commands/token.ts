import { userRepository } from '../../server/db/repositories/user-repository';
import { systemActor } from '../../server/domain/auth/actor';
import { createToken, revokeToken } from '../../server/domain/auth/auth-service';
import { CommandFailed, UsageError, requirePositional, requireString, withContext } from '../cli-kit';
import type { Command } from '../cli-kit';

export const tokenCommand: Command = {
  name: 'token',
  summary: 'Create or revoke API tokens for machines',
  usage: 'concord token create --user USERNAME --name LABEL [--days N]\nconcord token revoke TOKEN_ID',
  options: { user: { type: 'string' }, name: { type: 'string' }, days: { type: 'string' } },
  async run({ values, positionals, global, output }) {
    const action = requirePositional(positionals, 0, 'action (create, revoke)');
    return withContext(global, async (ctx) => {
      const actor = systemActor('cli');
      if (action === 'create') {
        const username = requireString(values, 'user');
        const user = await userRepository(ctx.database.db).findByUsername(username);
        if (!user || user.disabled_at) throw new CommandFailed(`No active user "${username}".`);
        const days = typeof values.days === 'string' ? Number(values.days) : 90;
        if (!Number.isInteger(days) || days < 1 || days > 365) throw new UsageError('--days is a whole number from 1 to 365.');
        const token = await createToken(ctx, actor, user.id, requireString(values, 'name'), days);
        output.out(`token ${token.id} for ${username}, expires ${token.expiresAt} (the secret is shown once):`);
        output.out(token.token);
        return 0;
      }
      if (action === 'revoke') {
        const id = requirePositional(positionals, 1, 'TOKEN_ID');
        try {
          await revokeToken(ctx, actor, id);
        } catch {
          throw new CommandFailed(`No token with id "${id}".`);
        }
        output.out(`token ${id} revoked`);
        return 0;
      }
      throw new UsageError(`Unknown token action "${action}".`);
    });
  },
};
