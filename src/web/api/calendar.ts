import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { CalendarEventView } from '../../shared/contracts/calendar';

type Page<T> = { items: T[]; next: string | null };

/** The events of a window (a month: a few dozen at most; the page is large enough for it). */
export function useCalendar(from: string, to: string) {
  return useQuery({
    queryKey: ['meetings', 'calendar', from, to],
    queryFn: () =>
      api<Page<CalendarEventView>>('GET', `/api/calendar?limit=500&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`),
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
