import { sql } from 'kysely';
/**
 * The directory: nations, communities (membership versioned), caveats, organisations. Also
 * builds the preloaded snapshot that label validation needs.
 */
import { ALL_NATIONS_COMMUNITY } from '../../../shared/vocab/communities';
import { directoryRepository } from '../../db/repositories/directory-repository';
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

/** Communities a nation belongs to now, ALL-PARTNERS included. */
export async function communitiesOf(db: Kysely<DB>, nation: string): Promise<string[]> {
  return [ALL_NATIONS_COMMUNITY, ...(await directoryRepository(db).communitiesOfNation(nation))];
}

export async function loadLabelDirectory(db: Kysely<DB>, inputs: LabelInput[]): Promise<LabelDirectory> {
  const repo = directoryRepository(db);
  const orgIds = [...new Set(inputs.flatMap((i) => i.recipients.orgs))];
  const userIds = [...new Set(inputs.flatMap((i) => i.recipients.users))];
  // Nations, communities with their current members, and caveats in one round trip: every write validates a label.
  const [directory, orgs, users] = await Promise.all([
    sql<{ nations: string[]; caveats: string[]; memberships: { community: string; nation: string | null }[] }>`
      select
        (select coalesce(array_agg(code), '{}') from nations) as nations,
        (select coalesce(array_agg(code), '{}') from caveats) as caveats,
        (select coalesce(jsonb_agg(jsonb_build_object('community', c.code, 'nation', m.nation)), '[]'::jsonb)
           from communities c left join community_memberships m on m.community = c.code and m.valid_to is null) as memberships
    `.execute(db),
    repo.organisationsByIds(orgIds),
    repo.usersByIds(userIds),
  ]);
  const row = directory.rows[0] ?? { nations: [], caveats: [], memberships: [] };
  const communities = new Map<string, Set<string>>();
  for (const m of row.memberships) {
    const members = communities.get(m.community) ?? new Set<string>();
    if (m.nation) members.add(m.nation);
    communities.set(m.community, members);
  }
  communities.set(ALL_NATIONS_COMMUNITY, new Set(row.nations));
  return {
    nations: new Set(row.nations),
    communities,
    caveats: new Set(row.caveats),
    orgs: new Map(orgs.map((o) => [o.id, { nation: o.nation }])),
    users: new Map(users.map((u) => [u.id, { nation: u.nation, org: u.org }])),
  };
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
