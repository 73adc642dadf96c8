/** Actors, indicators and incident links: queries and mutations. */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient, keepPreviousData } from '@tanstack/react-query';
import { api } from './client';
import type { HistoryEntry } from './incidents';
import type {
  Actor,
  ActorCreateRequest,
  Indicator,
  IndicatorCreateRequest,
  IncidentLinks,
  IncidentLinksRequest,
} from '../../shared/contracts/picture-records';
import type { LabelInput } from '../../shared/labels/label';

export type RecordKind = 'actors' | 'indicators';
type RecordOf<K extends RecordKind> = K extends 'actors' ? Actor : Indicator;

function listUrl(kind: RecordKind, filters: Record<string, string | undefined>, cursor: string | null) {
  const params = new URLSearchParams({ limit: '50' });
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  if (cursor) params.set('cursor', cursor);
  return `/api/${kind}?${params.toString()}`;
}

export function useRecords<K extends RecordKind>(kind: K, filters: Record<string, string | undefined>) {
  return useInfiniteQuery({
    queryKey: [kind, 'list', filters],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => api<{ items: RecordOf<K>[]; next: string | null }>('GET', listUrl(kind, filters, pageParam)),
    getNextPageParam: (last) => last.next,
    placeholderData: keepPreviousData,
  });
}

export function useRecord<K extends RecordKind>(kind: K, id: string) {
  return useQuery({ queryKey: [kind, id], queryFn: () => api<RecordOf<K>>('GET', `/api/${kind}/${encodeURIComponent(id)}`) });
}

export function useRecordHistory(kind: RecordKind, id: string) {
  return useQuery({
    queryKey: [kind, id, 'history'],
    queryFn: () => api<{ items: HistoryEntry[] }>('GET', `/api/${kind}/${encodeURIComponent(id)}/history`),
  });
}

export function useCreateActor() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: ActorCreateRequest) => api<Actor>('POST', '/api/actors', input),
    onSuccess: () => client.invalidateQueries({ queryKey: ['actors'] }),
  });
}

export function useCreateIndicator() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: IndicatorCreateRequest) => api<Indicator>('POST', '/api/indicators', input),
    onSuccess: () => client.invalidateQueries({ queryKey: ['indicators'] }),
  });
}

export function useReleaseRecord(kind: RecordKind, id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (label?: LabelInput) =>
      api<Actor | Indicator>('POST', `/api/${kind}/${encodeURIComponent(id)}/release`, label ? { label } : {}),
    onSuccess: () => client.invalidateQueries({ queryKey: [kind] }),
  });
}

export type IndicatorCheck = { ok: true; value: string; warnings: string[] } | { ok: false; message: string };

export function useIndicatorCheck(type: string, value: string) {
  return useQuery({
    queryKey: ['indicator-check', type, value],
    queryFn: () => api<IndicatorCheck>('GET', `/api/indicators/check?${new URLSearchParams({ type, value }).toString()}`),
    enabled: value.trim().length > 0,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useIncidentLinks(id: string) {
  return useQuery({
    queryKey: ['incidents', id, 'links'],
    queryFn: () => api<IncidentLinks>('GET', `/api/incidents/${encodeURIComponent(id)}/links`),
  });
}

/** Sets links as an edit of the incident's version `version` (the one shown). */
export function useSetIncidentLinks(id: string, version: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (links: IncidentLinksRequest) =>
      api<IncidentLinks>('PUT', `/api/incidents/${encodeURIComponent(id)}/links`, links, version),
    onSuccess: () => client.invalidateQueries({ queryKey: ['incidents', id] }),
  });
}
