import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { label, makeNation, makeOrg, makeToken, makeUser } from '../kit/factories';
import { bearer } from '../kit/http';
import { startTestNode } from '../kit/test-node';
import type { TestNode } from '../kit/test-node';

let node: TestNode;
const token: Record<string, string> = {};
beforeAll(async () => {
  node = await startTestNode('PAK', { CONCORD_SECOND_APPROVER: 'beyond-nation,AMBER+STRICT' });
  const org = await makeOrg(node.ctx, 'PAK', 'PAK intel');
  token.analyst = await makeToken(node.ctx, await makeUser(node.ctx, { org, roles: ['analyst'] }));
  token.first = await makeToken(node.ctx, await makeUser(node.ctx, { org, roles: ['releasing-officer'] }));
  token.second = await makeToken(node.ctx, await makeUser(node.ctx, { org, roles: ['releasing-officer'] }));
  token.kaz = await makeToken(node.ctx, await makeUser(node.ctx, { nation: 'KAZ', roles: ['viewer'] }));
  await makeNation(node.ctx, 'UZB');
});
afterAll(() => node.close());

const call = (who: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  node.app.http.inject({ method, url, headers: bearer(token[who]!), ...(payload ? { payload } : {}) });
const draft = async (relTo: string[]) =>
  (
    await call('analyst', 'POST', '/api/incidents', {
      domain: 'cyber',
      subtype: 'ddos',
      title: 'Portal flooded',
      occurredAt: '2026-11-01T10:00:00Z',
      timePrecision: 'day',
      place: { country: 'PAK', precision: 'country' },
      label: label({ relTo }),
    })
  ).json().id as string;

describe('a second releasing officer', () => {
  it('is required for a release beyond the nation: the first approval waits, the same officer cannot approve twice', async () => {
    const id = await draft(['KAZ']);
    const first = await call('first', 'POST', `/api/incidents/${id}/release`, {});
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      releaseState: 'draft',
      pendingRelease: { byMe: true, label: { marking: 'UNCLASSIFIED//REL TO PAK, KAZ TLP:GREEN' } },
    });
    expect((await call('kaz', 'GET', `/api/incidents/${id}`)).statusCode).toBe(404);
    expect((await call('first', 'POST', `/api/incidents/${id}/release`, {})).statusCode).toBe(409);
    const asSecond = (await call('second', 'GET', `/api/incidents/${id}`)).json();
    expect(asSecond.pendingRelease.byMe).toBe(false);
    const second = await call('second', 'POST', `/api/incidents/${id}/release`, {});
    expect(second.json()).toMatchObject({ releaseState: 'released', version: 2 });
    expect('pendingRelease' in second.json()).toBe(false);
    expect((await call('kaz', 'GET', `/api/incidents/${id}`)).statusCode).toBe(200);
  });

  it('is not required for a release inside the nation', async () => {
    const id = await draft([]);
    expect((await call('first', 'POST', `/api/incidents/${id}/release`, {})).json().releaseState).toBe('released');
  });

  it('starts over when the second officer proposes another label', async () => {
    const id = await draft(['KAZ']);
    await call('first', 'POST', `/api/incidents/${id}/release`, {});
    const other = await call('second', 'POST', `/api/incidents/${id}/release`, { label: label({ relTo: ['KAZ', 'UZB'] }) });
    expect(other.json()).toMatchObject({ releaseState: 'draft', pendingRelease: { byMe: true } });
    const done = await call('first', 'POST', `/api/incidents/${id}/release`, { label: label({ relTo: ['KAZ', 'UZB'] }) });
    expect(done.json().label.marking).toBe('UNCLASSIFIED//REL TO PAK, KAZ, UZB TLP:GREEN');
  });
});
