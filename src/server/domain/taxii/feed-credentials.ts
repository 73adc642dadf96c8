/**
 * TAXII feed credentials at rest: the database keeps only their kind in clear; the credential is
 * sealed under the secrets key (a file outside the database, sealed-secrets.ts) with the feed's
 * id as associated data, so a backup of the database carries no usable password or token.
 * Credentials stored in clear before are sealed at the first start that finds them.
 */
import { feedCredentialRepository } from '../../db/repositories/feed-credential-repository';
import type { TaxiiAuth } from '../../../shared/contracts/taxii-subscriptions';
import type { Context } from '../../context';

/** The two columns a credential is stored in. */
export function storedCredential(
  ctx: Pick<Context, 'secrets'>,
  feedId: string,
  auth: TaxiiAuth,
): { auth: string; auth_sealed: string | null } {
  return {
    auth: JSON.stringify({ kind: auth.kind }),
    auth_sealed: auth.kind === 'none' ? null : ctx.secrets.seal(JSON.stringify(auth), feedId),
  };
}

/** The feed's credential, opened for a request to its server. */
export function openCredential(ctx: Pick<Context, 'secrets'>, row: { id: string; auth: unknown; auth_sealed: string | null }): TaxiiAuth {
  if (row.auth_sealed === null) return (row.auth as TaxiiAuth | null) ?? { kind: 'none' };
  return JSON.parse(ctx.secrets.open(row.auth_sealed, row.id)) as TaxiiAuth;
}

/** Seals every credential still stored in clear; how many there were. */
export async function sealClearCredentials(ctx: Pick<Context, 'secrets' | 'database'>): Promise<number> {
  const repo = feedCredentialRepository(ctx.database.db);
  const clear = await repo.inClear();
  for (const row of clear) {
    const stored = storedCredential(ctx, row.id, row.auth as TaxiiAuth);
    await repo.seal(row.id, stored.auth, stored.auth_sealed!);
  }
  if (clear.length > 0) await repo.compact();
  return clear.length;
}
