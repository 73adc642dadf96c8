/**
 * The link graph between incidents, actors and indicators, opened from a record and expanded node
 * by node. Loaded on demand (with Cytoscape) so the graph library stays out of the first screen. The
 * canvas is for the eye; the list beside it offers the same nodes to the keyboard and screen readers.
 */
import cytoscape from 'cytoscape';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchRecordGraph, PLURAL } from '../../api/graph';
import { AppLink } from '../../components/AppLink';
import { ErrorMessage } from '../../components/ErrorMessage';
import { GraphStartPicker } from './GraphStartPicker';
import { emptyGraph, mergeGraph, nodeKey } from './graph-model';
import { GRAPH_KINDS } from '../../../shared/contracts/graph';
import type { OpenedGraph } from './graph-model';
import type { GraphKind, GraphNode } from '../../../shared/contracts/graph';
import './graph.css';

/** Colour and shape by kind, so kinds differ by more than colour alone. */
const LOOK: Record<GraphKind, { colour: string; shape: cytoscape.Css.NodeShape }> = {
  incident: { colour: '#0b4f8a', shape: 'round-rectangle' },
  actor: { colour: '#a4262c', shape: 'ellipse' },
  indicator: { colour: '#2b6a30', shape: 'diamond' },
};

const short = (text: string) => (text.length > 28 ? `${text.slice(0, 27)}…` : text);

export function GraphPage({ search }: { search: string }) {
  const params = new URLSearchParams(search);
  const kind = params.get('kind');
  const id = params.get('id');
  if (!id || !GRAPH_KINDS.includes(kind as GraphKind)) return <GraphStartPicker />;
  return <RecordGraphView key={`${kind}:${id}`} start={{ kind: kind as GraphKind, id }} />;
}

function RecordGraphView({ start }: { start: { kind: GraphKind; id: string } }) {
  const { t } = useTranslation();
  const [graph, setGraph] = useState<OpenedGraph>(emptyGraph);
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [selected, setSelected] = useState(nodeKey(start));
  const container = useRef<HTMLDivElement>(null);
  const cy = useRef<cytoscape.Core | null>(null);
  const opened = useRef(graph);
  opened.current = graph;

  const expand = useCallback(async (ref: { kind: GraphKind; id: string }) => {
    const key = nodeKey(ref);
    setSelected(key);
    if (opened.current.expanded.has(key)) return;
    setPending(key);
    setError(null);
    try {
      const answer = await fetchRecordGraph(ref.kind, ref.id);
      setGraph((current) => mergeGraph(current, answer));
    } catch (e) {
      setError(e);
    } finally {
      setPending(null);
    }
  }, []);

  // The start is a fresh object on every render of the page: depend on what it names.
  const { kind: startKind, id: startId } = start;
  useEffect(() => {
    void expand({ kind: startKind, id: startId });
  }, [expand, startKind, startId]);

  useEffect(() => {
    if (!container.current) return;
    const instance = cytoscape({
      container: container.current,
      minZoom: 0.2,
      maxZoom: 3,
      style: [
        {
          selector: 'node',
          style: {
            label: 'data(label)',
            'background-color': 'data(colour)',
            shape: 'data(shape)' as unknown as cytoscape.Css.NodeShape,
            color: '#17212b',
            // The page's own fonts, so titles in any script (Urdu included) draw on the canvas too.
            'font-family': getComputedStyle(document.documentElement).fontFamily,
            'font-size': 11,
            'text-valign': 'bottom',
            'text-margin-y': 4,
            width: 26,
            height: 26,
          },
        },
        { selector: 'node.expanded', style: { 'border-width': 3, 'border-color': '#17212b' } },
        { selector: 'node:selected', style: { 'overlay-opacity': 0.2, 'overlay-color': '#0b4f8a' } },
        {
          selector: 'edge',
          style: {
            width: 1.5,
            'line-color': '#8a99a8',
            'target-arrow-color': '#8a99a8',
            'target-arrow-shape': 'triangle',
            'curve-style': 'bezier',
          },
        },
      ],
    });
    instance.on('tap', 'node', (event) => {
      const data = event.target.data() as { kind: GraphKind; recordId: string };
      void expand({ kind: data.kind, id: data.recordId });
    });
    cy.current = instance;
    return () => {
      instance.destroy();
      cy.current = null;
    };
  }, [expand]);

  useEffect(() => {
    const instance = cy.current;
    if (!instance) return;
    let added = 0;
    instance.batch(() => {
      for (const [key, node] of graph.nodes) {
        const existing = instance.getElementById(key);
        if (existing.nonempty()) {
          existing.toggleClass('expanded', graph.expanded.has(key));
          continue;
        }
        instance.add({
          group: 'nodes',
          data: {
            id: key,
            recordId: node.id,
            kind: node.kind,
            label: short(node.title),
            colour: LOOK[node.kind].colour,
            shape: LOOK[node.kind].shape,
          },
          classes: graph.expanded.has(key) ? 'expanded' : '',
        });
        added++;
      }
      for (const [key, edge] of graph.edges) {
        if (instance.getElementById(key).nonempty()) continue;
        instance.add({ group: 'edges', data: { id: key, source: nodeKey(edge.from), target: nodeKey(edge.to) } });
        added++;
      }
    });
    if (added > 0) instance.layout({ name: 'cose', animate: false, fit: true, padding: 24 }).run();
  }, [graph]);

  const nodes = [...graph.nodes.values()].sort((a, b) => a.kind.localeCompare(b.kind) || a.title.localeCompare(b.title));
  const startNode = graph.nodes.get(nodeKey(start));
  const linksOf = (node: GraphNode) => {
    const key = nodeKey(node);
    return [...graph.edges.values()].filter((e) => nodeKey(e.from) === key || nodeKey(e.to) === key).length;
  };

  return (
    <section className="graph-page" data-testid="graph-page">
      <h1>{startNode ? t('graph.titleOf', { title: startNode.title }) : t('graph.title')}</h1>
      <p className="muted">{t('graph.help')}</p>
      <ul className="graph-legend" aria-label={t('graph.legend')}>
        {GRAPH_KINDS.map((kind) => (
          <li key={kind}>
            <span className={`graph-swatch graph-swatch-${kind}`} aria-hidden="true" />
            {t(`graph.kind.${kind}`)}
          </li>
        ))}
      </ul>
      {error ? <ErrorMessage error={error} /> : null}
      <div className="graph-layout">
        <div
          ref={container}
          className="graph-canvas"
          data-testid="graph-canvas"
          role="img"
          aria-label={t('graph.canvasLabel', { nodes: graph.nodes.size, links: graph.edges.size })}
        />
        <div className="graph-list">
          <h2 id="graph-list-title">{t('graph.records', { count: nodes.length })}</h2>
          {pending && <p role="status">{t('graph.loading')}</p>}
          <ul aria-labelledby="graph-list-title" data-testid="graph-node-list">
            {nodes.map((node) => {
              const key = nodeKey(node);
              const expanded = graph.expanded.has(key);
              return (
                <li key={key} className={key === selected ? 'graph-item selected' : 'graph-item'} data-kind={node.kind}>
                  <span className={`graph-swatch graph-swatch-${node.kind}`} aria-hidden="true" />
                  <span className="graph-item-text">
                    <AppLink to={`/${PLURAL[node.kind]}/${node.id}`}>
                      <bdi>{node.title}</bdi>
                    </AppLink>
                    <span className="muted">
                      {' '}
                      {t(`graph.kind.${node.kind}`)} · {node.detail} · {t('graph.linkCount', { count: linksOf(node) })}
                      {graph.truncated.has(key) ? ` · ${t('graph.truncated')}` : ''}
                    </span>
                  </span>
                  <button
                    type="button"
                    className="graph-expand"
                    disabled={expanded || pending === key}
                    aria-label={t(expanded ? 'graph.expandedNamed' : 'graph.expandNamed', { title: node.title })}
                    onClick={() => void expand(node)}
                  >
                    {expanded ? t('graph.expanded') : t('graph.expand')}
                  </button>
                </li>
              );
            })}
          </ul>
        </div>
      </div>
    </section>
  );
}
