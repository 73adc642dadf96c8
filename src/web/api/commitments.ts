import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type {
  Commitment,
  CommitmentCreateRequest,
  CommitmentReportRequest,
  CommitmentSummary,
  CommitmentTracker,
  CommitmentUpdateRequest,
} from '../../shared/contracts/commitments';
import type { CommitmentStatus } from '../../shared/vocab/dialogue';

type Page<T> = { items: T[]; next: string | null };

/** What the commitment list is narrowed to (each left out when not set). */
export interface CommitmentFilters {
  meetingId?: string;
  /** The actions on one observation or lesson (commitments naming it as their source). */
  observation?: string;
  /** An owner nation. */
  nation?: string;
  status?: CommitmentStatus;
  /** Past their due date and neither done nor dropped. */
  overdue?: boolean;
}

/** The list's query string for `filters` (`limit` and `cursor` come on top). */
export function commitmentQuery(filters: CommitmentFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.meetingId) params.set('meetingId', filters.meetingId);
  if (filters.observation) params.set('observation', filters.observation);
  if (filters.nation) params.set('nation', filters.nation);
  if (filters.status) params.set('status', filters.status);
  if (filters.overdue) params.set('overdue', 'true');
  return params;
}

const commitmentPath = (id: string) => `/api/commitments/${encodeURIComponent(id)}`;

/** Commitments the reader may read, soonest due first, 50 at a time. */
export function useCommitments(filters: CommitmentFilters) {
  return useInfiniteQuery({
    queryKey: ['commitments', 'list', filters],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const params = commitmentQuery(filters);
      params.set('limit', '50');
      if (pageParam) params.set('cursor', pageParam);
      return api<Page<CommitmentSummary>>('GET', `/api/commitments?${params.toString()}`);
    },
    getNextPageParam: (last) => last.next,
  });
}

/** The readable commitments counted per owner nation and status: all of them, or one meeting's. */
export function useCommitmentTracker(meetingId?: string) {
  return useQuery({
    queryKey: ['commitments', 'tracker', meetingId ?? null],
    queryFn: () =>
      api<CommitmentTracker>('GET', `/api/commitments/tracker${meetingId ? `?meetingId=${encodeURIComponent(meetingId)}` : ''}`),
  });
}

export function useCommitment(id: string) {
  return useQuery({ queryKey: ['commitments', id], queryFn: () => api<Commitment>('GET', commitmentPath(id)) });
}

/** After any write to a commitment, the commitment, the lists and the trackers are stale. */
function useCommitmentWrite<I>(write: (input: I) => Promise<Commitment>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: write, onSuccess: () => client.invalidateQueries({ queryKey: ['commitments'] }) });
}

/** Records a commitment of a meeting (the host's organisers). */
export const useCreateCommitment = (meetingId: string) =>
  useCommitmentWrite((input: CommitmentCreateRequest) =>
    api<Commitment>('POST', `/api/meetings/${encodeURIComponent(meetingId)}/commitments`, input),
  );

/** Changes its text, owners or due date, at the version it was read at (If-Match). */
export const useUpdateCommitment = (id: string) =>
  useCommitmentWrite(({ version, ...input }: CommitmentUpdateRequest & { version: number }) =>
    api<Commitment>('PATCH', commitmentPath(id), input, version),
  );

/** Reports progress for the reader's nation (an owner's delegates). */
export const useReportProgress = (id: string) =>
  useCommitmentWrite((input: CommitmentReportRequest) => api<Commitment>('POST', `${commitmentPath(id)}/reports`, input));
