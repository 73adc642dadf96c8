import { ALL_NATIONS_COMMUNITY } from '../../../shared/vocab/communities';
import { userRepository } from '../../db/repositories/user-repository';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { DirectoryCore } from '../../db/repositories/directory-repository';
import type { UserRecord } from '../../db/repositories/user-repository';
import type { UserActor } from './actor';
import type { Classification } from '../../../shared/vocab/levels';
import type { Role } from '../../../shared/vocab/roles';
import type { Reader } from '../../../shared/labels/label';

/** What the releasability rule needs of a user as just read from the database (with their nation's communities). */
export function readerOf(user: UserRecord): Reader {
  return {
    userId: user.id,
    nation: user.nation,
    org: user.org_id,
    clientOf: user.org_client_of,
    clearance: user.clearance as Classification,
    caveats: user.caveats,
    communities: [ALL_NATIONS_COMMUNITY, ...user.communities],
    releasingOfficer: user.roles.includes('releasing-officer'),
  };
}

/** Builds the actor from the user as just read from the database: no permission is cached anywhere. */
export function actorFromUser(user: UserRecord & { directory_core?: DirectoryCore | null }, via: UserActor['via']): UserActor {
  return {
    kind: 'user',
    user: {
      id: user.id,
      username: user.username,
      displayName: user.display_name,
      roles: user.roles as Role[],
      clearance: user.clearance as Classification,
      caveats: user.caveats,
      language: user.language as UserActor['user']['language'],
    },
    org: { id: user.org_id, name: user.org_name, nation: user.nation, clientOf: user.org_client_of },
    nation: { code: user.nation, name: user.nation_name },
    reader: readerOf(user),
    via,
    ...(user.directory_core ? { labelDirectory: user.directory_core } : {}),
  };
}

export async function loadUserActor(db: Kysely<DB>, userId: string, via: UserActor['via']): Promise<UserActor | null> {
  const user = await userRepository(db).findById(userId);
  if (!user || user.disabled_at) return null;
  return actorFromUser(user, via);
}
