import { userRepository } from '../../server/db/repositories/user-repository';
import { AppError } from '../../server/domain/app-error';
import { systemActor } from '../../server/domain/auth/actor';
import { createToken, revokeToken } from '../../server/domain/auth/auth-service';
import { TOKEN_SCOPES, TOKEN_SCOPE_MEANINGS } from '../../shared/vocab/token-scopes';
import { CommandFailed, UsageError, requirePositional, requireString, withContext } from '../cli-kit';
import type { TokenScope } from '../../shared/vocab/token-scopes';
import type { Command } from '../cli-kit';

/** `--scope read --scope taxii` or `--scope read,taxii`. */
function readScopes(values: Record<string, unknown>): TokenScope[] {
  const given = ((values.scope as string[] | undefined) ?? []).flatMap((v) => v.split(',')).map((v) => v.trim());
  const scopeList = TOKEN_SCOPES.map((s) => `  ${s}: ${TOKEN_SCOPE_MEANINGS[s]}`).join('\n');
  if (given.length === 0) throw new UsageError(`Give the token's scopes with --scope (one or more of):\n${scopeList}`);
  const unknown = given.filter((s) => !(TOKEN_SCOPES as readonly string[]).includes(s));
  if (unknown.length > 0) throw new UsageError(`Unknown scope(s) ${unknown.join(', ')}; the scopes are:\n${scopeList}`);
  return given as TokenScope[];
}

export const tokenCommand: Command = {
  name: 'token',
  summary: 'Create or revoke API tokens for machines',
  usage: [
    'concord token create --user USERNAME --name LABEL --scope SCOPE[,SCOPE…] [--days N]',
    'concord token revoke TOKEN_ID',
    `  SCOPE: ${TOKEN_SCOPES.join(', ')} (admin needs a node administrator's account; metrics may go to any account, e.g. a monitoring one)`,
  ].join('\n'),
  options: { user: { type: 'string' }, name: { type: 'string' }, days: { type: 'string' }, scope: { type: 'string', multiple: true } },
  async run({ values, positionals, global, output }) {
    const action = requirePositional(positionals, 0, 'action (create, revoke)');
    return withContext(global, async (ctx) => {
      const actor = systemActor('cli');
      if (action === 'create') {
        const username = requireString(values, 'user');
        const scopes = readScopes(values);
        const user = await userRepository(ctx.database.db).findByUsername(username);
        if (!user || user.disabled_at) throw new CommandFailed(`No active user "${username}".`);
        const days = typeof values.days === 'string' ? Number(values.days) : 90;
        if (!Number.isInteger(days) || days < 1 || days > 365) throw new UsageError('--days is a whole number from 1 to 365.');
        try {
          const token = await createToken(ctx, actor, user.id, { name: requireString(values, 'name'), expiresInDays: days, scopes });
          output.out(
            `token ${token.id} for ${username} (${token.scopes.join(', ')}), expires ${token.expiresAt} (the secret is shown once):`,
          );
          output.out(token.token);
        } catch (error) {
          if (error instanceof AppError && error.code === 'VALIDATION_FAILED') throw new UsageError(error.message);
          throw error;
        }
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
