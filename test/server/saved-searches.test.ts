/** Saved searches notify their owner of new matches — only incidents the owner may read, each once. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { label, makeOrg, makeToken, makeUser } from '../kit/factories';
import { anyVersion, bearer } from '../kit/http';
import { startTestNode } from '../kit/test-node';
import { checkSavedSearches } from '../../src/server/domain/saved-searches/saved-search-service';
import type { TestNode } from '../kit/test-node';

let node: TestNode;
const token: Record<string, string> = {};

beforeAll(async () => {
  node = await startTestNode();
  const org = await makeOrg(node.ctx, 'PAK', 'PAK narcotics');
  token.analyst = await makeToken(node.ctx, await makeUser(node.ctx, { nation: 'PAK', org, roles: ['analyst'] }));
  token.releaser = await makeToken(node.ctx, await makeUser(node.ctx, { nation: 'PAK', org, roles: ['releasing-officer'] }));
  token.kaz = await makeToken(node.ctx, await makeUser(node.ctx, { nation: 'KAZ', roles: ['viewer'] }));
  token.tjk = await makeToken(node.ctx, await makeUser(node.ctx, { nation: 'TJK', roles: ['viewer'] }));
});
afterAll(() => node.close());

const call = (who: string, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
  node.app.http.inject({ method, url, headers: bearer(token[who]!), ...(payload ? { payload } : {}) });

async function seizure(title: string, relTo: string[], release = true): Promise<string> {
  const id = (
    await call('analyst', 'POST', '/api/incidents', {
      domain: 'narcotics',
      subtype: 'seizure',
      title,
      occurredAt: '2026-11-25T00:00:00Z',
      timePrecision: 'day',
      place: { country: 'UZB', name: 'Termez', point: { lat: 37.22, lon: 67.28 }, precision: 'near' },
      label: label({ relTo }),
    })
  ).json().id as string;
  if (release) expect((await call('releaser', 'POST', `/api/incidents/${id}/release`, {})).statusCode).toBe(200);
  return id;
}

describe('saved searches', () => {
  it('refuse a search that matches everything, and bad filters', async () => {
    expect((await call('kaz', 'POST', '/api/saved-searches', { name: 'All', filter: {} })).statusCode).toBe(400);
    expect((await call('kaz', 'POST', '/api/saved-searches', { name: 'x', filter: { domain: 'magic' } })).statusCode).toBe(400);
  });

  it('notify the owner of new matches they may read, once each; never of the others', async () => {
    await seizure('Seizure before the search was saved', ['KAZ', 'TJK']);
    const kazSearch = (
      await call('kaz', 'POST', '/api/saved-searches', {
        name: 'Narcotics at Termez',
        filter: { domain: 'narcotics', q: 'Termez seizure' },
      })
    ).json();
    expect(kazSearch.id).toBeTruthy();
    await call('tjk', 'POST', '/api/saved-searches', { name: 'TJK narcotics', filter: { domain: 'narcotics' } });
    expect(await checkSavedSearches(node.ctx)).toBe(0);

    await seizure('Termez seizure of opiates', ['KAZ']);
    const another = await seizure('Another Termez seizure', ['KAZ', 'TJK']);
    await seizure('Termez seizure still a draft', ['KAZ'], false);
    await seizure('Cannabis at the river', ['KAZ']); // does not match the text
    expect(await checkSavedSearches(node.ctx)).toBe(2); // one for KAZ, one for TJK
    const kaz = (await call('kaz', 'GET', '/api/notifications')).json();
    expect(kaz.unread).toBe(1);
    expect(kaz.items[0]).toMatchObject({ search: { id: kazSearch.id, name: 'Narcotics at Termez' }, count: 2, read: false });
    const tjk = (await call('tjk', 'GET', '/api/notifications')).json();
    expect(tjk.items[0].count).toBe(1); // the KAZ-only seizure is not counted for TJK

    // Nothing new: no new notification; an edit of an already reported incident is not new either.
    expect(await checkSavedSearches(node.ctx)).toBe(0);
    expect(
      (
        await node.app.http.inject({
          method: 'PATCH',
          url: `/api/incidents/${another}`,
          headers: { ...bearer(token.analyst!), ...anyVersion('PATCH') },
          payload: { narrative: 'Weighed: 12 kg.' },
        })
      ).statusCode,
    ).toBe(200);
    expect(await checkSavedSearches(node.ctx)).toBe(0);
    expect((await call('kaz', 'POST', '/api/notifications/read', {})).statusCode).toBe(200);
    expect((await call('kaz', 'GET', '/api/notifications')).json().unread).toBe(0);

    // Another user cannot delete or see it; the owner can.
    expect((await call('tjk', 'DELETE', `/api/saved-searches/${kazSearch.id}`)).statusCode).toBe(404);
    expect((await call('tjk', 'GET', '/api/saved-searches')).json().items.map((s: { name: string }) => s.name)).toEqual(['TJK narcotics']);
    expect((await call('kaz', 'DELETE', `/api/saved-searches/${kazSearch.id}`)).statusCode).toBe(200);
    expect((await call('kaz', 'GET', '/api/notifications')).json().items).toEqual([]);
  });
});
