/** TAXII feed credentials as stored: the kind in `auth`, the credential sealed in `auth_sealed`. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { DB } from '../schema';

export function feedCredentialRepository(db: Kysely<DB>) {
  return {
    /** Feeds whose credential is still in clear (written before credentials were sealed). */
    inClear: () =>
      db
        .selectFrom('taxii_subscriptions')
        .select(['id', 'auth'])
        .where('auth_sealed', 'is', null)
        .where(sql<boolean>`auth->>'kind' <> 'none'`)
        .execute(),
    /** Replaces a clear credential by its sealed form, unless another process did already. */
    seal: (id: string, auth: string, sealed: string) =>
      db
        .updateTable('taxii_subscriptions')
        .set({ auth, auth_sealed: sealed })
        .where('id', '=', id)
        .where('auth_sealed', 'is', null)
        .execute(),
    /** Rewrites the table so the clear credentials' old row versions leave its files (outside a transaction). */
    compact: () => sql`vacuum full taxii_subscriptions`.execute(db),
  };
}
