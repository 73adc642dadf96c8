import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import { readBase64 } from '../components/files';
import type { QueryClient } from '@tanstack/react-query';
import type {
  AgendaAttachmentUpload,
  AgendaAttachmentView,
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
import type {
  AmendmentRequest,
  ClauseAddRequest,
  ClauseUpdateRequest,
  CommentRequest,
  DecisionRequest,
  PositionsRequest,
  SilenceRequest,
  Statement,
  StatementCreateRequest,
  StatementLanguage,
  StatementSummary,
  StatementUpdateRequest,
  TranslationRequest,
} from '../../shared/contracts/statements';

type Page<T> = { items: T[]; next: string | null };
const cursor = (pageParam: string | null) => (pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : '');

const afterMeetingWrite = (client: QueryClient) =>
  Promise.all([client.invalidateQueries({ queryKey: ['meetings'] }), client.invalidateQueries({ queryKey: ['calendar'] })]);

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
    onSuccess: () => afterMeetingWrite(client),
  });
}

/** After any write to a meeting, the meeting, the lists and the calendar are stale. */
function useMeetingWrite<I, O>(write: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: write, onSuccess: () => afterMeetingWrite(client) });
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

/** Attaches a file the reader picked to an agenda item (read as base64 here, so the wait covers reading it). */
export const useAttachToAgendaItem = () =>
  useMeetingWrite(async ({ itemId, file, label }: { itemId: string; file: File; label?: AgendaAttachmentUpload['label'] }) =>
    api<AgendaAttachmentView>('POST', `/api/agenda-items/${encodeURIComponent(itemId)}/attachments`, {
      fileName: file.name,
      contentBase64: await readBase64(file),
      ...(label ? { label } : {}),
    } satisfies AgendaAttachmentUpload),
  );

// ---- Joint statements ----

const statementPath = (id: string) => `/api/statements/${encodeURIComponent(id)}`;

/** A meeting's statements the reader may read, newest first. */
export function useMeetingStatements(meetingId: string) {
  return useQuery({
    queryKey: ['statements', 'of', meetingId],
    queryFn: () => api<Page<StatementSummary>>('GET', `/api/statements?limit=200&meetingId=${encodeURIComponent(meetingId)}`),
  });
}

export function useStatement(id: string) {
  return useQuery({ queryKey: ['statements', id], queryFn: () => api<Statement>('GET', statementPath(id)) });
}

/** After any write to a statement, the statement and the lists are stale. */
function useStatementWrite<I>(write: (input: I) => Promise<Statement>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: write, onSuccess: () => client.invalidateQueries({ queryKey: ['statements'] }) });
}

export const useCreateStatement = (meetingId: string) =>
  useStatementWrite((input: StatementCreateRequest) => api<Statement>('POST', `${meetingPath(meetingId)}/statements`, input));

/** Puts the meeting's draft minutes to adoption: answered with the statement that carries them. */
export const usePutMinutesToAdoption = (meetingId: string) =>
  useStatementWrite(() => api<Statement>('POST', `${meetingPath(meetingId)}/minutes/adoption`));

export const useAddClause = (id: string) =>
  useStatementWrite((input: ClauseAddRequest) => api<Statement>('POST', `${statementPath(id)}/clauses`, input));

export const useUpdateClause = (id: string) =>
  useStatementWrite(({ clauseId, ...input }: ClauseUpdateRequest & { clauseId: string }) =>
    api<Statement>('PUT', `${statementPath(id)}/clauses/${encodeURIComponent(clauseId)}`, input),
  );

export const useRemoveClause = (id: string) =>
  useStatementWrite((clauseId: string) => api<Statement>('DELETE', `${statementPath(id)}/clauses/${encodeURIComponent(clauseId)}`));

export const useGivePositions = (id: string) =>
  useStatementWrite((input: PositionsRequest) => api<Statement>('POST', `${statementPath(id)}/positions`, input));

export const useProposeAmendment = (id: string) =>
  useStatementWrite((input: AmendmentRequest) => api<Statement>('POST', `${statementPath(id)}/amendments`, input));

export const useDecideAmendment = (id: string) =>
  useStatementWrite(({ amendmentId, ...input }: DecisionRequest & { amendmentId: string }) =>
    api<Statement>('POST', `${statementPath(id)}/amendments/${encodeURIComponent(amendmentId)}/decision`, input),
  );

export const useAddComment = (id: string) =>
  useStatementWrite((input: CommentRequest) => api<Statement>('POST', `${statementPath(id)}/comments`, input));

export const useStartSilence = (id: string) =>
  useStatementWrite((input: SilenceRequest) => api<Statement>('PUT', `${statementPath(id)}/silence`, input));

export const useCallOffSilence = (id: string) => useStatementWrite(() => api<Statement>('DELETE', `${statementPath(id)}/silence`));

export const useWithdrawStatement = (id: string) => useStatementWrite(() => api<Statement>('POST', `${statementPath(id)}/withdraw`));

export const useTranslateStatement = (id: string) =>
  useStatementWrite(({ language, ...input }: TranslationRequest & { language: StatementLanguage }) =>
    api<Statement>('PUT', `${statementPath(id)}/translations/${language}`, input),
  );

export const usePublishStatement = (id: string) =>
  useStatementWrite((released: boolean) => api<Statement>(released ? 'PUT' : 'DELETE', `${statementPath(id)}/public`));

export const useGiveWord = (id: string) => useStatementWrite(() => api<Statement>('POST', `${statementPath(id)}/word`));

export const useMoveClause = (id: string) =>
  useStatementWrite(({ clauseId, after }: { clauseId: string; after: string | null }) =>
    api<Statement>('POST', `${statementPath(id)}/clauses/${encodeURIComponent(clauseId)}/move`, { after }),
  );

export const useUpdateStatement = (id: string) =>
  useStatementWrite((input: StatementUpdateRequest) => api<Statement>('PATCH', statementPath(id), input));
