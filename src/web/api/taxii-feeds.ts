import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { Subscription, SubscriptionCreateRequest } from '../../shared/contracts/taxii-subscriptions';
import type { LabelInput } from '../../shared/labels/label';

type Unmapped = { items: { at: string; stixId: string; type: string; reason: string }[]; nextCursor: string | null };

/** The TAXII feeds this node subscribes to (releasing officers). */
export const useFeeds = () =>
  useQuery({
    queryKey: ['taxii-feeds'],
    queryFn: () => api<{ items: Subscription[] }>('GET', '/api/taxii-feeds'),
    refetchInterval: 15_000,
  });

export const useUnmapped = (id: string, cursor: string | null) =>
  useQuery({
    queryKey: ['taxii-feeds', id, 'unmapped', cursor],
    queryFn: () => api<Unmapped>('GET', `/api/taxii-feeds/${encodeURIComponent(id)}/unmapped?limit=50${cursor ? `&cursor=${cursor}` : ''}`),
  });

function useFeedWrite<T>(write: (input: T) => Promise<unknown>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: write, onSuccess: () => client.invalidateQueries({ queryKey: ['taxii-feeds'] }) });
}

export const useSubscribe = () => useFeedWrite((input: SubscriptionCreateRequest) => api<Subscription>('POST', '/api/taxii-feeds', input));
export const useUpdateFeed = () =>
  useFeedWrite(({ id, ...patch }: { id: string; paused?: boolean; defaultLabel?: LabelInput }) =>
    api<Subscription>('PATCH', `/api/taxii-feeds/${encodeURIComponent(id)}`, patch),
  );
export const usePollFeed = () => useFeedWrite((id: string) => api<Subscription>('POST', `/api/taxii-feeds/${encodeURIComponent(id)}/poll`));
export const useRemoveFeed = () => useFeedWrite((id: string) => api('DELETE', `/api/taxii-feeds/${encodeURIComponent(id)}`));
