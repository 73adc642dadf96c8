import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type {
  AgendaItemCreateRequest,
  AgendaItemUpdateRequest,
  AgendaItemView,
  DelegationRequest,
  InvitationAnswerRequest,
  Meeting,
  MeetingCreateRequest,
  MeetingSummary,
  MeetingUpdateRequest,
  MinutesWriteRequest,
} from '../../shared/contracts/dialogue';

type Page<T> = { items: T[]; next: string | null };
const cursor = (pageParam: string | null) => (pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : '');

/** Meetings the reader may read, soonest first; `from`: those ending at or after it. */
export function useMeetings(from: string | null) {
  return useInfiniteQuery({
    queryKey: ['meetings', 'list', from],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      api<Page<MeetingSummary>>('GET', `/api/meetings?limit=50${from ? `&from=${encodeURIComponent(from)}` : ''}${cursor(pageParam)}`),
    getNextPageParam: (last) => last.next,
  });
}

export function useMeeting(id: string) {
  return useQuery({ queryKey: ['meetings', id], queryFn: () => api<Meeting>('GET', `/api/meetings/${encodeURIComponent(id)}`) });
}

export function useCreateMeeting() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: MeetingCreateRequest) => api<Meeting>('POST', '/api/meetings', input),
    onSuccess: () => client.invalidateQueries({ queryKey: ['meetings'] }),
  });
}

/** After any write to a meeting, the meeting and the lists are stale. */
function useMeetingWrite<I, O>(write: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: write, onSuccess: () => client.invalidateQueries({ queryKey: ['meetings'] }) });
}

const meetingPath = (id: string) => `/api/meetings/${encodeURIComponent(id)}`;

export const useUpdateMeeting = (id: string) =>
  useMeetingWrite(({ version, ...input }: MeetingUpdateRequest & { version: number }) =>
    api<Meeting>('PATCH', meetingPath(id), input, version),
  );

export const useCancelMeeting = (id: string) => useMeetingWrite(() => api<Meeting>('POST', `${meetingPath(id)}/cancel`));

export const useAnswerInvitation = (id: string) =>
  useMeetingWrite((input: InvitationAnswerRequest) => api<Meeting>('PUT', `${meetingPath(id)}/answer`, input));

export const useWriteDelegation = (id: string) =>
  useMeetingWrite((input: DelegationRequest) => api<Meeting>('PUT', `${meetingPath(id)}/delegation`, input));

export const useAddAgendaItem = (id: string) =>
  useMeetingWrite((input: AgendaItemCreateRequest) => api<AgendaItemView>('POST', `${meetingPath(id)}/agenda`, input));

export const useUpdateAgendaItem = () =>
  useMeetingWrite(({ id, ...input }: AgendaItemUpdateRequest & { id: string }) =>
    api<AgendaItemView>('PATCH', `/api/agenda-items/${encodeURIComponent(id)}`, input),
  );

export const useWriteMinutes = () =>
  useMeetingWrite(({ itemId, ...input }: MinutesWriteRequest & { itemId: string }) =>
    api<AgendaItemView>('PUT', `/api/agenda-items/${encodeURIComponent(itemId)}/minutes`, input),
  );
