import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type {
  Crisis,
  CrisisCloseRequest,
  CrisisDeclareRequest,
  CrisisEntry,
  CrisisEntryActionRequest,
  CrisisEntryCreateRequest,
  CrisisSummary,
} from '../../shared/contracts/crises';

type Page<T> = { items: T[]; next: string | null };
const cursor = (pageParam: string | null) => (pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : '');

export function useCrises(status: 'open' | 'closed' | '') {
  return useInfiniteQuery({
    queryKey: ['crises', 'list', status],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      api<Page<CrisisSummary>>('GET', `/api/crises?limit=50${status ? `&status=${status}` : ''}${cursor(pageParam)}`),
    getNextPageParam: (last) => last.next,
  });
}

/** The crises declared from an alert (that the reader may read). */
export function useCrisesOfAlert(alertId: string) {
  return useQuery({
    queryKey: ['crises', 'of-alert', alertId],
    queryFn: () => api<Page<CrisisSummary>>('GET', `/api/crises?alert=${encodeURIComponent(alertId)}&limit=20`),
  });
}

export function useCrisis(id: string) {
  return useQuery({ queryKey: ['crises', id], queryFn: () => api<Crisis>('GET', `/api/crises/${encodeURIComponent(id)}`) });
}

export function useCrisisResponseSummary() {
  return useQuery({
    queryKey: ['crises', 'summary'],
    queryFn: () => api<{ total: number; openCrises: number; alertsLastDay: number }>('GET', '/api/crises/summary'),
  });
}

/** The room's log, oldest first, a page of 200 at a time. */
export function useCrisisLog(crisisId: string) {
  return useInfiniteQuery({
    queryKey: ['crisis-entries', crisisId],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      api<Page<CrisisEntry>>('GET', `/api/crisis-entries?crisis=${encodeURIComponent(crisisId)}&limit=200${cursor(pageParam)}`),
    getNextPageParam: (last) => last.next,
  });
}

export function useDeclareCrisis() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CrisisDeclareRequest) => api<Crisis>('POST', '/api/crises', input),
    onSuccess: () => client.invalidateQueries({ queryKey: ['crises'] }),
  });
}

/** After any write in a room, the room (its board) and its log are stale. */
function useRoomWrite<I, O>(crisisId: string, write: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: write,
    onSuccess: async () => {
      await Promise.all([
        client.invalidateQueries({ queryKey: ['crises', crisisId] }),
        client.invalidateQueries({ queryKey: ['crisis-entries', crisisId] }),
      ]);
    },
  });
}

export const useAddEntry = (crisisId: string) =>
  useRoomWrite(crisisId, (input: CrisisEntryCreateRequest) => api<CrisisEntry>('POST', '/api/crisis-entries', input));

export const useMoveEntry = (crisisId: string) =>
  useRoomWrite(crisisId, ({ id, ...input }: CrisisEntryActionRequest & { id: string }) =>
    api<CrisisEntry>('POST', `/api/crisis-entries/${encodeURIComponent(id)}/actions`, input),
  );

export const useCloseCrisis = (crisisId: string) =>
  useRoomWrite(crisisId, (input: CrisisCloseRequest) => api<Crisis>('POST', `/api/crises/${encodeURIComponent(crisisId)}/close`, input));
