import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { Recall } from '../../shared/contracts/federation';

export type RecallableKind = 'incidents' | 'actors' | 'indicators';

/** This organisation's recalls of one record (or the latest ones), with each partner node's status. */
export function useRecalls(recordId?: string) {
  return useQuery({
    queryKey: ['recalls', recordId ?? 'all'],
    queryFn: () => api<{ items: Recall[] }>('GET', `/api/recalls${recordId ? `?record=${encodeURIComponent(recordId)}` : ''}`),
    // Receipts arrive as partner nodes pull; keep the status fresh while it is on screen.
    refetchInterval: 5_000,
  });
}

export function useRecallRecord(kind: RecallableKind, id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (reason: string) => api<Recall>('POST', `/api/${kind}/${encodeURIComponent(id)}/recall`, { reason }),
    onSuccess: () => client.invalidateQueries(),
  });
}
