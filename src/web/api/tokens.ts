import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { TokenCreated, TokenSummary } from '../../shared/contracts/directory';
import type { TokenScope } from '../../shared/vocab/token-scopes';

/** The signed-in person's API tokens (never their secrets). */
export const useTokens = () => useQuery({ queryKey: ['tokens'], queryFn: () => api<{ items: TokenSummary[] }>('GET', '/api/tokens') });

function useTokenWrite<T, R>(write: (input: T) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: write, onSuccess: () => client.invalidateQueries({ queryKey: ['tokens'] }) });
}

export const useCreateToken = () =>
  useTokenWrite((input: { name: string; expiresInDays: number; scopes: TokenScope[] }) => api<TokenCreated>('POST', '/api/tokens', input));
export const useRevokeToken = () => useTokenWrite((id: string) => api('DELETE', `/api/tokens/${encodeURIComponent(id)}`));
