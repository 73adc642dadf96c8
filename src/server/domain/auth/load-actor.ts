import { communitiesOf } from '../directory/directory-service';
import { userRepository } from '../../db/repositories/user-repository';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { UserRecord } from '../../db/repositories/user-repository';
import type { UserActor } from './actor';
import type { Classification } from '../../../shared/vocab/levels';
import type { Role } from '../../../shared/vocab/roles';

/** Builds the actor from the database as it is now: no permission is cached anywhere. */
export async function actorFromUser(db: Kysely<DB>, user: UserRecord, via: UserActor['via']): Promise<UserActor> {
  const communities = await communitiesOf(db, user.nation);
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
    reader: {
      userId: user.id,
      nation: user.nation,
      org: user.org_id,
      clientOf: user.org_client_of,
      clearance: user.clearance as Classification,
      caveats: user.caveats,
      communities,
    },
    via,
  };
}

export async function loadUserActor(db: Kysely<DB>, userId: string, via: UserActor['via']): Promise<UserActor | null> {
  const user = await userRepository(db).findById(userId);
  if (!user || user.disabled_at) return null;
  return actorFromUser(db, user, via);
}
