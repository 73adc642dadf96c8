import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { CalendarEventView } from '../../shared/contracts/calendar';

type Page<T> = { items: T[]; next: string | null };

/**
 * Every event of a window (a month, a quarter, a year), page after page. Keyed under ['calendar']:
 * a live change to a meeting, an exercise or a busy block makes it stale (api/live.ts).
 */
export function useCalendar(from: string, to: string) {
  return useQuery({
    queryKey: ['calendar', from, to],
    queryFn: async () => {
      const items: CalendarEventView[] = [];
      let cursor: string | null = null;
      do {
        const page: Page<CalendarEventView> = await api<Page<CalendarEventView>>(
          'GET',
          `/api/calendar?limit=500&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        items.push(...page.items);
        cursor = page.next;
      } while (cursor);
      return { items };
    },
  });
}

export function useCalendarFeed() {
  return useQuery({
    queryKey: ['calendar-feed'],
    queryFn: () => api<{ feed: { createdAt: string; lastReadAt: string | null } | null }>('GET', '/api/calendar/feed'),
  });
}

export function useMakeCalendarFeed() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<{ url: string; createdAt: string }>('POST', '/api/calendar/feed'),
    onSuccess: () => client.invalidateQueries({ queryKey: ['calendar-feed'] }),
  });
}

export function useRevokeCalendarFeed() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<{ ok: true }>('DELETE', '/api/calendar/feed'),
    onSuccess: () => client.invalidateQueries({ queryKey: ['calendar-feed'] }),
  });
}
