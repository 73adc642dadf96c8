/**
 * What the node rule (RELEASABILITY.md) needs to know of a peer: its nation and that nation's
 * communities now — the built-in ALL-PARTNERS included, as for people (load-actor.ts) —, the
 * accreditation and caveats its administrator recorded, and the organisations and users that live
 * on it (named recipients of AMBER and RED records).
 */
import { ALL_NATIONS_COMMUNITY } from '../../../shared/vocab/communities';
import { nodeRule } from '../../../shared/labels/read-rule';
import { evaluateCondition } from '../../../shared/labels/read-rule';
import { directoryRepository } from '../../db/repositories/directory-repository';
import type { Kysely } from 'kysely';
import type { Label } from '../../../shared/labels/label';
import type { NodeAudience } from '../../../shared/labels/read-rule';
import type { Classification } from '../../../shared/vocab/levels';
import type { DB } from '../../db/schema';
import type { PeerRow } from './peer-service';

export async function nodeAudienceOf(db: Kysely<DB>, peer: Pick<PeerRow, 'nation' | 'accreditation' | 'caveats'>): Promise<NodeAudience> {
  const [communities, orgs, users] = await Promise.all([
    directoryRepository(db).communitiesOfNation(peer.nation),
    db.selectFrom('organisations').select('id').where('nation', '=', peer.nation).execute(),
    db
      .selectFrom('users')
      .innerJoin('organisations', 'organisations.id', 'users.org_id')
      .select('users.id')
      .where('organisations.nation', '=', peer.nation)
      .execute(),
  ]);
  return {
    nation: peer.nation,
    // Every partner nation belongs to ALL-PARTNERS; a peer's nation is always one of the directory's (peer-service.ts).
    communities: [ALL_NATIONS_COMMUNITY, ...communities],
    accreditation: peer.accreditation as Classification,
    caveats: peer.caveats,
    orgs: orgs.map((o) => o.id),
    users: users.map((u) => u.id),
  };
}

/** May the node described by `audience` receive a record under `label`? */
export const nodeMayReceive = (audience: NodeAudience, label: Label) => evaluateCondition(nodeRule(audience), label);
