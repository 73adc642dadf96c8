/**
 * The link graph around one record, one hop at a time (the web app expands a node by asking for its
 * graph). Links are held by incidents (record_links), so an incident's neighbours are the records it
 * links to and the incidents linking to it; an actor's or indicator's are the incidents linking to
 * it. Every end goes through readableTargets — the rule every link view uses — and a link is shown
 * only when both of its ends are readable; nothing is counted before that filter.
 */
import { formatMarking } from '../../../shared/labels/format-label';
import { labelFromColumns } from '../../../shared/labels/label-columns';
import { actorRepository } from '../../db/repositories/actor-repository';
import { incidentRepository } from '../../db/repositories/incident-repository';
import { indicatorRepository } from '../../db/repositories/indicator-repository';
import { linkRepository } from '../../db/repositories/link-repository';
import { readRecordOrRefuse, recordListDisclosure } from '../audit/record-reads';
import { readableTargets } from '../incidents/link-targets';
import type { GraphEdge, GraphKind, GraphNode, RecordGraph } from '../../../shared/contracts/graph';
import type { Context } from '../../context';
import type { LinkRow } from '../../db/repositories/link-repository';
import type { UserActor } from '../auth/actor';

/** Neighbours sent for one node; a node linked to more shows the most recent and says so. */
export const GRAPH_NEIGHBOUR_LIMIT = 150;

const key = (kind: string, id: string) => `${kind}:${id}`;

export async function recordGraph(ctx: Context, actor: UserActor, kind: GraphKind, id: string): Promise<RecordGraph> {
  const db = ctx.database.db;
  const repo: {
    findReadable: (id: string, reader: UserActor['reader']) => Promise<{ version: number } | undefined>;
    exists: (id: string) => Promise<boolean>;
  } = {
    incident: incidentRepository(db),
    actor: actorRepository(db),
    indicator: indicatorRepository(db),
  }[kind];
  // The start record answers exactly as its own page does: unreadable and missing are one 404.
  await readRecordOrRefuse(ctx, actor, kind, id, {
    findReadable: () => repo.findReadable(id, actor.reader),
    exists: () => repo.exists(id),
  });
  const links = linkRepository(db);
  const around = [...(kind === 'incident' ? await links.linksFrom('incident', id) : []), ...(await links.linksTo(kind, id))];
  const neighbourIds = { actor: [] as string[], indicator: [] as string[], incident: [] as string[] };
  for (const l of around) {
    const other = l.from_kind === kind && l.from_id === id ? { kind: l.to_kind, id: l.to_id } : { kind: l.from_kind, id: l.from_id };
    if (other.kind === 'actor' || other.kind === 'indicator' || other.kind === 'incident') neighbourIds[other.kind].push(other.id);
  }
  const readable = await readableTargets(db, actor.reader, neighbourIds);
  const start = await readableTargets(db, actor.reader, { actor: [], indicator: [], incident: [], [kind]: [id] });

  const nodes = new Map<string, GraphNode & { at: number }>();
  const add = (node: GraphNode, at: Date | string) => nodes.set(key(node.kind, node.id), { ...node, at: new Date(at).getTime() });
  for (const set of [readable, start]) {
    for (const i of set.incidents)
      add({ kind: 'incident', id: i.id, title: i.title, detail: i.domain, marking: formatMarking(labelFromColumns(i)) }, i.occurred_at);
    for (const a of set.actors)
      add({ kind: 'actor', id: a.id, title: a.name, detail: a.kind, marking: formatMarking(labelFromColumns(a)) }, a.created_at);
    for (const i of set.indicators)
      add({ kind: 'indicator', id: i.id, title: i.value, detail: i.type, marking: formatMarking(labelFromColumns(i)) }, i.created_at);
  }
  const startKey = key(kind, id);
  const neighbours = [...nodes.entries()].filter(([k]) => k !== startKey).sort(([, a], [, b]) => b.at - a.at);
  const kept = new Set([startKey, ...neighbours.slice(0, GRAPH_NEIGHBOUR_LIMIT).map(([k]) => k)]);

  // The links among the nodes sent, the start's and those between neighbouring incidents' records.
  const neighbourIncidents = [...kept].filter((k) => k.startsWith('incident:') && k !== startKey).map((k) => k.slice('incident:'.length));
  const candidates: LinkRow[] = [...around, ...(await links.linksFromMany('incident', neighbourIncidents))];
  const edges = new Map<string, GraphEdge>();
  for (const l of candidates) {
    const from = key(l.from_kind, l.from_id);
    const to = key(l.to_kind, l.to_id);
    if (!kept.has(from) || !kept.has(to)) continue;
    edges.set(`${from}>${to}`, {
      from: { kind: l.from_kind as GraphKind, id: l.from_id },
      to: { kind: l.to_kind as GraphKind, id: l.to_id },
      relation: l.relation,
    });
  }
  const sent = [...kept].map((k) => nodes.get(k)).filter((n) => n !== undefined);
  for (const k of ['incident', 'actor', 'indicator'] as const) {
    const disclosed = sent.filter((n) => n.kind === k && key(n.kind, n.id) !== startKey);
    await recordListDisclosure(ctx, actor, k, disclosed);
  }
  return {
    start: { kind, id },
    nodes: sent.map(({ at: _at, ...node }) => node),
    edges: [...edges.values()],
    truncated: neighbours.length > GRAPH_NEIGHBOUR_LIMIT,
  };
}
