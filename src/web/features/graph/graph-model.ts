/** The graph the reader has opened so far: each expansion's nodes and links merged into one. */
import type { GraphEdge, GraphKind, GraphNode, RecordGraph } from '../../../shared/contracts/graph';

export interface OpenedGraph {
  nodes: Map<string, GraphNode>;
  edges: Map<string, GraphEdge>;
  expanded: Set<string>;
  /** Nodes whose neighbours were too many to send at once. */
  truncated: Set<string>;
}

export const nodeKey = (ref: { kind: GraphKind; id: string }) => `${ref.kind}:${ref.id}`;
export const edgeKey = (edge: GraphEdge) => `${nodeKey(edge.from)}>${nodeKey(edge.to)}`;

export const emptyGraph = (): OpenedGraph => ({ nodes: new Map(), edges: new Map(), expanded: new Set(), truncated: new Set() });

export function mergeGraph(opened: OpenedGraph, graph: RecordGraph): OpenedGraph {
  const next: OpenedGraph = {
    nodes: new Map(opened.nodes),
    edges: new Map(opened.edges),
    expanded: new Set(opened.expanded).add(nodeKey(graph.start)),
    truncated: new Set(opened.truncated),
  };
  for (const node of graph.nodes) next.nodes.set(nodeKey(node), node);
  for (const edge of graph.edges) next.edges.set(edgeKey(edge), edge);
  if (graph.truncated) next.truncated.add(nodeKey(graph.start));
  return next;
}
