import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintNodeToken } from '../../src/server/domain/federation/node-token';
import { encodePublicKey } from '../../src/server/domain/node/node-keys';
import { makeNation, makeToken, makeUser } from '../kit/factories';
import { bearer } from '../kit/http';
import { freePort } from '../kit/free-port';
import { startTestNode } from '../kit/test-node';
import type { TestNode } from '../kit/test-node';

/**
 * Two nodes (PAK and KAZ), each with its own database, listening on 127.0.0.1: their
 * administrators exchange invites; each pins the other's key; a check calls the other with a signed
 * node token and only a pinned, fresh, unused token for the right audience is accepted.
 */
const nodes: Record<'pak' | 'kaz', { node: TestNode; url: string; admin: string; analyst: string }> = {} as never;

beforeAll(async () => {
  for (const [key, nation, partner] of [
    ['pak', 'PAK', 'KAZ'],
    ['kaz', 'KAZ', 'PAK'],
  ] as const) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const node = await startTestNode(nation, { CONCORD_PUBLIC_URL: url, CONCORD_OUTBOUND_ALLOW: 'loopback' });
    await makeNation(node.ctx, partner);
    await node.app.http.listen({ port, host: '127.0.0.1' });
    const admin = await makeToken(node.ctx, await makeUser(node.ctx, { nation, roles: ['node-admin'] }), ['read', 'write', 'admin']);
    const analyst = await makeToken(node.ctx, await makeUser(node.ctx, { nation, roles: ['analyst'] }));
    nodes[key] = { node, url, admin, analyst };
  }
});
afterAll(async () => {
  for (const { node } of Object.values(nodes)) await node.close();
});

const call = (at: 'pak' | 'kaz', method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object, who: 'admin' | 'analyst' = 'admin') =>
  nodes[at].node.app.http.inject({ method, url, headers: bearer(nodes[at][who]), ...(payload ? { payload } : {}) });

const hello = (at: 'pak' | 'kaz', token: string) =>
  fetch(`${nodes[at].url}/federation/v1/hello`, { headers: { authorization: `Bearer ${token}` } });

describe('peers', () => {
  let kazInvite = '';
  let pakNodeId = '';
  let kazNodeId = '';

  it('are added by node administrators from invites, pinned to their keys', async () => {
    expect((await call('kaz', 'GET', '/api/node/invite', undefined, 'analyst')).statusCode).toBe(403);
    const invite = (await call('kaz', 'GET', '/api/node/invite')).json();
    kazInvite = invite.invite;
    kazNodeId = invite.nodeId;
    pakNodeId = nodes.pak.node.ctx.node.nodeId;
    expect(invite).toMatchObject({ nation: 'KAZ', url: nodes.kaz.url, publicKey: nodes.kaz.node.ctx.node.publicKey });

    expect((await call('pak', 'POST', '/api/peers', { invite: kazInvite }, 'analyst')).statusCode).toBe(403);
    const own = await call('pak', 'POST', '/api/peers', { invite: (await call('pak', 'GET', '/api/node/invite')).json().invite });
    expect(own.statusCode).toBe(400);
    expect(own.json().error.message).toMatch(/own invite/);
    const damaged = await call('pak', 'POST', '/api/peers', { invite: kazInvite.slice(0, -3) + 'AAA' });
    expect(damaged.statusCode).toBe(400);

    const added = await call('pak', 'POST', '/api/peers', { invite: kazInvite });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ nodeId: kazNodeId, nation: 'KAZ', url: nodes.kaz.url, lastContactAt: null, lastError: null });
    expect((await call('pak', 'POST', '/api/peers', { invite: kazInvite })).statusCode).toBe(409);
    expect((await call('pak', 'GET', '/api/peers')).json().items.map((p: { nodeId: string }) => p.nodeId)).toEqual([kazNodeId]);
  });

  it('answer a check only once both sides have pinned each other', async () => {
    const oneSided = (await call('pak', 'POST', `/api/peers/${kazNodeId}/check`)).json();
    expect(oneSided.lastContactAt).toBeNull();
    expect(oneSided.lastError.message).toMatch(/refused: 401 .*unknown node/);

    const pakInvite = (await call('pak', 'GET', '/api/node/invite')).json().invite;
    expect((await call('kaz', 'POST', '/api/peers', { invite: pakInvite })).statusCode).toBe(201);
    const checked = (await call('pak', 'POST', `/api/peers/${kazNodeId}/check`)).json();
    expect(checked.lastError).toBeNull();
    expect(checked.lastContactAt).not.toBeNull();
    // KAZ saw PAK's verified call too.
    const atKaz = (await call('kaz', 'GET', '/api/peers')).json().items[0];
    expect(atKaz).toMatchObject({ nodeId: pakNodeId, nation: 'PAK' });
    expect(atKaz.lastContactAt).not.toBeNull();
  });

  it('accept a node token once, fresh, for their own id, signed by the pinned key — nothing else', async () => {
    const pak = nodes.pak.node.ctx;
    const token = await mintNodeToken(pak.node, kazNodeId, new Date(), crypto.randomUUID());
    const first = await hello('kaz', token);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ nodeId: kazNodeId, nation: 'KAZ' });
    const replayed = await hello('kaz', token);
    expect(replayed.status).toBe(401);
    expect((await replayed.json()).error.message).toMatch(/already used/);

    const stale = await mintNodeToken(pak.node, kazNodeId, new Date(Date.now() - 120_000), crypto.randomUUID());
    expect((await (await hello('kaz', stale)).json()).error.message).toMatch(/expired/);
    const elsewhere = await mintNodeToken(pak.node, crypto.randomUUID(), new Date(), crypto.randomUUID());
    expect((await (await hello('kaz', elsewhere)).json()).error.message).toMatch(/not valid/);

    // Someone with another key claiming to be the PAK node.
    const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
    const impostor = { ...pak.node, publicKey: encodePublicKey(publicKey), privateKey };
    const forged = await mintNodeToken(impostor, kazNodeId, new Date(), crypto.randomUUID());
    expect((await hello('kaz', forged)).status).toBe(401);
    expect((await hello('kaz', 'not-a-token')).status).toBe(401);
    // A person's API token is not a node token.
    expect((await hello('kaz', nodes.kaz.admin)).status).toBe(401);
    const refusals = await nodes.kaz.node.ctx.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'auth.node')
      .execute();
    expect(refusals.length).toBeGreaterThanOrEqual(5);
  });

  it('are removed by node administrators; a removed peer is refused', async () => {
    expect((await call('kaz', 'DELETE', `/api/peers/${pakNodeId}`)).statusCode).toBe(200);
    expect((await call('kaz', 'DELETE', `/api/peers/${pakNodeId}`)).statusCode).toBe(404);
    const checked = (await call('pak', 'POST', `/api/peers/${kazNodeId}/check`)).json();
    expect(checked.lastError.message).toMatch(/unknown node/);
    const audit = await nodes.kaz.node.ctx.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'in', ['peer.add', 'peer.remove'])
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['peer.add', 'peer.remove']);
  });
});
