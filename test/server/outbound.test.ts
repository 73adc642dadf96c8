/**
 * The outbound guard: a node reaches only public addresses unless its administrator allows more.
 * Servers this test runs on 127.0.0.1 stand in for targets inside the node's networks; one on
 * 127.0.0.2, allowed by a network allowance, stands in for a public server. Whatever the port —
 * open, closed, silent — a refused target answers the same "Could not reach HOST.", and the
 * target never sees a connection.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeInvite } from '../../src/server/domain/federation/invite';
import { pullFrom } from '../../src/server/domain/federation/pull';
import { encodePublicKey } from '../../src/server/domain/node/node-keys';
import { outboundRequest, settleOutboundAudits } from '../../src/server/domain/outbound/outbound-request';
import { label, makeNation, makeToken, makeUser } from '../kit/factories';
import { freePort } from '../kit/free-port';
import { bearer } from '../kit/http';
import { startTestNode } from '../kit/test-node';
import type { AddressInfo } from 'node:net';
import type { NodeIdentity } from '../../src/server/domain/node/node-keys';
import type { TestNode } from '../kit/test-node';

let target: http.Server;
let hop: http.Server;
let targetConnections = 0;
let open = 0;
let closed = 0;
let hopBase = '';
let strict: TestNode;
let allowing: TestNode;
const tokens: Record<string, string> = {};

const collection = { id: 'threats', title: 'Threats', can_read: true, can_write: false };

beforeAll(async () => {
  // A server inside the node's own networks: it must never be reached.
  target = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/taxii+json;version=2.1' }).end(JSON.stringify(collection));
  });
  target.on('connection', () => targetConnections++);
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  open = (target.address() as AddressInfo).port;
  closed = await freePort();
  // A "public" server, reached through an allowance of its address alone; it redirects inwards.
  hop = http.createServer((req, res) => {
    const path = req.url ?? '/';
    const redirect = (to: string) => res.writeHead(302, { location: to }).end();
    if (path.startsWith('/to-open/')) return redirect(`http://127.0.0.1:${open}/api1/collections/threats/`);
    if (path.startsWith('/to-closed/')) return redirect(`http://127.0.0.1:${closed}/api1/collections/threats/`);
    if (path.startsWith('/to-localhost/')) return redirect(`http://localhost:${open}/api1/collections/threats/`);
    if (path.startsWith('/to-metadata/')) return redirect('http://169.254.169.254/latest/meta-data/');
    if (path.startsWith('/around/')) return redirect(`${hopBase}/api1/collections/threats/`);
    if (path === '/big') return res.writeHead(200, { 'content-type': 'application/json' }).end(`"${'x'.repeat(100_000)}"`);
    if (path === '/silent') return; // never answers
    if (path === '/api1/collections/threats/')
      return res.writeHead(200, { 'content-type': 'application/taxii+json;version=2.1' }).end(JSON.stringify(collection));
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => hop.listen(0, '127.0.0.2', resolve));
  hopBase = `http://127.0.0.2:${(hop.address() as AddressInfo).port}`;

  strict = await startTestNode('PAK');
  allowing = await startTestNode('PAK', { CONCORD_OUTBOUND_ALLOW: '127.0.0.2/32' });
  for (const [name, node] of [
    ['strict', strict],
    ['allowing', allowing],
  ] as const) {
    tokens[`${name}Officer`] = await makeToken(node.ctx, await makeUser(node.ctx, { nation: 'PAK', roles: ['releasing-officer'] }));
    tokens[`${name}Admin`] = await makeToken(node.ctx, await makeUser(node.ctx, { nation: 'PAK', roles: ['node-admin'] }), [
      'read',
      'admin',
      'metrics',
    ]);
  }
});
afterAll(async () => {
  await strict.close();
  await allowing.close();
  for (const server of [target, hop]) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A releasing officer subscribing `node` to a feed at `apiRoot`: the collection is read first. */
async function subscribe(node: TestNode, who: string, apiRoot: string) {
  const answer = await node.app.http.inject({
    method: 'POST',
    url: '/api/taxii-feeds',
    headers: bearer(tokens[who]!),
    payload: { name: 'Feed', apiRoot, collectionId: 'threats', defaultLabel: label() },
  });
  return { status: answer.statusCode, message: answer.json().error?.message as string | undefined };
}

const outboundAudit = (node: TestNode) =>
  node.ctx.database.db
    .selectFrom('audit_log')
    .select(['actor', 'outcome', 'details'])
    .where('action', '=', 'outbound.request')
    .orderBy('seq')
    .execute();

describe('outbound requests without an allowance', () => {
  it('refuse this machine, by address or by a name resolving to it, with the same answer whether the port is open or closed', async () => {
    const answers = {
      open: await subscribe(strict, 'strictOfficer', `http://127.0.0.1:${open}/api1/`),
      closed: await subscribe(strict, 'strictOfficer', `http://127.0.0.1:${closed}/api1/`),
      nameOpen: await subscribe(strict, 'strictOfficer', `http://localhost:${open}/api1/`),
      nameClosed: await subscribe(strict, 'strictOfficer', `http://localhost:${closed}/api1/`),
    };
    for (const answer of Object.values(answers)) expect(answer.status).toBe(400);
    expect(answers.open.message).toMatch(/^The collection could not be read: Could not reach 127\.0\.0\.1\. Check the API root/);
    expect(answers.closed.message).toBe(answers.open.message);
    expect(answers.nameOpen.message).toMatch(/Could not reach localhost\./);
    expect(answers.nameClosed.message).toBe(answers.nameOpen.message);
    expect(targetConnections).toBe(0);
    expect(
      (await strict.app.http.inject({ method: 'GET', url: '/api/taxii-feeds', headers: bearer(tokens.strictOfficer!) })).json().items,
    ).toEqual([]);
  });

  it('refuse private and link-local addresses the same way, and audit every attempt in the name of the person who made it', async () => {
    const metadata = await subscribe(strict, 'strictOfficer', 'http://169.254.169.254/api1/');
    const privateNet = await subscribe(strict, 'strictOfficer', 'http://10.0.0.1/api1/');
    expect(metadata).toEqual({ status: 400, message: expect.stringMatching(/Could not reach 169\.254\.169\.254\./) });
    expect(privateNet).toEqual({ status: 400, message: expect.stringMatching(/Could not reach 10\.0\.0\.1\./) });
    const entries = await outboundAudit(strict);
    expect(entries).toHaveLength(6);
    expect(entries.every((e) => e.outcome === 'denied' && e.actor.startsWith('user-'))).toBe(true);
    const loopback = expect.stringMatching(/^refused: (127\.0\.0\.1|::1) is a loopback address$/);
    expect(entries.map((e) => (e.details as { result: string }).result)).toEqual([
      loopback,
      loopback,
      loopback,
      loopback,
      'refused: 169.254.169.254 is a link-local address',
      'refused: 10.0.0.1 is a private address',
    ]);
  });

  it('refuse a peer at such an address; a peer named by a host name is checked at each call, counted, and its refusal audited once', async () => {
    await makeNation(strict.ctx, 'KAZ');
    const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
    const kaz = { nodeId: crypto.randomUUID(), nation: 'KAZ', publicKey: encodePublicKey(publicKey), privateKey } as NodeIdentity;
    const add = (invite: string) =>
      strict.app.http.inject({ method: 'POST', url: '/api/peers', headers: bearer(tokens.strictAdmin!), payload: { invite } });
    const literal = await add(await makeInvite(kaz, `http://127.0.0.1:${open}`));
    expect(literal.statusCode).toBe(400);
    expect(literal.json().error.message).toMatch(/127\.0\.0\.1 is a loopback address, which this node does not reach/);

    const named = await add(await makeInvite(kaz, `http://localhost:${open}`));
    expect(named.statusCode, named.body).toBe(201);
    for (let i = 0; i < 3; i++) await expect(pullFrom(strict.ctx, kaz.nodeId)).rejects.toThrow('Could not reach localhost.');
    await settleOutboundAudits(strict.ctx.config);
    expect(targetConnections).toBe(0);
    const peer = (await strict.app.http.inject({ method: 'GET', url: '/api/peers', headers: bearer(tokens.strictAdmin!) })).json().items[0];
    expect(peer.lastError.message).toBe('pull: Could not reach localhost.');
    const routine = (await outboundAudit(strict)).filter((e) => e.actor === 'system:outbound');
    expect(routine).toEqual([
      {
        actor: 'system:outbound',
        outcome: 'denied',
        details: {
          purpose: 'peer.pull',
          host: `localhost:${open}`,
          result: expect.stringMatching(/^refused: (127\.0\.0\.1|::1) is a loopback address$/),
        },
      },
    ]);
    const metrics = (await strict.app.http.inject({ method: 'GET', url: '/metrics', headers: bearer(tokens.strictAdmin!) })).body;
    expect(metrics).toContain('concord_outbound_requests_total{purpose="peer.pull",outcome="refused"} 3');
    expect(metrics).toContain('concord_outbound_requests_total{purpose="peer.add",outcome="refused"} 1');
  });
});

describe('outbound requests with an allowance of one address', () => {
  it('reach the allowed address, and follow its redirects only where each hop is allowed too', async () => {
    // Allowed, and a redirect within it: followed.
    expect((await subscribe(allowing, 'allowingOfficer', `${hopBase}/api1/`)).status).toBe(201);
    expect((await subscribe(allowing, 'allowingOfficer', `${hopBase}/around/`)).status).toBe(201);
    // A redirect inwards: refused, the same answer whether the port it points at is open or closed.
    const toOpen = await subscribe(allowing, 'allowingOfficer', `${hopBase}/to-open/`);
    const toClosed = await subscribe(allowing, 'allowingOfficer', `${hopBase}/to-closed/`);
    expect(toOpen.status).toBe(400);
    expect(toOpen.message).toMatch(/Could not reach 127\.0\.0\.1\./);
    expect(toClosed).toEqual(toOpen);
    expect((await subscribe(allowing, 'allowingOfficer', `${hopBase}/to-localhost/`)).message).toMatch(/Could not reach localhost\./);
    expect((await subscribe(allowing, 'allowingOfficer', `${hopBase}/to-metadata/`)).message).toMatch(
      /Could not reach 169\.254\.169\.254\./,
    );
    expect(targetConnections).toBe(0);
    // Still loopback, but not the allowed address.
    expect((await subscribe(allowing, 'allowingOfficer', `http://127.0.0.1:${open}/api1/`)).message).toMatch(
      /Could not reach 127\.0\.0\.1\./,
    );
  });

  it('answer a closed port and a silent server alike, and stop at the size limit', async () => {
    const closedHere = await freePort();
    const attempt = (path: string, options: { timeoutMs?: number; maxBytes?: number } = {}) =>
      outboundRequest(allowing.ctx, {
        purpose: 'taxii.poll',
        url: `${path.startsWith('http') ? '' : hopBase}${path}`,
        timeoutMs: options.timeoutMs ?? 5_000,
        maxBytes: options.maxBytes ?? 1024 * 1024,
      }).then(
        () => 'answered',
        (error: Error) => error.message,
      );
    const closedPort = await attempt(`http://127.0.0.2:${closedHere}/`);
    const silent = await attempt('/silent', { timeoutMs: 300 });
    expect(closedPort).toBe('Could not reach 127.0.0.2.');
    expect(silent).toBe(closedPort);
    expect(await attempt('/big', { maxBytes: 10_000 })).toBe('The answer from 127.0.0.2 is larger than 10 KiB.');
    expect(await attempt('/big')).toBe('answered');
    // Without an allowance of redirects, a redirect is the answer, not followed.
    const redirect = await outboundRequest(allowing.ctx, {
      purpose: 'peer.hello',
      url: `${hopBase}/to-open/`,
      timeoutMs: 5_000,
      maxBytes: 1024,
    });
    expect(redirect.status).toBe(302);
    expect(targetConnections).toBe(0);
  });
});
