import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type {
  BusyBlockCreateRequest,
  BusyBlockImportRequest,
  BusyBlockView,
  ClashCheckRequest,
  ClashView,
  Exercise,
  ExerciseCreateRequest,
  ExerciseSummary,
  ExerciseUpdateRequest,
} from '../../shared/contracts/training';
import type { ControlPanel, ExercisePicture, InjectRequest } from '../../shared/contracts/exercise-control';
import type { MetricsView } from '../../shared/contracts/exercise-metrics';
import type { ControlAction, ExerciseStatus } from '../../shared/vocab/training';
import type { QueryClient } from '@tanstack/react-query';

type Page<T> = { items: T[]; next: string | null };

/** What the exercise list is narrowed to (each left out when not set). */
export interface ExerciseFilters {
  status?: ExerciseStatus;
  /** A nation taking part. */
  nation?: string;
}

/** The list's query string for `filters` (`limit` and `cursor` come on top). */
export function exerciseQuery(filters: ExerciseFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.status) params.set('status', filters.status);
  if (filters.nation) params.set('nation', filters.nation);
  return params;
}

const exercisePath = (id: string) => `/api/exercises/${encodeURIComponent(id)}`;

/**
 * Query keys. Everything of an exercise sits under ['exercises'] and of a busy block under
 * ['busy-blocks'] (a live change of either kind makes them stale, api/live.ts); clashes sit under
 * ['exercises', 'clashes'], which a busy block's change also makes stale.
 */
export const trainingKeys = {
  exercises: ['exercises'] as const,
  list: (filters: ExerciseFilters) => ['exercises', 'list', filters] as const,
  window: (from: string, to: string) => ['exercises', 'window', from, to] as const,
  exercise: (id: string) => ['exercises', id] as const,
  clashes: (id: string) => ['exercises', 'clashes', id] as const,
  clashCheck: (plan: ClashCheckRequest | null) => ['exercises', 'clashes', 'check', plan] as const,
  control: (id: string) => ['exercises', 'control', id] as const,
  picture: (id: string) => ['exercises', 'picture', id] as const,
  metrics: (exercise: string | null) => ['exercises', 'metrics', exercise] as const,
  busyBlocks: ['busy-blocks'] as const,
  busyList: (status: 'draft' | 'published' | null) => ['busy-blocks', 'list', status] as const,
  busyWindow: (from: string, to: string) => ['busy-blocks', 'window', from, to] as const,
};

/** Exercises the reader may read, by STARTEX, 50 at a time. */
export function useExercises(filters: ExerciseFilters) {
  return useInfiniteQuery({
    queryKey: trainingKeys.list(filters),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const params = exerciseQuery(filters);
      params.set('limit', '50');
      if (pageParam) params.set('cursor', pageParam);
      return api<Page<ExerciseSummary>>('GET', `/api/exercises?${params.toString()}`);
    },
    getNextPageParam: (last) => last.next,
  });
}

/**
 * Every page of a list ordered by start, from `from` on, until an item starts at or after `to` (the
 * lists filter only on their end, so the pages beyond the window are not fetched).
 */
async function pagesUntil<T extends { startsAt: string }>(path: string, from: string, to: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<T> = await api<Page<T>>(
      'GET',
      `${path}?limit=200&from=${encodeURIComponent(from)}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    const within = page.items.filter((item) => item.startsAt < to);
    items.push(...within);
    cursor = within.length === page.items.length ? page.next : null;
  } while (cursor);
  return items;
}

/** The exercises of a window (their participants and units, for the calendar's planning rows). */
export function useExercisesInWindow(from: string, to: string, enabled = true) {
  return useQuery({
    queryKey: trainingKeys.window(from, to),
    queryFn: () => pagesUntil<ExerciseSummary>('/api/exercises', from, to),
    enabled,
  });
}

export function useExercise(id: string) {
  return useQuery({ queryKey: trainingKeys.exercise(id), queryFn: () => api<Exercise>('GET', exercisePath(id)) });
}

/** What a saved exercise clashes with. */
export function useExerciseClashes(id: string) {
  return useQuery({
    queryKey: trainingKeys.clashes(id),
    queryFn: () => api<{ clashes: ClashView[] }>('GET', `${exercisePath(id)}/clashes`),
  });
}

/** What a plan being edited clashes with (null: not enough of the plan yet to ask); the last answer stays while the next is asked. */
export function useClashCheck(plan: ClashCheckRequest | null) {
  return useQuery({
    queryKey: trainingKeys.clashCheck(plan),
    queryFn: () => api<{ clashes: ClashView[] }>('POST', '/api/exercises/clash-check', plan),
    enabled: plan !== null,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

/** After a write, the exercises (and their clashes) and the calendar are stale. */
const afterExerciseWrite = (client: QueryClient) =>
  Promise.all([client.invalidateQueries({ queryKey: trainingKeys.exercises }), client.invalidateQueries({ queryKey: ['calendar'] })]);

export function useCreateExercise() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: ExerciseCreateRequest) => api<Exercise>('POST', '/api/exercises', input),
    onSuccess: () => afterExerciseWrite(client),
  });
}

/** Changes the plan at the version it was read at (If-Match). */
export function useUpdateExercise(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ version, ...input }: ExerciseUpdateRequest & { version: number }) =>
      api<Exercise>('PATCH', exercisePath(id), input, version),
    onSuccess: () => afterExerciseWrite(client),
  });
}

/** Moves it to another status, at the version shown. */
export function useMoveExercise(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ status, version }: { status: ExerciseStatus; version: number }) =>
      api<Exercise>('POST', `${exercisePath(id)}/status`, { status }, version),
    onSuccess: (exercise) => {
      client.setQueryData(trainingKeys.exercise(id), exercise);
      return afterExerciseWrite(client);
    },
  });
}

// ---- Running an exercise ----

/**
 * The exercise's control panel: its run for every reader, the MSEL and scores for its controllers.
 * Injects fire and expectations are met without a change to the exercise itself, so the panel is
 * asked again every `refetchInterval` ms (false: only when an exercise change makes it stale).
 */
export function useExerciseControl(id: string, refetchInterval: number | false = 30_000) {
  return useQuery({
    queryKey: trainingKeys.control(id),
    queryFn: () => api<ControlPanel>('GET', `${exercisePath(id)}/control`),
    refetchInterval,
  });
}

/** Starts, pauses, resumes or ends the exercise: the panel comes back; its status (and so the lists and calendar) may have moved. */
export function useControlExercise(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (action: ControlAction) => api<ControlPanel>('POST', `${exercisePath(id)}/control`, { action }),
    onSuccess: (panel) => {
      client.setQueryData(trainingKeys.control(id), panel);
      return afterExerciseWrite(client);
    },
  });
}

/** Adds an inject to the MSEL, or (given its id) replaces one still to fire at the version shown. */
export function useSaveInject(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ injectId, version, input }: { injectId?: string; version?: number; input: InjectRequest }) =>
      injectId
        ? api<ControlPanel>('PUT', `${exercisePath(id)}/injects/${encodeURIComponent(injectId)}`, input, version)
        : api<ControlPanel>('POST', `${exercisePath(id)}/injects`, input),
    onSuccess: (panel) => client.setQueryData(trainingKeys.control(id), panel),
  });
}

/** Takes an inject still to fire out of the MSEL. */
export function useDeleteInject(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (injectId: string) => api<{ ok: true }>('DELETE', `${exercisePath(id)}/injects/${encodeURIComponent(injectId)}`),
    onSuccess: () => client.invalidateQueries({ queryKey: trainingKeys.control(id) }),
  });
}

/** A controller's verdict on an expectation of a fired inject. */
export function useJudgeExpectation(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({
      injectId,
      expectationId,
      verdict,
      note,
    }: {
      injectId: string;
      expectationId: string;
      verdict: 'met' | 'missed';
      note: string;
    }) =>
      api<ControlPanel>(
        'POST',
        `${exercisePath(id)}/injects/${encodeURIComponent(injectId)}/expectations/${encodeURIComponent(expectationId)}/verdict`,
        { verdict, note },
      ),
    onSuccess: (panel) => client.setQueryData(trainingKeys.control(id), panel),
  });
}

/** The alerts and crisis rooms the exercise's injects made, those the reader may read (asked again now and then while it runs). */
export function useExercisePicture(id: string, refetchInterval: number | false = false) {
  return useQuery({
    queryKey: trainingKeys.picture(id),
    queryFn: () => api<ExercisePicture>('GET', `${exercisePath(id)}/picture`),
    refetchInterval,
  });
}

/**
 * How fast the partners answered in the exercises (or in one), every measure, nation and desk: the
 * metrics page narrows them to a measure and nation itself, so that its nation filter offers every
 * nation measured and the exercise page shares the same answer.
 */
export function useExerciseMetrics(exercise: string | null = null) {
  return useQuery({
    queryKey: trainingKeys.metrics(exercise),
    queryFn: () => api<MetricsView>('GET', `/api/exercises/metrics${exercise ? `?exercise=${encodeURIComponent(exercise)}` : ''}`),
  });
}

// ---- Busy blocks ----

/** Busy blocks the reader may read, by start (withdrawn ones left out): drafts, published ones, or both. */
export function useBusyBlocks(status: 'draft' | 'published' | null) {
  return useInfiniteQuery({
    queryKey: trainingKeys.busyList(status),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      api<Page<BusyBlockView>>(
        'GET',
        `/api/busy-blocks?limit=50${status ? `&status=${status}` : ''}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`,
      ),
    getNextPageParam: (last) => last.next,
  });
}

/** The busy blocks of a window (their units, for the calendar's planning rows). */
export function useBusyBlocksInWindow(from: string, to: string, enabled = true) {
  return useQuery({
    queryKey: trainingKeys.busyWindow(from, to),
    queryFn: () => pagesUntil<BusyBlockView>('/api/busy-blocks', from, to),
    enabled,
  });
}

/** After a write, the blocks, the calendar and every clash are stale. */
const afterBlockWrite = (client: QueryClient) =>
  Promise.all([
    client.invalidateQueries({ queryKey: trainingKeys.busyBlocks }),
    client.invalidateQueries({ queryKey: ['calendar'] }),
    client.invalidateQueries({ queryKey: ['exercises', 'clashes'] }),
  ]);

export function useCreateBusyBlock() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: BusyBlockCreateRequest) => api<BusyBlockView>('POST', '/api/busy-blocks', input),
    onSuccess: () => afterBlockWrite(client),
  });
}

/** Imports an .ics file's events as draft blocks: answered with the drafts made and the events left out, with why. */
export function useImportBusyBlocks() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: BusyBlockImportRequest) =>
      api<{ created: string[]; skipped: { uid: string | null; summary: string; why: string }[] }>('POST', '/api/busy-blocks/import', input),
    onSuccess: () => afterBlockWrite(client),
  });
}

/** Publishes a draft or withdraws a block. */
export function useSetBlockStatus() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, to }: { id: string; to: 'publish' | 'withdraw' }) =>
      api<BusyBlockView>('POST', `/api/busy-blocks/${encodeURIComponent(id)}/${to}`),
    onSuccess: () => afterBlockWrite(client),
  });
}
