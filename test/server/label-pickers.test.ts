/**
 * What label pickers offer obeys the rule: the audience preview counts who could read, and TLP:RED
 * candidates are only people the rest of the label lets in; naming one lets exactly them read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { label, makeCaveat, makeToken, makeUser } from '../kit/factories';
import { bearer } from '../kit/http';
import { startTestNode } from '../kit/test-node';
import type { MadeUser } from '../kit/factories';
import type { TestNode } from '../kit/test-node';

let node: TestNode;
let author: MadeUser;
let kazCleared: MadeUser;
let kazLow: MadeUser;
let tjk: MadeUser;
const token: Record<string, string> = {};

beforeAll(async () => {
  node = await startTestNode();
  await makeCaveat(node.ctx, 'CT');
  author = await makeUser(node.ctx, { nation: 'PAK', roles: ['analyst'], caveats: ['CT'], username: 'pak.author' });
  kazCleared = await makeUser(node.ctx, { nation: 'KAZ', clearance: 'SECRET', caveats: ['CT'], username: 'kaz.aigerim' });
  kazLow = await makeUser(node.ctx, { nation: 'KAZ', clearance: 'RESTRICTED', caveats: ['CT'], username: 'kaz.bolat' });
  tjk = await makeUser(node.ctx, { nation: 'TJK', clearance: 'SECRET', caveats: ['CT'], username: 'tjk.dilshod' });
  token.author = await makeToken(node.ctx, author);
  for (const [name, user] of Object.entries({ kazCleared, kazLow, tjk })) token[name] = await makeToken(node.ctx, user);
});
afterAll(() => node.close());

const call = (who: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  node.app.http.inject({ method, url, headers: bearer(token[who]!), ...(payload ? { payload } : {}) });

describe('TLP:RED recipients picker', () => {
  it('offers only people the rest of the label lets in, and naming one lets exactly them read', async () => {
    const base = label({ classification: 'CONFIDENTIAL', relTo: ['KAZ'], caveats: ['CT'], tlp: 'RED' });
    const offered = async (q: string) =>
      ((await call('author', 'POST', '/api/labels/red-recipients', { label: base, q })).json().items as { username: string }[]).map(
        (u) => u.username,
      );
    // KAZ at CONFIDENTIAL with CT: the cleared KAZ user; not the RESTRICTED one, not TJK (not released to).
    expect(await offered('kaz')).toEqual(['kaz.aigerim']);
    expect(await offered('dilshod')).toEqual([]);
    expect(await offered('')).toEqual(expect.arrayContaining(['kaz.aigerim', 'pak.author']));

    const note = await call('author', 'POST', '/api/notes', {
      title: 'For one reader',
      label: { ...base, recipients: { orgs: [], users: [kazCleared.id] } },
    });
    expect(note.statusCode, note.body).toBe(201);
    expect((await call('kazCleared', 'GET', `/api/notes/${note.json().id}`)).statusCode).toBe(200);
    expect((await call('kazLow', 'GET', `/api/notes/${note.json().id}`)).statusCode).toBe(404);
    expect((await call('tjk', 'GET', `/api/notes/${note.json().id}`)).statusCode).toBe(404);
    expect((await call('author', 'POST', '/api/labels/red-recipients', { label: { ...base, relTo: ['NOPE'] }, q: '' })).statusCode).toBe(
      400,
    );
  });
});
