/** The map and timeline reads: the list's filters plus the map viewport, or a time range. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { IncidentTimeline, incidentMapSchema } from '../../shared/contracts/incidents';
import type { z } from 'zod';

export type IncidentMap = z.infer<typeof incidentMapSchema>;
export type MapCluster = IncidentMap['clusters'][number];

const paramsOf = (filters: Record<string, string>) => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  return params;
};

export function fetchIncidentMap(filters: Record<string, string>, bbox: string, zoom: number): Promise<IncidentMap> {
  const params = paramsOf(filters);
  params.set('bbox', bbox);
  params.set('zoom', String(zoom));
  return api<IncidentMap>('GET', `/api/incidents/map?${params.toString()}`);
}

export function useIncidentTimeline(filters: Record<string, string>) {
  return useQuery({
    queryKey: ['incidents', 'timeline', filters],
    queryFn: () => api<IncidentTimeline>('GET', `/api/incidents/timeline?${paramsOf(filters).toString()}`),
    placeholderData: keepPreviousData,
  });
}
