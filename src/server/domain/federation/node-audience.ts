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
  const directory = directoryRepository(db);
  const [communities, { orgs, users }] = await Promise.all([
    directory.communitiesOfNation(peer.nation),
    directory.idsOfNation(peer.nation),
  ]);
  return {
    nation: peer.nation,
    // Every partner nation belongs to ALL-PARTNERS; a peer's nation is always one of the directory's (peer-service.ts).
    communities: [ALL_NATIONS_COMMUNITY, ...communities],
    accreditation: peer.accreditation as Classification,
    caveats: peer.caveats,
    orgs,
    users,
  };
}

/** May the node described by `audience` receive a record under `label`? */
export const nodeMayReceive = (audience: NodeAudience, label: Label) => evaluateCondition(nodeRule(audience), label);
