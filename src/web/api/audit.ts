import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from './client';
import type { AuditPage } from '../../shared/contracts/audit';

export interface AuditFilter {
  actor?: string;
  action?: string;
  outcome?: string;
  from?: string;
  to?: string;
}

/** The audit log, newest first, page by page (node administrators). */
export const useAuditLog = (filter: AuditFilter) =>
  useInfiniteQuery({
    queryKey: ['audit', filter],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ limit: '50' });
      for (const [key, value] of Object.entries(filter)) if (value) params.set(key, value);
      if (pageParam) params.set('cursor', pageParam);
      return api<AuditPage>('GET', `/api/audit?${params.toString()}`);
    },
    getNextPageParam: (last) => last.next,
  });
