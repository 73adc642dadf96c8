/**
 * A partner's records here name their authors by organisation only: each originating
 * organisation has one disabled placeholder account, `remote:<organisation id>`, shown as
 * "<organisation name> (partner node)". Nobody signs in with it.
 */
import { directoryRepository } from '../../db/repositories/directory-repository';
import { userRepository } from '../../db/repositories/user-repository';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';

export const remoteAuthorId = (org: string) => `remote:${org}`;

/** The placeholder authors of a partner's records here: disabled accounts of the originating organisations. */
export async function ensureRemoteAuthors(db: Kysely<DB>, orgs: string[]): Promise<void> {
  const names = new Map((await directoryRepository(db).organisationsByIds(orgs)).map((o) => [o.id, o.name]));
  await userRepository(db).insertMissing(
    orgs.map((org) => ({
      id: remoteAuthorId(org),
      username: `remote.${org}`,
      display_name: `${names.get(org) ?? org} (partner node)`,
      org_id: org,
      roles: [],
      clearance: 'UNCLASSIFIED',
      caveats: [],
      language: 'en',
      password_hash: '!',
      totp_secret: null,
      disabled_at: new Date(0),
      locked_until: null,
    })),
  );
}
