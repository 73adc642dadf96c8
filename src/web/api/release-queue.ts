/** The releasing officer's queue: its pages, its count for the badge, and releasing several at once. */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { BulkReleaseRequest, BulkReleaseResult, ReleaseQueue } from '../../shared/contracts/release-queue';

export function useReleaseQueue() {
  return useInfiniteQuery({
    queryKey: ['release-queue', 'list'],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      api<ReleaseQueue>('GET', `/api/release-queue?limit=50${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`),
    getNextPageParam: (last) => last.next,
  });
}

/** The badge: refreshed by the live stream when a draft appears or leaves, and now and then besides. */
export function useReleaseQueueCount(enabled: boolean) {
  return useQuery({
    queryKey: ['release-queue', 'count'],
    queryFn: () => api<{ total: number }>('GET', '/api/release-queue/count'),
    enabled,
    refetchInterval: 60_000,
  });
}

export function useBulkRelease() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (request: BulkReleaseRequest) => api<BulkReleaseResult>('POST', '/api/release-queue/release', request),
    onSuccess: () =>
      Promise.all(['release-queue', 'incidents', 'actors', 'indicators'].map((key) => client.invalidateQueries({ queryKey: [key] }))),
  });
}
