import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { Alert, AlertCreateRequest, AwaitingAnswer } from '../../shared/contracts/alerts';
import type { Desk, DeskContact, EscalationPolicy } from '../../shared/contracts/hotline';

/** Live updates (api/live.ts) refresh alert views at once; this slow look again is the safety net. */
const ALERT_REFRESH_MS = 60_000;

export function useDesks() {
  return useQuery({ queryKey: ['desks'], queryFn: () => api<{ items: Desk[] }>('GET', '/api/desks') });
}

export function useDesk(id: string) {
  return useQuery({ queryKey: ['desks', id], queryFn: () => api<Desk>('GET', `/api/desks/${encodeURIComponent(id)}`) });
}

export function useCreateDesk() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api<Desk>('POST', '/api/desks', { name }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['desks'] }),
  });
}

export function useSetPolicy(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (policy: EscalationPolicy) => api<Desk>('PUT', `/api/desks/${encodeURIComponent(id)}/policy`, policy),
    onSuccess: (desk) => client.setQueryData(['desks', id], desk),
  });
}

/** Writes to a desk answer the desk as it now stands. */
function useDeskWrite<I>(id: string, write: (input: I) => Promise<Desk | unknown>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: write, onSuccess: () => client.invalidateQueries({ queryKey: ['desks', id] }) });
}

export const useSetRoster = (id: string) =>
  useDeskWrite(id, (roster: { primary: string[]; deputy: string[]; headquarters: string[] }) =>
    api<Desk>('PUT', `/api/desks/${encodeURIComponent(id)}/roster`, roster),
  );

export const useSetContacts = (id: string) =>
  useDeskWrite(id, (contacts: DeskContact[]) => api<Desk>('PUT', `/api/desks/${encodeURIComponent(id)}/contacts`, { contacts }));

export const useAddShift = (id: string) =>
  useDeskWrite(id, (shift: { userId: string; startsAt: string; endsAt: string }) =>
    api<Desk>('POST', `/api/desks/${encodeURIComponent(id)}/shifts`, shift),
  );

export const useRemoveShift = (id: string) =>
  useDeskWrite(id, (shiftId: string) => api('DELETE', `/api/desks/${encodeURIComponent(id)}/shifts/${encodeURIComponent(shiftId)}`));

export function useAlerts() {
  return useInfiniteQuery({
    queryKey: ['alerts'],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      api<{ items: Alert[]; next: string | null }>(
        'GET',
        `/api/alerts?limit=50${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`,
      ),
    getNextPageParam: (last) => last.next,
    refetchInterval: ALERT_REFRESH_MS,
  });
}

export function useAlert(id: string, enabled = true) {
  return useQuery({
    queryKey: ['alerts', id],
    queryFn: () => api<Alert>('GET', `/api/alerts/${encodeURIComponent(id)}`),
    refetchInterval: ALERT_REFRESH_MS,
    enabled,
  });
}

/**
 * Alerts waiting for an answer from a desk the signed-in person answers for, once the escalation
 * has reached them (their role's step notified them) — duty officers watch all of their nation's.
 */
export function useOpenAlerts(dutyOfficer: boolean) {
  return useQuery({
    queryKey: ['alerts', 'open', dutyOfficer],
    queryFn: async () =>
      (await api<{ items: Alert[] }>('GET', '/api/alerts?limit=50')).items.filter(
        (a) => (a.notified || dutyOfficer) && waitingDesks(a).length > 0,
      ),
    refetchInterval: ALERT_REFRESH_MS,
  });
}

export const waitingDesks = (alert: Alert) =>
  alert.targets.filter((t) => alert.can.respondFor.includes(t.deskId) && (t.status === 'escalating' || t.status === 'exhausted'));

export function useRaiseAlert() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: AlertCreateRequest) => api<Alert>('POST', '/api/alerts', input),
    onSuccess: () => client.invalidateQueries({ queryKey: ['alerts'] }),
  });
}

export function useRespond(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ kind, deskId, note }: { kind: 'acknowledge' | 'decline'; deskId: string; note?: string }) =>
      api<Alert>('POST', `/api/alerts/${encodeURIComponent(id)}/${kind}`, { deskId, ...(note ? { note } : {}) }),
    onSuccess: (alert) => {
      client.setQueryData(['alerts', id], alert);
      // The answer clears the desk's notifications too (the bell counts them).
      void client.invalidateQueries({ queryKey: ['notifications'] });
      return client.invalidateQueries({ queryKey: ['alerts'] });
    },
  });
}

/** Open escalations at the desks the signed-in person answers for (the bell's "awaiting your answer"). */
export function useAwaitingAnswer() {
  return useQuery({
    queryKey: ['alerts', 'awaiting'],
    queryFn: () => api<AwaitingAnswer>('GET', '/api/alerts/awaiting'),
    refetchInterval: 30_000,
  });
}
