import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';

/** Which cached queries a change of each kind makes stale. */
const STALE_BY_KIND: Record<string, string[][]> = {
  alert: [['alerts']],
  'alert-response': [['alerts']],
  crisis: [['crises']],
  'crisis-entry': [['crisis-entries'], ['crises']],
  incident: [['incidents']],
  note: [['notes']],
  actor: [['actors']],
  indicator: [['indicators']],
};

/**
 * Live updates while signed in: the server's event stream (only changes to records this person
 * may read) marks the affected lists and records stale, so open screens refresh themselves. The
 * browser reconnects by itself and resumes after the last event it saw.
 */
export function useLiveUpdates(enabled: boolean): void {
  const client = useQueryClient();
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/stream');
    source.addEventListener('change', (event) => {
      const { kind } = JSON.parse((event as MessageEvent<string>).data) as { kind: string };
      for (const queryKey of STALE_BY_KIND[kind] ?? []) void client.invalidateQueries({ queryKey });
    });
    return () => source.close();
  }, [enabled, client]);
}
