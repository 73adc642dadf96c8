import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import { ApiError, api, setCsrfToken } from './client';
import type { SessionResponse, SignInRequest } from '../../shared/contracts/auth';

export const SESSION_KEY = ['session'] as const;

/** Nothing one user's screens loaded may linger for the next user of the same browser. */
function forgetEverythingButTheSession(client: QueryClient): void {
  client.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
}

export function useSession() {
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: async () => {
      try {
        const session = await api<SessionResponse>('GET', '/api/session');
        setCsrfToken(session.csrfToken);
        return session;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
  });
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: SignInRequest) => api<SessionResponse>('POST', '/api/session', input),
    onSuccess: (session) => {
      setCsrfToken(session.csrfToken);
      forgetEverythingButTheSession(client);
      client.setQueryData(SESSION_KEY, session);
    },
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<{ ok: true }>('DELETE', '/api/session'),
    onSettled: () => {
      setCsrfToken(null);
      forgetEverythingButTheSession(client);
      client.setQueryData(SESSION_KEY, null);
    },
  });
}
