import { useSyncExternalStore } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import { ApiError, api, holdReads, releaseReads, setCsrfToken, whenUnauthenticated } from './client';
import type { SessionResponse, SignInRequest } from '../../shared/contracts/auth';

export const SESSION_KEY = ['session'] as const;

/** Nothing one user's screens loaded may linger for the next user of the same browser. */
function forgetEverythingButTheSession(client: QueryClient): void {
  client.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
}

/**
 * Whether the session this page was signed in with has ended (a 401 from any request, the live
 * stream refused, or its end reached). The page stays as it is — forms keep what was typed — and
 * says so until the person signs in again in place (docs/ARCHITECTURE.md, "The web app's session").
 */
let signedIn = false;
let ended = false;
const listeners = new Set<() => void>();
function setEnded(value: boolean): void {
  if (ended === value) return;
  ended = value;
  if (ended) holdReads();
  else releaseReads();
  for (const listener of listeners) listener();
}
export function markSessionEnded(): void {
  if (signedIn) setEnded(true);
}
whenUnauthenticated(markSessionEnded);

export function useSessionEnded(): boolean {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => ended,
  );
}

/** The session as the page knows it, with the server clock's lead over the browser's (ms). */
function accept(session: SessionResponse): SessionResponse & { clockOffsetMs: number } {
  setCsrfToken(session.csrfToken);
  signedIn = true;
  setEnded(false);
  return { ...session, clockOffsetMs: Date.parse(session.session.now) - Date.now() };
}
export type KnownSession = ReturnType<typeof accept>;

export function useSession() {
  const client = useQueryClient();
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: async (): Promise<KnownSession | null> => {
      try {
        return accept(await api<SessionResponse>('GET', '/api/session'));
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 401)) throw error;
        // An ended session keeps its page (and who it was) until the person signs in again.
        const previous = client.getQueryData<KnownSession | null>(SESSION_KEY);
        if (previous && signedIn) return previous;
        return null;
      }
    },
  });
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: SignInRequest) => api<SessionResponse>('POST', '/api/session', input),
    onSuccess: (session) => {
      forgetEverythingButTheSession(client);
      client.setQueryData(SESSION_KEY, accept(session));
    },
  });
}

/**
 * Signing in again on a page whose session ended (or is about to): the same person carries on
 * where they were, everything shown is fetched anew; someone else starts on the home page with
 * nothing of the previous person's screens.
 */
export function useSignInAgain(previousUserId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: SignInRequest) => api<SessionResponse>('POST', '/api/session', input),
    onSuccess: (session) => {
      if (session.user.id !== previousUserId) {
        client.clear();
        window.location.assign('/');
        return;
      }
      client.setQueryData(SESSION_KEY, accept(session));
      void client.invalidateQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
    },
  });
}

/** "Stay signed in": moves the session's end on (never past its absolute end). */
export function useStaySignedIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<SessionResponse>('POST', '/api/session/refresh'),
    onSuccess: (session) => client.setQueryData(SESSION_KEY, accept(session)),
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<{ ok: true }>('DELETE', '/api/session'),
    onSettled: () => {
      setCsrfToken(null);
      signedIn = false;
      setEnded(false);
      forgetEverythingButTheSession(client);
      client.setQueryData(SESSION_KEY, null);
    },
  });
}
