import { describe, expect, it } from 'vitest';
import { emptyGraph, mergeGraph } from './graph-model';
import type { GraphNode } from '../../../shared/contracts/graph';

const node = (kind: GraphNode['kind'], id: string): GraphNode => ({ kind, id, title: id, detail: '', marking: 'UNCLASSIFIED' });

describe('opened graph', () => {
  it('merges expansions without repeating nodes or links and remembers what was expanded', () => {
    const first = mergeGraph(emptyGraph(), {
      start: { kind: 'incident', id: 'a' },
      nodes: [node('incident', 'a'), node('actor', 'x')],
      edges: [{ from: { kind: 'incident', id: 'a' }, to: { kind: 'actor', id: 'x' }, relation: 'linked' }],
      truncated: false,
    });
    const second = mergeGraph(first, {
      start: { kind: 'actor', id: 'x' },
      nodes: [node('actor', 'x'), node('incident', 'a'), node('incident', 'b')],
      edges: [
        { from: { kind: 'incident', id: 'a' }, to: { kind: 'actor', id: 'x' }, relation: 'linked' },
        { from: { kind: 'incident', id: 'b' }, to: { kind: 'actor', id: 'x' }, relation: 'linked' },
      ],
      truncated: true,
    });
    expect([...second.nodes.keys()].sort()).toEqual(['actor:x', 'incident:a', 'incident:b']);
    expect([...second.edges.keys()].sort()).toEqual(['incident:a>actor:x', 'incident:b>actor:x']);
    expect([...second.expanded].sort()).toEqual(['actor:x', 'incident:a']);
    expect([...second.truncated]).toEqual(['actor:x']);
    expect(first.nodes.size).toBe(2);
  });
});
