/** The link graph around a record (one hop per call). */
import { api } from './client';
import type { GraphKind, RecordGraph } from '../../shared/contracts/graph';

export const PLURAL: Record<GraphKind, 'incidents' | 'actors' | 'indicators'> = {
  incident: 'incidents',
  actor: 'actors',
  indicator: 'indicators',
};

export const fetchRecordGraph = (kind: GraphKind, id: string) =>
  api<RecordGraph>('GET', `/api/graph/${PLURAL[kind]}/${encodeURIComponent(id)}`);
