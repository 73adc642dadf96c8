import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRepository } from '../../src/server/db/repositories/audit-repository';
import { label, makeCaveat, makeCommunity, makeOrg, makeToken, makeUser } from '../kit/factories';
import { bearer } from '../kit/http';
import { startTestNode } from '../kit/test-node';
import type { MadeUser } from '../kit/factories';
import type { TestNode } from '../kit/test-node';

let node: TestNode;
let pakAnalyst: MadeUser;
let kazViewer: MadeUser;
let tjkViewer: MadeUser;
let tokens: Record<string, string>;

beforeAll(async () => {
  node = await startTestNode();
  const { ctx } = node;
  await makeCommunity(ctx, 'CENTRAL-ASIA', ['KAZ', 'TJK', 'UZB']);
  await makeCaveat(ctx, 'CT');
  pakAnalyst = await makeUser(ctx, { nation: 'PAK', roles: ['analyst'] });
  kazViewer = await makeUser(ctx, { nation: 'KAZ', roles: ['viewer'], clearance: 'CONFIDENTIAL' });
  tjkViewer = await makeUser(ctx, { nation: 'TJK', roles: ['viewer'], clearance: 'SECRET' });
  tokens = {
    pak: await makeToken(ctx, pakAnalyst),
    kaz: await makeToken(ctx, kazViewer),
    tjk: await makeToken(ctx, tjkViewer),
  };
});
afterAll(() => node.close());

const post = (token: string, payload: unknown) =>
  node.app.http.inject({ method: 'POST', url: '/api/notes', headers: bearer(token), payload: payload as object });
const get = (token: string, url: string) => node.app.http.inject({ method: 'GET', url, headers: bearer(token) });

describe('notes carry the releasability rule end to end', () => {
  it('a PAK note released to KAZ is read by KAZ and is a plain 404 for TJK', async () => {
    const created = await post(tokens.pak!, {
      title: 'Border movement',
      body: 'Details',
      label: label({ classification: 'RESTRICTED', relTo: ['KAZ'] }),
    });
    expect(created.statusCode).toBe(201);
    const note = created.json();
    expect(note.label.marking).toBe('RESTRICTED//REL TO PAK, KAZ TLP:GREEN');
    expect(note.label.originator.nation).toBe('PAK');

    const asKaz = await get(tokens.kaz!, `/api/notes/${note.id}`);
    expect(asKaz.statusCode).toBe(200);
    expect(asKaz.json().title).toBe('Border movement');
    expect(asKaz.json().can).toEqual({ recall: false });

    const asTjk = await get(tokens.tjk!, `/api/notes/${note.id}`);
    const missing = await get(tokens.tjk!, '/api/notes/00000000-0000-4000-8000-000000000000');
    expect(asTjk.statusCode).toBe(404);
    expect(asTjk.body).toBe(missing.body);

    const kazList = (await get(tokens.kaz!, '/api/notes')).json();
    expect(kazList.items.map((n: { id: string }) => n.id)).toContain(note.id);
    const tjkList = (await get(tokens.tjk!, '/api/notes')).json();
    expect(tjkList.items.map((n: { id: string }) => n.id)).not.toContain(note.id);
  });

  it('drops a stricter field group from the payload of readers outside it', async () => {
    const created = await post(tokens.pak!, {
      title: 'With sources',
      label: label({ relTo: ['KAZ', 'TJK'] }),
      sources: { text: 'Agent report B2', label: label({ classification: 'SECRET', relTo: ['KAZ'] }) },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    expect(created.json().sources.text).toBe('Agent report B2');
    const asKaz = (await get(tokens.kaz!, `/api/notes/${id}`)).json();
    expect('sources' in asKaz).toBe(false); // KAZ viewer is CONFIDENTIAL: the SECRET sources are absent
    const asTjk = (await get(tokens.tjk!, `/api/notes/${id}`)).json();
    expect('sources' in asTjk).toBe(false); // TJK is outside the field's relTo
    expect(asTjk.title).toBe('With sources');
  });

  it('rejects forged originators and foreign communities, and audits them as access-control failures', async () => {
    const forged = await post(tokens.pak!, { title: 'x', label: { ...label(), originator: { nation: 'KAZ', org: kazViewer.org } } });
    expect(forged.statusCode).toBe(400);
    expect(forged.json().error.message).toMatch(/originator/);
    const foreign = await post(tokens.pak!, { title: 'x', label: label({ relTo: ['CENTRAL-ASIA'] }) });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.issues[0].path).toBe('label.relTo');
    const recent = await auditRepository(node.ctx.database.db).latest(5);
    expect(recent.map((r) => `${r.action}:${r.outcome}`)).toEqual(expect.arrayContaining(['label.forged:denied', 'note.create:rejected']));
  });

  it("keeps the author's rights to the role: a viewer cannot create", async () => {
    const response = await post(tokens.kaz!, { title: 'x', label: label() });
    expect(response.statusCode).toBe(403);
    const [last] = await auditRepository(node.ctx.database.db).latest(1);
    expect(last).toMatchObject({ action: 'access.denied', outcome: 'denied', actor_id: kazViewer.id });
  });

  it('recalls a note: gone for the partner, still there for the originator', async () => {
    const releasing = await makeUser(node.ctx, { nation: 'PAK', org: pakAnalyst.org, roles: ['releasing-officer'] });
    const token = await makeToken(node.ctx, releasing);
    const id = (await post(tokens.pak!, { title: 'To recall', label: label({ relTo: ['KAZ'] }) })).json().id;
    expect((await get(tokens.kaz!, `/api/notes/${id}`)).statusCode).toBe(200);
    const denied = await node.app.http.inject({
      method: 'POST',
      url: `/api/notes/${id}/recall`,
      headers: bearer(tokens.pak!),
      payload: { reason: 'wrong' },
    });
    expect(denied.statusCode).toBe(403);
    const recalled = await node.app.http.inject({
      method: 'POST',
      url: `/api/notes/${id}/recall`,
      headers: bearer(token),
      payload: { reason: 'sent in error' },
    });
    expect(recalled.statusCode).toBe(200);
    expect(recalled.json().label.state).toBe('recalled');
    expect((await get(tokens.kaz!, `/api/notes/${id}`)).statusCode).toBe(404);
    expect((await get(tokens.pak!, `/api/notes/${id}`)).statusCode).toBe(200);
  });

  it('paginates with a stable cursor and rejects a bad one', async () => {
    const author = await makeUser(node.ctx, { nation: 'UZB', org: await makeOrg(node.ctx, 'UZB') });
    const token = await makeToken(node.ctx, author);
    for (let i = 0; i < 5; i++) {
      node.clock.advance(1_000);
      await post(token, { title: `n${i}`, label: label() });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { title: string }[]; next: string | null } = (
        await get(token, `/api/notes?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      seen.push(...page.items.map((n: { title: string }) => n.title));
      cursor = page.next;
    } while (cursor);
    expect(seen).toEqual(['n4', 'n3', 'n2', 'n1', 'n0']);
    const bad = await get(token, '/api/notes?cursor=garbage');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/cursor/);
  });
});
