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

const call = (who: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, ifMatch?: number) =>
  node.app.http.inject({
    method,
    url,
    headers: { ...bearer(token[who]!), ...(ifMatch !== undefined ? { 'if-match': `"${ifMatch}"` } : {}) },
    ...(payload ? { payload } : {}),
  });
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

  it('approves the content as well as the label: an edit after the first approval voids it', async () => {
    const id = await draft(['KAZ']);
    await call('first', 'POST', `/api/incidents/${id}/release`, {});
    const approved = (await call('analyst', 'GET', `/api/incidents/${id}`)).json();
    expect(approved.pendingRelease).toBeTruthy();
    const edited = await call(
      'analyst',
      'PATCH',
      `/api/incidents/${id}`,
      { title: 'Portal flooded — and the mail server' },
      approved.version,
    );
    expect(edited.statusCode, edited.body).toBe(200);
    expect('pendingRelease' in (await call('first', 'GET', `/api/incidents/${id}`)).json()).toBe(false);
    // The second officer's release is now a first approval of the edited content; KAZ still reads nothing.
    const second = await call('second', 'POST', `/api/incidents/${id}/release`, {});
    expect(second.json()).toMatchObject({ releaseState: 'draft', pendingRelease: { byMe: true } });
    expect((await call('kaz', 'GET', `/api/incidents/${id}`)).statusCode).toBe(404);
    const done = await call('first', 'POST', `/api/incidents/${id}/release`, {});
    expect(done.json()).toMatchObject({ releaseState: 'released', title: 'Portal flooded — and the mail server' });
    expect((await call('kaz', 'GET', `/api/incidents/${id}`)).json().title).toBe('Portal flooded — and the mail server');
  });
});
