import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { QueryClient, QueryKey } from '@tanstack/react-query';
import type { LabelledKind } from '../../shared/vocab/record-kinds';

/** Which cached queries a change of each kind makes stale (every labelled kind: the stream sends only those). */
const STALE_BY_KIND: Record<LabelledKind, string[][]> = {
  // Exercise metrics are worked out from alerts, their answers, rooms and their entries.
  alert: [['alerts'], ['exercises', 'metrics']],
  'alert-response': [['alerts'], ['exercises', 'metrics']],
  crisis: [['crises'], ['exercises', 'metrics']],
  'crisis-entry': [['crisis-entries'], ['crises'], ['exercises', 'metrics']],
  incident: [['incidents'], ['release-queue']],
  note: [['notes']],
  actor: [['actors'], ['release-queue']],
  indicator: [['indicators'], ['release-queue']],
  meeting: [['meetings'], ['calendar']],
  'meeting-answer': [['meetings']],
  delegation: [['meetings']],
  'agenda-item': [['meetings']],
  minutes: [['meetings']],
  'agenda-attachment': [['meetings']],
  statement: [['statements'], ['meetings']],
  'statement-position': [['statements']],
  // An observation's actions are commitments: their counts on the observations change with them.
  commitment: [['commitments'], ['meetings'], ['observations']],
  'commitment-report': [['commitments'], ['observations']],
  exercise: [['exercises'], ['calendar']],
  // An observation's title names its actions' source in the commitment lists.
  observation: [['observations'], ['commitments']],
  // A busy block changes what exercises clash with.
  'busy-block': [['busy-blocks'], ['calendar'], ['exercises', 'clashes']],
};

/**
 * Marks the queries under `queryKey` stale so the open ones fetch again. A query still on its first
 * fetch would otherwise not fetch again (with no data yet, TanStack Query joins the fetch under way,
 * which may predate the change): that fetch is cancelled and a new one started.
 */
export async function refresh(client: QueryClient, queryKey: QueryKey): Promise<void> {
  const firstFetches = client
    .getQueryCache()
    .findAll({ queryKey })
    .filter((query) => query.state.data === undefined && query.state.fetchStatus === 'fetching');
  await Promise.all(firstFetches.map((query) => client.cancelQueries({ queryKey: query.queryKey, exact: true })));
  await client.invalidateQueries({ queryKey });
}

/**
 * Live updates while signed in: the server's event stream (only changes to records this person
 * may read) marks the affected lists and records stale, so open screens refresh themselves. The
 * browser reconnects by itself and resumes after the last event id it was given; when the server
 * refuses to resume (away longer than its resume window, or signed in anew) the browser gives the
 * stream up: everything shown is then refreshed and a new stream opened.
 */
export function useLiveUpdates(enabled: boolean): void {
  const client = useQueryClient();
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    let source: EventSource;
    let reopen: ReturnType<typeof setTimeout> | undefined;
    const open = () => {
      source = new EventSource('/api/stream');
      // Alerts raised between the page's first look and the stream's start would otherwise wait
      // for the slow refresh: look again once the stream is open.
      source.addEventListener('open', () => void refresh(client, ['alerts']), { once: true });
      source.addEventListener('change', (event) => {
        const { kind } = JSON.parse((event as MessageEvent<string>).data) as { kind: string };
        for (const queryKey of STALE_BY_KIND[kind as LabelledKind] ?? []) void refresh(client, queryKey);
      });
      source.addEventListener('error', () => {
        if (source.readyState !== EventSource.CLOSED) return;
        void client.invalidateQueries();
        reopen = setTimeout(open, 3_000);
      });
    };
    open();
    return () => {
      clearTimeout(reopen);
      source.close();
    };
  }, [enabled, client]);
}
