import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { DirectoryResponse } from '../../shared/contracts/directory';
import type { Note, NoteCreateRequest } from '../../shared/contracts/notes';

export function useNotes() {
  return useInfiniteQuery({
    queryKey: ['notes'],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      api<{ items: Note[]; next: string | null }>(
        'GET',
        `/api/notes?limit=50${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`,
      ),
    getNextPageParam: (last) => last.next,
  });
}

export function useNote(id: string) {
  return useQuery({ queryKey: ['notes', id], queryFn: () => api<Note>('GET', `/api/notes/${encodeURIComponent(id)}`) });
}

export function useCreateNote() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: NoteCreateRequest) => api<Note>('POST', '/api/notes', input),
    onSuccess: () => client.invalidateQueries({ queryKey: ['notes'] }),
  });
}

export function useRecallNote(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (reason: string) => api<Note>('POST', `/api/notes/${encodeURIComponent(id)}/recall`, { reason }),
    onSuccess: (note) => {
      client.setQueryData(['notes', id], note);
      return client.invalidateQueries({ queryKey: ['notes'], exact: true });
    },
  });
}

export function useDirectory() {
  return useQuery({ queryKey: ['directory'], queryFn: () => api<DirectoryResponse>('GET', '/api/directory'), staleTime: 60_000 });
}
