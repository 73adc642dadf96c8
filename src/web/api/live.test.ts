import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { refresh } from './live';

/** A server whose answers the test releases one by one, each with what the server holds at the time of asking. */
function slowServer() {
  let holds = ['old alert'];
  const waiting: (() => void)[] = [];
  return {
    set: (alerts: string[]) => (holds = alerts),
    asked: () => waiting.length,
    answer: () => waiting.shift()?.(),
    fetch: () => {
      const answer = [...holds];
      return new Promise<string[]>((resolve) => waiting.push(() => resolve(answer)));
    },
  };
}

describe('refreshing after a live change', () => {
  it('fetches again when the change arrives during the first fetch, whose answer predates it', async () => {
    const server = slowServer();
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const observer = new QueryObserver(client, { queryKey: ['alerts', 'open'], queryFn: server.fetch });
    const seen: (string[] | undefined)[] = [];
    const unsubscribe = observer.subscribe((result) => seen.push(result.data));
    expect(server.asked()).toBe(1);

    server.set(['old alert', 'new alert']); // raised while the first answer is on its way
    const refreshed = refresh(client, ['alerts']);
    server.answer(); // the first answer, without the new alert
    await expect.poll(() => server.asked()).toBe(1); // asked again
    server.answer();
    await refreshed;
    expect(observer.getCurrentResult().data).toEqual(['old alert', 'new alert']);
    expect(seen).not.toContainEqual(['old alert']); // the stale first answer was never shown
    unsubscribe();
  });

  it('marks a query that has its data stale and fetches it again, keeping what it shows meanwhile', async () => {
    const server = slowServer();
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const observer = new QueryObserver(client, { queryKey: ['alerts', 'open'], queryFn: server.fetch });
    const unsubscribe = observer.subscribe(() => undefined);
    server.answer();
    await expect.poll(() => observer.getCurrentResult().data).toEqual(['old alert']);

    server.set(['old alert', 'new alert']);
    const refreshed = refresh(client, ['alerts']);
    expect(observer.getCurrentResult().data).toEqual(['old alert']);
    await expect.poll(() => server.asked()).toBe(1);
    server.answer();
    await refreshed;
    expect(observer.getCurrentResult().data).toEqual(['old alert', 'new alert']);
    unsubscribe();
  });
});
