import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { ClearanceGrant, CreateUserRequest, UpdateUserRequest, UserSummary } from '../../shared/contracts/directory';

type ChangedUser = { user: UserSummary; pendingGrant: ClearanceGrant | null };

/** The accounts of the administrator's nation (node administrators). */
export const useUsers = () => useQuery({ queryKey: ['users'], queryFn: () => api<{ items: UserSummary[] }>('GET', '/api/users') });

/** SECRET clearances waiting for a second node administrator. */
export const useClearanceGrants = () =>
  useQuery({ queryKey: ['users', 'grants'], queryFn: () => api<{ items: ClearanceGrant[] }>('GET', '/api/clearance-grants') });

function useUserWrite<T, R>(write: (input: T) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: write, onSuccess: () => client.invalidateQueries({ queryKey: ['users'] }) });
}

export const useAddUser = () =>
  useUserWrite((input: CreateUserRequest) =>
    api<ChangedUser & { totpSecret: string | null; totpUri: string | null }>('POST', '/api/users', input),
  );
export const useUpdateUser = () =>
  useUserWrite(({ username, ...change }: UpdateUserRequest & { username: string }) =>
    api<ChangedUser>('PATCH', `/api/users/${encodeURIComponent(username)}`, change),
  );
export const useDisableUser = () =>
  useUserWrite((username: string) => api<UserSummary>('POST', `/api/users/${encodeURIComponent(username)}/disable`));
export const useEnableUser = () =>
  useUserWrite((username: string) => api<UserSummary>('POST', `/api/users/${encodeURIComponent(username)}/enable`));
/** A new second factor for the account: the secret and its otpauth URI, shown once. */
export const useResetTotp = () =>
  useUserWrite((username: string) => api<{ secret: string; uri: string }>('POST', `/api/users/${encodeURIComponent(username)}/totp-reset`));
export const useDecideGrant = () =>
  useUserWrite(({ id, decision }: { id: string; decision: 'approve' | 'refuse' }) =>
    api('POST', `/api/clearance-grants/${encodeURIComponent(id)}/${decision}`),
  );
