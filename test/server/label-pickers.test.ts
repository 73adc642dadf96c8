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
  it("offers own-nation people the rest of the label lets in, and other nations' people by name only; naming one lets exactly them read", async () => {
    await makeCaveat(node.ctx, 'NARC');
    const base = label({ classification: 'CONFIDENTIAL', relTo: ['KAZ'], caveats: ['CT'], tlp: 'RED' });
    const offered = async (q: string, over: object = {}) =>
      (
        (await call('author', 'POST', '/api/labels/red-recipients', { label: { ...base, ...over }, q })).json().items as {
          displayName: string;
          username?: string;
        }[]
      ).map((u) => u.displayName);
    // Other nations: found by at least three letters of a name, whatever their clearance; never by account name.
    // (Test accounts' display names are their usernames.)
    expect(await offered('aigerim')).toEqual(['kaz.aigerim']);
    expect(await offered('bolat')).toEqual(['kaz.bolat']);
    expect(await offered('ka')).toEqual([]);
    // TJK is not released to: nobody of it is offered.
    expect(await offered('dilshod')).toEqual([]);
    // The own nation: only those the rest of the label lets in.
    expect(await offered('pak.author')).toEqual(['pak.author']);
    expect(await offered('pak.author', { caveats: ['CT', 'NARC'] })).toEqual([]);

    const note = await call('author', 'POST', '/api/notes', {
      title: 'For one reader',
      label: { ...base, recipients: { orgs: [], users: [kazCleared.id] } },
    });
    expect(note.statusCode, note.body).toBe(201);
    expect((await call('kazCleared', 'GET', `/api/notes/${note.json().id}`)).statusCode).toBe(200);
    expect((await call('author', 'GET', `/api/notes/${note.json().id}`)).statusCode).toBe(200);
    expect((await call('kazLow', 'GET', `/api/notes/${note.json().id}`)).statusCode).toBe(404);
    expect((await call('tjk', 'GET', `/api/notes/${note.json().id}`)).statusCode).toBe(404);
    expect((await call('author', 'POST', '/api/labels/red-recipients', { label: { ...base, relTo: ['NOPE'] }, q: '' })).statusCode).toBe(
      400,
    );
  });

  it("never sorts another nation's staff by clearance or caveat: the answer is the same whatever the label's level and caveats", async () => {
    const answers = new Set<string>();
    for (const classification of ['UNCLASSIFIED', 'RESTRICTED', 'CONFIDENTIAL', 'SECRET'] as const)
      for (const caveats of [[], ['CT']]) {
        const q = 'kaz.';
        const response = await call('author', 'POST', '/api/labels/red-recipients', {
          label: label({ classification, relTo: ['KAZ'], caveats, tlp: 'RED' }),
          q,
        });
        answers.add(JSON.stringify(response.json().items.filter((u: { nation: string }) => u.nation === 'KAZ')));
      }
    expect(answers.size).toBe(1);
  });
});

describe('audience preview', () => {
  it("counts the writer's own nation and names the others without a count that would show their clearances", async () => {
    const preview = async (over: object) =>
      (await call('author', 'POST', '/api/labels/preview', { label: label({ relTo: ['KAZ'], ...over }) })).json();
    const low = await preview({ classification: 'RESTRICTED' });
    const high = await preview({ classification: 'SECRET', caveats: ['CT'] });
    expect(low.nations).toEqual([{ code: 'PAK', users: expect.any(Number) }, { code: 'KAZ' }]);
    expect(high.nations.filter((n: { code: string }) => n.code !== 'PAK')).toEqual(
      low.nations.filter((n: { code: string }) => n.code !== 'PAK'),
    );
    expect(high.organisations.filter((o: { nation: string }) => o.nation === 'KAZ')).toEqual([]);
    // Named organisations of another nation are shown as named; its people are not counted.
    const amber = await preview({ tlp: 'AMBER', recipients: { orgs: [kazCleared.org], users: [] } });
    expect(amber.nations).toEqual([{ code: 'PAK', users: expect.any(Number) }, { code: 'KAZ' }]);
    expect(amber.organisations.map((o: { id: string }) => o.id)).toContain(kazCleared.org);
  });
});
