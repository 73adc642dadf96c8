import fs from 'node:fs';
import { createUserRequestSchema } from '../../shared/contracts/directory';
import { directoryRepository } from '../../server/db/repositories/directory-repository';
import { AppError } from '../../server/domain/app-error';
import { systemActor } from '../../server/domain/auth/actor';
import { addUser, listUsers, resetUserTotp, setUserDisabled, setUserPassword } from '../../server/domain/users/user-service';
import { UsageError, requirePositional, requireString, withContext } from '../cli-kit';
import type { Command } from '../cli-kit';

const console = systemActor('cli');

function readPassword(values: Record<string, unknown>): string {
  if (typeof values.password === 'string') return values.password;
  if (values['password-stdin']) return fs.readFileSync(0, 'utf8').replace(/\r?\n$/, '');
  throw new UsageError('Give the password with --password-stdin (preferred) or --password.');
}

export const userCommand: Command = {
  name: 'user',
  summary: 'Manage accounts: add, list, disable, enable, passwd, totp-reset',
  usage: [
    'concord user add --username NAME --name "Display Name" --org ORG --role ROLE [--role ROLE] --clearance LEVEL [--caveat C] [--language en|ru|ur|uz|kk|ky|tg] [--email ADDRESS] (--password-stdin | --password P)',
    'concord user list [--json]',
    'concord user disable USERNAME | concord user enable USERNAME',
    'concord user passwd USERNAME (--password-stdin | --password P)',
    'concord user totp-reset USERNAME',
    '  ORG is an organisation id or its exact name.',
  ].join('\n'),
  options: {
    username: { type: 'string' },
    name: { type: 'string' },
    org: { type: 'string' },
    role: { type: 'string', multiple: true },
    clearance: { type: 'string' },
    caveat: { type: 'string', multiple: true },
    language: { type: 'string' },
    email: { type: 'string' },
    password: { type: 'string' },
    'password-stdin': { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run({ values, positionals, global, output }) {
    const action = requirePositional(positionals, 0, 'action (add, list, disable, enable, passwd, totp-reset)');
    return withContext(global, async (ctx) => {
      try {
        switch (action) {
          case 'add': {
            const orgArg = requireString(values, 'org');
            const orgs = await directoryRepository(ctx.database.db).organisations();
            const org = orgs.find((o) => o.id === orgArg || o.name === orgArg);
            if (!org) throw new UsageError(`Unknown organisation "${orgArg}". Known: ${orgs.map((o) => o.name).join('; ')}`);
            const parsed = createUserRequestSchema.safeParse({
              username: requireString(values, 'username'),
              displayName: typeof values.name === 'string' ? values.name : requireString(values, 'username'),
              org: org.id,
              roles: values.role ?? [],
              clearance: requireString(values, 'clearance'),
              caveats: values.caveat ?? [],
              language: values.language ?? 'en',
              ...(typeof values.email === 'string' ? { email: values.email } : {}),
              password: readPassword(values),
            });
            if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
            const added = await addUser(ctx, console, parsed.data);
            output.out(`added ${added.user.username} (${added.user.id}) in ${org.name}`);
            if (added.totpSecret) {
              output.out(`TOTP secret (shown once; add it to an authenticator app): ${added.totpSecret}`);
              output.out(`TOTP URI: ${added.totpUri}`);
            }
            return 0;
          }
          case 'list': {
            const users = await listUsers(ctx, console);
            if (values.json) output.out(JSON.stringify(users, null, 2));
            else
              for (const u of users)
                output.out(
                  `${u.nation}  ${u.username.padEnd(28)} ${u.roles.join(',').padEnd(20)} ${u.clearance.padEnd(13)} ${u.disabled ? 'DISABLED' : ''}`.trimEnd(),
                );
            return 0;
          }
          case 'disable':
          case 'enable': {
            const user = await setUserDisabled(ctx, console, requirePositional(positionals, 1, 'USERNAME'), action === 'disable');
            output.out(`${user.username} ${action}d`);
            return 0;
          }
          case 'passwd': {
            const username = requirePositional(positionals, 1, 'USERNAME');
            await setUserPassword(ctx, console, username, readPassword(values));
            output.out(`password of ${username} changed; their sessions were ended`);
            return 0;
          }
          case 'totp-reset': {
            const username = requirePositional(positionals, 1, 'USERNAME');
            const { secret, uri } = await resetUserTotp(ctx, console, username);
            output.out(`new TOTP secret for ${username} (shown once): ${secret}`);
            output.out(`TOTP URI: ${uri}`);
            return 0;
          }
          default:
            throw new UsageError(`Unknown user action "${action}".`);
        }
      } catch (error) {
        if (error instanceof AppError && error.code === 'VALIDATION_FAILED') throw new UsageError(error.message);
        throw error;
      }
    });
  },
};
