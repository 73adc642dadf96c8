import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { Commitment, CommitmentCreateRequest } from '../../shared/contracts/commitments';
import type { ObservationCreateRequest, ObservationUpdateRequest, ObservationView } from '../../shared/contracts/lessons';
import type { ObservationStage } from '../../shared/vocab/training';
import type { QueryClient } from '@tanstack/react-query';

type Page<T> = { items: T[]; next: string | null };

/** What the observation list is narrowed to (each left out when not set). */
export interface ObservationFilters {
  exercise?: string;
  stage?: ObservationStage;
  /** Observations written by this nation. */
  nation?: string;
}

/** The list's query string for `filters` (`limit` and `cursor` come on top). */
export function observationQuery(filters: ObservationFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.exercise) params.set('exercise', filters.exercise);
  if (filters.stage) params.set('stage', filters.stage);
  if (filters.nation) params.set('nation', filters.nation);
  return params;
}

const observationPath = (id: string) => `/api/observations/${encodeURIComponent(id)}`;

/** The after-exercise report's address, to download: Markdown or PDF. */
export const reportAddress = (exerciseId: string, format: 'md' | 'pdf') =>
  `/api/exercises/${encodeURIComponent(exerciseId)}/report?format=${format}`;

/**
 * Query keys: everything of an observation sits under ['observations'] (a live change of an
 * observation, or of a commitment — its actions — makes them stale, api/live.ts). Its actions are
 * commitments, listed under ['commitments'].
 */
export const lessonKeys = {
  observations: ['observations'] as const,
  list: (filters: ObservationFilters) => ['observations', 'list', filters] as const,
  observation: (id: string) => ['observations', id] as const,
};

/** Observations the reader may read, 50 at a time. */
export function useObservations(filters: ObservationFilters) {
  return useInfiniteQuery({
    queryKey: lessonKeys.list(filters),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const params = observationQuery(filters);
      params.set('limit', '50');
      if (pageParam) params.set('cursor', pageParam);
      return api<Page<ObservationView>>('GET', `/api/observations?${params.toString()}`);
    },
    getNextPageParam: (last) => last.next,
  });
}

export function useObservation(id: string) {
  return useQuery({ queryKey: lessonKeys.observation(id), queryFn: () => api<ObservationView>('GET', observationPath(id)) });
}

/** After a write, the observations (their lists and counts) and the exercise's report are stale. */
const afterObservationWrite = (client: QueryClient, view?: ObservationView) => {
  if (view) client.setQueryData(lessonKeys.observation(view.id), view);
  return client.invalidateQueries({ queryKey: lessonKeys.observations });
};

/** Records an observation of an exercise (a nation taking part; under the exercise's label unless one is given). */
export function useRecordObservation(exerciseId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: ObservationCreateRequest) =>
      api<ObservationView>('POST', `/api/exercises/${encodeURIComponent(exerciseId)}/observations`, input),
    onSuccess: (view) => afterObservationWrite(client, view),
  });
}

/** Changes its text, objective or label, at the version it was read at (If-Match). */
export function useUpdateObservation(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ version, ...input }: ObservationUpdateRequest & { version: number }) =>
      api<ObservationView>('PATCH', observationPath(id), input, version),
    onSuccess: (view) => afterObservationWrite(client, view),
  });
}

/** Moves it on to the next stage (the server refuses a lesson learned while an action is open, and says which). */
export function useMoveObservation(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ stage, version }: { stage: ObservationStage; version: number }) =>
      api<ObservationView>('POST', `${observationPath(id)}/stage`, { stage }, version),
    onSuccess: (view) => afterObservationWrite(client, view),
  });
}

/**
 * Records an action on an observation: a commitment of the exercise's after-action review meeting
 * (its host's organisers) naming the observation as its source, under the meeting's label unless
 * one is given (every reader of it must be able to read the observation). The commitments and the
 * observations' action counts are stale after it.
 */
export function useAddAction(meetingId: string, observationId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: Omit<CommitmentCreateRequest, 'source'>) =>
      api<Commitment>('POST', `/api/meetings/${encodeURIComponent(meetingId)}/commitments`, {
        ...input,
        source: { kind: 'observation', id: observationId },
      }),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: ['commitments'] }),
        client.invalidateQueries({ queryKey: lessonKeys.observations }),
      ]),
  });
}
