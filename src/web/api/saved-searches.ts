/** Saved searches and notifications: queries and mutations. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { IncidentFilters } from './incidents';
import type { Notification, SavedSearch } from '../../shared/contracts/saved-searches';

export function useSavedSearches() {
  return useQuery({ queryKey: ['saved-searches'], queryFn: () => api<{ items: SavedSearch[] }>('GET', '/api/saved-searches') });
}

export function useNotifications() {
  return useQuery({
    queryKey: ['notifications'],
    queryFn: () => api<{ items: Notification[]; unread: number }>('GET', '/api/notifications'),
    refetchInterval: 30_000,
  });
}

/** The notifications of new matches of saved searches, among all of a user's notifications. */
export const savedSearchMatches = (items: Notification[] | undefined) =>
  (items ?? []).filter((n): n is Extract<Notification, { kind: 'saved-search' }> => n.kind === 'saved-search');

export function useSaveSearch() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; filter: IncidentFilters }) => api<SavedSearch>('POST', '/api/saved-searches', input),
    onSuccess: () => client.invalidateQueries({ queryKey: ['saved-searches'] }),
  });
}

export function useDeleteSavedSearch() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<{ ok: true }>('DELETE', `/api/saved-searches/${encodeURIComponent(id)}`),
    onSuccess: () =>
      client.invalidateQueries({ queryKey: ['saved-searches'] }).then(() => client.invalidateQueries({ queryKey: ['notifications'] })),
  });
}

export function useMarkNotificationsRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id?: string) => api<{ ok: true }>('POST', '/api/notifications/read', id ? { id } : {}),
    onSuccess: () => client.invalidateQueries({ queryKey: ['notifications'] }),
  });
}

/** The incident list's URL for a filter, so a saved search opens as a link. */
export function incidentsUrlFor(filter: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (typeof value === 'string' && value) params.set(key, value);
  const query = params.toString();
  return query ? `/incidents?${query}` : '/incidents';
}
