import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiWithProgress } from './client';
import type { AudiencePreview } from '../../shared/contracts/directory';
import type {
  Incident,
  IncidentContent,
  IncidentCreateRequest,
  IncidentSort,
  IncidentStats,
  IncidentUpdateRequest,
  RecordHistory,
  RelatedReason,
} from '../../shared/contracts/incidents';
import type { LabelInput } from '../../shared/labels/label';

export interface IncidentFilters {
  domain?: string;
  subtype?: string;
  country?: string;
  /** The originating nation. */
  nation?: string;
  q?: string;
  from?: string;
  to?: string;
  actor?: string;
  classification?: string;
  tlp?: string;
}

function queryString(filters: IncidentFilters, cursor: string | null, sort: IncidentSort): string {
  const params = new URLSearchParams({ limit: '50', sort });
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  if (cursor) params.set('cursor', cursor);
  return params.toString();
}

export function useIncidents(filters: IncidentFilters, sort: IncidentSort = 'newest') {
  return useInfiniteQuery({
    queryKey: ['incidents', 'list', filters, sort],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      api<{ items: Incident[]; next: string | null }>('GET', `/api/incidents?${queryString(filters, pageParam, sort)}`),
    getNextPageParam: (last) => last.next,
    placeholderData: keepPreviousData,
  });
}

export const fetchIncident = (id: string) => api<Incident>('GET', `/api/incidents/${encodeURIComponent(id)}`);

export function useIncident(id: string) {
  return useQuery({ queryKey: ['incidents', id], queryFn: () => fetchIncident(id) });
}

/** One version in a record's history: who changed it, when, and the content the reader may see. */
export type HistoryEntry = RecordHistory['items'][number];

export function useIncidentHistory(id: string) {
  return useQuery({
    queryKey: ['incidents', id, 'history'],
    queryFn: () => api<{ items: HistoryEntry[] }>('GET', `/api/incidents/${encodeURIComponent(id)}/history`),
  });
}

export function useCreateIncident() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: IncidentCreateRequest) => api<Incident>('POST', '/api/incidents', input),
    onSuccess: () => client.invalidateQueries({ queryKey: ['incidents'] }),
  });
}

/**
 * An edit of the version `version` (sent as If-Match): the server answers 409 when someone changed
 * the incident since, and the same version when the edit changed nothing.
 */
export function useUpdateIncident(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ update, version }: { update: IncidentUpdateRequest; version: number }) =>
      api<Incident>('PATCH', `/api/incidents/${encodeURIComponent(id)}`, update, version),
    onSuccess: (incident) => {
      client.setQueryData(['incidents', id], incident);
      return client.invalidateQueries({ queryKey: ['incidents'] });
    },
  });
}

export function useReleaseIncident(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (label?: LabelInput) => api<Incident>('POST', `/api/incidents/${encodeURIComponent(id)}/release`, label ? { label } : {}),
    onSuccess: () => client.invalidateQueries({ queryKey: ['incidents'] }),
  });
}

export interface Vocabulary {
  incidentDomains: Record<string, string[]>;
  timePrecisions: string[];
  geoPrecisions: string[];
  sourceReliability: string[];
  informationCredibility: number[];
}

export function useVocabulary() {
  return useQuery({ queryKey: ['vocabulary'], queryFn: () => api<Vocabulary>('GET', '/api/vocabulary'), staleTime: Infinity });
}

export function useAudiencePreview(label: LabelInput) {
  return useQuery({
    queryKey: ['audience', label],
    queryFn: () => api<AudiencePreview>('POST', '/api/labels/preview', { label }),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

/** The export of the filtered list, or (with `ids`) of a selection in it. */
export function exportUrl(filters: IncidentFilters, format: 'csv' | 'json' | 'geojson' | 'stix', ids?: string[]): string {
  const params = new URLSearchParams({ format });
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  if (ids) params.set('ids', ids.join(','));
  return `/api/incidents/export?${params.toString()}`;
}

/** How many incidents the reader may read match the filters (counted by the server, like the list). */
export function useIncidentCount(filters: IncidentFilters) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  return useQuery({
    queryKey: ['incidents', 'count', filters],
    queryFn: () => api<{ total: number }>('GET', `/api/incidents/count?${params.toString()}`),
    placeholderData: keepPreviousData,
  });
}

export function useIncidentStats(filters: IncidentFilters) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  return useQuery({
    queryKey: ['incidents', 'stats', filters],
    queryFn: () => api<IncidentStats>('GET', `/api/incidents/stats?${params.toString()}`),
  });
}

export interface ImportResult {
  rows: number;
  imported: number;
  released: boolean;
  dryRun: boolean;
  /** A dry run: the first rows as they would be created. */
  preview?: { row: number; content: IncidentContent }[];
  /** A dry run: every problem, each naming its row and column. */
  problems?: { path: string; message: string }[];
  /** An import: the first records created. */
  created?: { id: string; title: string }[];
}

export function useImportIncidents(onProgress: (step: { stage: string; done: number; total: number }) => void) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { csv: string; label: LabelInput; release: boolean; dryRun: boolean }) =>
      apiWithProgress<ImportResult>('/api/incidents/import', input, onProgress),
    onSuccess: (result) => (result.dryRun ? undefined : client.invalidateQueries({ queryKey: ['incidents'] })),
  });
}

export interface StixImportResult {
  objects: number;
  imported: { incidents: number; actors: number; indicators: number; links: number };
  /** Another producer's objects imported before, updated by a newer version. */
  updated: { actors: number; indicators: number };
  skipped: { id: string; reason: string }[];
  dryRun: boolean;
}

export function useImportStix() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { bundle: unknown; label: LabelInput; dryRun: boolean }) =>
      api<StixImportResult>('POST', '/api/stix/import', input),
    onSuccess: (result) => (result.dryRun ? undefined : client.invalidateQueries()),
  });
}

export interface RelatedIncident {
  id: string;
  title: string;
  domain: string;
  subtype: string;
  occurredAt: string;
  place: string;
  reasons: RelatedReason[];
}

export function useRelatedIncidents(id: string) {
  return useQuery({
    queryKey: ['incidents', id, 'related'],
    queryFn: () => api<{ items: RelatedIncident[] }>('GET', `/api/incidents/${encodeURIComponent(id)}/related`),
  });
}
