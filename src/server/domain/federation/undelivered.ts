/**
 * Released but not delivered: this nation's records that name, in their label, a nation or a
 * community that no partner node receives them at — no node of that nation is pinned, or every
 * node it has withholds the record under the node rule (accreditation, caveats, no named
 * recipient living there, a parent it does not receive). For the Federation screen, computed only
 * over the records the administrator asking may read: the counts too, so they say nothing of
 * records they could not see.
 */
import { CLASSIFICATION_LEVELS } from '../../../shared/vocab/levels';
import { labelFromColumns } from '../../../shared/labels/label-columns';
import { peerRepository } from '../../db/repositories/peer-repository';
import { stixObjectRepository } from '../../db/repositories/stix-object-repository';
import { recordListDisclosure } from '../audit/record-reads';
import { PUBLISHED_KINDS } from '../records/registry';
import { LABELLED_KINDS } from '../../../shared/vocab/record-kinds';
import { nodeAudienceOf, nodeMayReceive } from './node-audience';
import { requireNodeManager } from './peer-service';
import type { Label } from '../../../shared/labels/label';
import type { NodeAudience } from '../../../shared/labels/read-rule';
import type { Context } from '../../context';
import type { UserActor } from '../auth/actor';

/** What keeps a node from receiving a record: one part of the node rule each. */
export type Withholding = 'accreditation' | 'caveats' | 'recipients' | 'parent';

export interface MissedAudience {
  /** The nation or community named in the record's label. */
  audience: string;
  /** The pinned nodes it names, each with what withholds the record from it (none: no node of it is pinned). */
  nodes: { nodeId: string; nation: string; withheldBy: Withholding[] }[];
}

export interface UndeliveredRecord {
  kind: string;
  id: string;
  title: string | null;
  label: Label;
  modified: string;
  missed: MissedAudience[];
}

export interface Undelivered {
  /** How many records reach no node of each audience. */
  audiences: { audience: string; records: number }[];
  total: number;
  /** The newest of them. */
  items: UndeliveredRecord[];
}

/**
 * The kinds whose audience someone chose: the labelled ones. A desk carries no label of its own: it
 * is published to every partner nation of the directory whether or not it has a node, and nothing
 * was released to anyone in particular.
 */
const CHOSEN_AUDIENCE = PUBLISHED_KINDS.filter((kind) => (LABELLED_KINDS as readonly string[]).includes(kind));
const SHOWN = 100;

interface Peer {
  nodeId: string;
  audience: NodeAudience;
}

export async function undeliveredRecords(ctx: Context, actor: UserActor): Promise<Undelivered> {
  requireNodeManager(actor);
  const db = ctx.database.db;
  const peers: Peer[] = await Promise.all(
    (await peerRepository(db).list()).map(async (peer) => ({ nodeId: peer.node_id, audience: await nodeAudienceOf(db, peer) })),
  );
  const found = await stixObjectRepository(db).undelivered(
    actor.reader,
    peers.map((p) => p.audience),
    ctx.node.nation,
    CHOSEN_AUDIENCE,
    SHOWN,
  );
  const items = found.rows.map((row) => {
    const label = labelFromColumns(row.label);
    const parents = (row.parent_labels ?? []).map(labelFromColumns);
    return {
      kind: row.record_kind,
      id: row.record_id,
      title: row.title,
      label,
      modified: row.modified,
      missed: missedAudiences(label, parents, peers, ctx.node.nation),
    };
  });
  await recordListDisclosure(ctx, actor, 'undelivered', items);
  return { audiences: found.audiences, total: found.total, items };
}

/** The audiences of `label` (other than `ownNation`) that no peer receives a record under it at, and why. */
export function missedAudiences(label: Label, parents: readonly Label[], peers: Peer[], ownNation: string): MissedAudience[] {
  const receives = (peer: Peer) => nodeMayReceive(peer.audience, label) && parents.every((parent) => nodeMayReceive(peer.audience, parent));
  const missed: MissedAudience[] = [];
  for (const audience of label.relTo) {
    if (audience === ownNation) continue;
    const meant = peers.filter((p) => p.audience.nation === audience || p.audience.communities.includes(audience));
    if (meant.some(receives)) continue;
    missed.push({
      audience,
      nodes: meant.map((p) => ({ nodeId: p.nodeId, nation: p.audience.nation, withheldBy: withholdings(p.audience, label, parents) })),
    });
  }
  return missed;
}

/**
 * Which parts of the node rule withhold a record from a node. The rule is asked, not restated:
 * a part withholds it when the rule still refuses with every other part granted.
 */
function withholdings(node: NodeAudience, label: Label, parents: readonly Label[]): Withholding[] {
  const granted = {
    accreditation: { accreditation: CLASSIFICATION_LEVELS.at(-1)! },
    caveats: { caveats: [...node.caveats, ...label.caveats] },
    recipients: { orgs: [...node.orgs, ...label.recipients.orgs], users: [...node.users, ...label.recipients.users] },
  };
  const parts = Object.keys(granted) as (keyof typeof granted)[];
  const withheld: Withholding[] = parts.filter((part) => {
    const others = Object.assign({}, node, ...parts.filter((p) => p !== part).map((p) => granted[p])) as NodeAudience;
    return !nodeMayReceive(others, label);
  });
  if (withheld.length === 0 && parents.some((parent) => !nodeMayReceive(node, parent))) withheld.push('parent');
  return withheld;
}
