/**
 * The directory: nations, communities (membership versioned), caveats, organisations. Also
 * builds the preloaded snapshot that label validation needs.
 */
import { ALL_NATIONS_COMMUNITY } from '../../../shared/vocab/communities';
import { directoryRepository } from '../../db/repositories/directory-repository';
import type { DirectoryCore } from '../../db/repositories/directory-repository';
import type { Kysely } from 'kysely';
import type { LabelDirectory } from '../../../shared/labels/validate-label';
import type { LabelInput } from '../../../shared/labels/label';
import type { DB } from '../../db/schema';

/** Current members of every community, with the built-in ALL-PARTNERS holding every nation. */
export async function currentMembership(db: Kysely<DB>): Promise<Map<string, Set<string>>> {
  const repo = directoryRepository(db);
  const [nations, communities, memberships] = await Promise.all([repo.nations(), repo.communities(), repo.currentMemberships()]);
  const map = new Map<string, Set<string>>(communities.map((c) => [c.code, new Set<string>()]));
  for (const m of memberships) map.get(m.community)?.add(m.nation);
  map.set(ALL_NATIONS_COMMUNITY, new Set(nations.map((n) => n.code)));
  return map;
}

/**
 * Which nations each community holds now, as a label check sees it (from the actor's request when
 * loaded with it). Read through `db`: inside a transaction, its own connection (the embedded
 * database has only one).
 */
export async function communityMembership(db: Kysely<DB>, actor: { labelDirectory?: DirectoryCore | undefined }) {
  return (await loadLabelDirectory(db, [], actor.labelDirectory)).communities;
}

/**
 * The directory a label is checked against. `core` is the directory as read with the request's
 * authentication (one round trip for both); without it, it is read now. Named organisations and
 * users are looked up only when a label names some.
 */
export async function loadLabelDirectory(db: Kysely<DB>, inputs: LabelInput[], core?: DirectoryCore): Promise<LabelDirectory> {
  const repo = directoryRepository(db);
  const orgIds = [...new Set(inputs.flatMap((i) => i.recipients.orgs))];
  const userIds = [...new Set(inputs.flatMap((i) => i.recipients.users))];
  const [row, orgs, users] = await Promise.all([core ?? repo.core(), repo.organisationsByIds(orgIds), repo.usersByIds(userIds)]);
  return {
    ...withCore(row),
    orgs: new Map(orgs.map((o) => [o.id, { nation: o.nation }])),
    users: new Map(users.map((u) => [u.id, { nation: u.nation, org: u.org }])),
  };
}

/** The nations, communities (the built-in one included) and caveats of a directory core. */
export function withCore(core: DirectoryCore): Pick<LabelDirectory, 'nations' | 'communities' | 'caveats'> {
  const communities = new Map<string, Set<string>>();
  for (const m of core.memberships) {
    const members = communities.get(m.community) ?? new Set<string>();
    if (m.nation) members.add(m.nation);
    communities.set(m.community, members);
  }
  communities.set(ALL_NATIONS_COMMUNITY, new Set(core.nations));
  return { nations: new Set(core.nations), communities, caveats: new Set(core.caveats) };
}

export async function directorySnapshot(db: Kysely<DB>) {
  const repo = directoryRepository(db);
  const [nations, communities, membership, orgs, caveats] = await Promise.all([
    repo.nations(),
    repo.communities(),
    currentMembership(db),
    repo.organisations(),
    repo.caveats(),
  ]);
  return {
    nations,
    communities: [{ code: ALL_NATIONS_COMMUNITY, name: 'All partner nations' }, ...communities].map((c) => ({
      ...c,
      members: [...(membership.get(c.code) ?? [])].sort(),
    })),
    organisations: orgs.map((o) => ({ id: o.id, name: o.name, nation: o.nation, clientOf: o.client_of })),
    caveats,
  };
}
