/** The link graph around an incident, actor or indicator (one hop; the web app expands node by node). */
import { idParamsSchema } from '../../../shared/contracts/common';
import { recordGraphSchema } from '../../../shared/contracts/graph';
import { recordGraph } from '../../domain/graph/record-graph';
import { defineRoute } from '../route';
import type { GraphKind } from '../../../shared/contracts/graph';

const graphRoute = (kind: GraphKind, plural: string) =>
  defineRoute({
    method: 'GET',
    url: `/api/graph/${plural}/:id`,
    summary: `The ${kind}, its linked records and the links among them — only records the caller may read and links whose both ends they may read (404 when the ${kind} is missing or not releasable to the caller — the same answer)`,
    tag: 'graph',
    auth: 'user',
    params: idParamsSchema,
    response: recordGraphSchema,
    reads: { kind: 'record', recordKind: kind },
    handler: async ({ ctx, actor, params }) => recordGraph(ctx, actor, kind, params.id),
  });

export const graphRoutes = [graphRoute('incident', 'incidents'), graphRoute('actor', 'actors'), graphRoute('indicator', 'indicators')];
