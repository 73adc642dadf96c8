/**
 * The graph of links between incidents, actors and indicators around one record: the record, its
 * neighbours and the links among them — only records the caller may read, and only links whose both
 * ends they may read.
 */
import { z } from 'zod';

export const GRAPH_KINDS = ['incident', 'actor', 'indicator'] as const;
export type GraphKind = (typeof GRAPH_KINDS)[number];

const nodeRef = z.object({ kind: z.enum(GRAPH_KINDS), id: z.string() });

export const graphNodeSchema = nodeRef.extend({
  /** The incident's title, the actor's name or the indicator's value. */
  title: z.string(),
  /** The incident's domain, the actor's kind or the indicator's type. */
  detail: z.string(),
  marking: z.string(),
});
export type GraphNode = z.infer<typeof graphNodeSchema>;

export const graphEdgeSchema = z.object({ from: nodeRef, to: nodeRef, relation: z.string() });
export type GraphEdge = z.infer<typeof graphEdgeSchema>;

export const recordGraphSchema = z.object({
  start: nodeRef,
  nodes: z.array(graphNodeSchema),
  edges: z.array(graphEdgeSchema),
  /** More readable neighbours exist than were sent (the most recent are sent). */
  truncated: z.boolean(),
});
export type RecordGraph = z.infer<typeof recordGraphSchema>;
