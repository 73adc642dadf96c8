import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { DB } from '../schema';

/** What every label check needs of the directory: nations, caveats, communities and their current members. */
export interface DirectoryCore {
  nations: string[];
  caveats: string[];
  memberships: { community: string; nation: string | null }[];
}

/** The directory core as one jsonb value, to select alone or beside other columns (one round trip). */
export const directoryCoreColumn = sql<DirectoryCore>`jsonb_build_object(
  'nations', (select coalesce(jsonb_agg(code), '[]'::jsonb) from nations),
  'caveats', (select coalesce(jsonb_agg(code), '[]'::jsonb) from caveats),
  'memberships', (select coalesce(jsonb_agg(jsonb_build_object('community', c.code, 'nation', m.nation)), '[]'::jsonb)
                    from communities c left join community_memberships m on m.community = c.code and m.valid_to is null))`;

export function directoryRepository(db: Kysely<DB>) {
  return {
    nations: () => db.selectFrom('nations').select(['code', 'name']).orderBy('code').execute(),
    communities: () => db.selectFrom('communities').select(['code', 'name']).orderBy('code').execute(),
    currentMemberships: () =>
      db.selectFrom('community_memberships').select(['community', 'nation']).where('valid_to', 'is', null).execute(),
    communitiesOfNation: async (nation: string) =>
      (
        await db
          .selectFrom('community_memberships')
          .select('community')
          .where('nation', '=', nation)
          .where('valid_to', 'is', null)
          .execute()
      ).map((r) => r.community),
    core: async () =>
      (await sql<{ core: DirectoryCore }>`select ${directoryCoreColumn} as core`.execute(db)).rows[0]?.core as DirectoryCore,
    caveats: () => db.selectFrom('caveats').select(['code', 'name']).orderBy('code').execute(),
    organisations: () =>
      db.selectFrom('organisations').select(['id', 'name', 'nation', 'client_of']).orderBy('nation').orderBy('name').execute(),
    organisationsByIds: (ids: string[]) =>
      ids.length === 0
        ? Promise.resolve([])
        : db.selectFrom('organisations').select(['id', 'nation', 'name']).where('id', 'in', ids).execute(),
    usersByIds: (ids: string[]) =>
      ids.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('users')
            .innerJoin('organisations', 'organisations.id', 'users.org_id')
            .select(['users.id', 'users.org_id as org', 'organisations.nation'])
            .where('users.id', 'in', ids)
            .execute(),
    /** The ids of a nation's organisations and of their people (what a peer node of that nation speaks for). */
    idsOfNation: async (nation: string) => {
      const [orgs, users] = await Promise.all([
        db.selectFrom('organisations').select('id').where('nation', '=', nation).execute(),
        db
          .selectFrom('users')
          .innerJoin('organisations', 'organisations.id', 'users.org_id')
          .select('users.id')
          .where('organisations.nation', '=', nation)
          .execute(),
      ]);
      return { orgs: orgs.map((o) => o.id), users: users.map((u) => u.id) };
    },
    organisation: (id: string) => db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst(),
    insertNation: (code: string, name: string) =>
      db
        .insertInto('nations')
        .values({ code, name })
        .onConflict((oc) => oc.column('code').doNothing())
        .execute(),
    insertCommunity: (code: string, name: string) =>
      db
        .insertInto('communities')
        .values({ code, name })
        .onConflict((oc) => oc.column('code').doNothing())
        .execute(),
    insertCaveat: (code: string, name: string) =>
      db
        .insertInto('caveats')
        .values({ code, name })
        .onConflict((oc) => oc.column('code').doNothing())
        .execute(),
    insertOrganisation: (row: { id: string; nation: string; name: string; client_of: string | null }) =>
      db.insertInto('organisations').values(row).execute(),
    addMembership: (community: string, nation: string, at: Date) =>
      db.insertInto('community_memberships').values({ community, nation, valid_from: at, valid_to: null }).execute(),
    endMembership: (community: string, nation: string, at: Date) =>
      db
        .updateTable('community_memberships')
        .set({ valid_to: at })
        .where('community', '=', community)
        .where('nation', '=', nation)
        .where('valid_to', 'is', null)
        .execute(),
    organisationByName: (nation: string, name: string) =>
      db.selectFrom('organisations').selectAll().where('nation', '=', nation).where('name', '=', name).executeTakeFirst(),
    nationCount: async () => Number((await sql<{ n: number }>`select count(*)::int as n from nations`.execute(db)).rows[0]?.n ?? 0),
  };
}
