import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { Peer, Undelivered } from '../../shared/contracts/federation';

export function useOwnInvite() {
  return useQuery({
    queryKey: ['federation', 'invite'],
    queryFn: () => api<{ invite: string; nodeId: string; nation: string; url: string; publicKey: string }>('GET', '/api/node/invite'),
  });
}

export function usePeers() {
  // Health (reachability, lag, objects in and out, rejects) changes as nodes pull: keep it fresh on screen.
  return useQuery({
    queryKey: ['federation', 'peers'],
    queryFn: () => api<{ items: Peer[] }>('GET', '/api/peers'),
    refetchInterval: 5_000,
  });
}

/** This nation's records the administrator may read that reach no partner node of an audience they were released to. */
export function useUndelivered() {
  // What reaches whom changes as records are released and peers' trust is set: keep it fresh on screen.
  return useQuery({
    queryKey: ['federation', 'undelivered'],
    queryFn: () => api<Undelivered>('GET', '/api/federation/undelivered'),
    refetchInterval: 10_000,
  });
}

export interface PeerTrust {
  accreditation: Peer['accreditation'];
  caveats: string[];
}

function usePeerWrite<I>(write: (input: I) => Promise<unknown>) {
  const client = useQueryClient();
  // A peer's trust decides what reaches it: the undelivered list follows.
  return useMutation({ mutationFn: write, onSuccess: () => client.invalidateQueries({ queryKey: ['federation'] }) });
}

export const useAddPeer = () => usePeerWrite((input: { invite: string } & PeerTrust) => api<Peer>('POST', '/api/peers', input));
export const useUpdatePeer = () =>
  usePeerWrite(({ nodeId, ...trust }: { nodeId: string } & PeerTrust) =>
    api<Peer>('PATCH', `/api/peers/${encodeURIComponent(nodeId)}`, trust),
  );
export const useCheckPeer = () => usePeerWrite((nodeId: string) => api<Peer>('POST', `/api/peers/${encodeURIComponent(nodeId)}/check`));
export const useRemovePeer = () => usePeerWrite((nodeId: string) => api('DELETE', `/api/peers/${encodeURIComponent(nodeId)}`));
