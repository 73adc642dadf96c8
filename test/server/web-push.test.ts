import crypto from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ece from 'http_ece';
import { createDesk, setRoster } from '../../src/server/domain/hotline/desk-service';
import { sendDuePush } from '../../src/server/domain/push/web-push';
import { label, makeOrg, makeToken, makeUser } from '../kit/factories';
import { bearer } from '../kit/http';
import { startTestNode } from '../kit/test-node';
import type { AddressInfo } from 'node:net';
import type { MadeUser } from '../kit/factories';
import type { TestNode } from '../kit/test-node';

/**
 * Web Push against a push service this test runs on 127.0.0.1: hotline steps reach the browsers of
 * the people notified — encrypted for that browser, signed with the node's VAPID key, carrying a
 * line and a link — and nobody else's; a browser the push service calls gone is forgotten; a
 * refusal is retried later.
 */
let node: TestNode;
let pushService: http.Server;
let base = '';
const received: { path: string; headers: http.IncomingHttpHeaders; body: Buffer }[] = [];
const answerFor: Record<string, number> = {};
const users: Record<string, MadeUser> = {};
const token: Record<string, string> = {};

/** A browser: its push endpoint, its ECDH key pair and auth secret. */
function browser(path: string) {
  const ecdh = crypto.createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = crypto.randomBytes(16);
  return {
    ecdh,
    auth,
    subscription: {
      endpoint: `${base}${path}`,
      expirationTime: null,
      keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') },
    },
    decrypt: (body: Buffer) => JSON.parse(ece.decrypt(body, { version: 'aes128gcm', privateKey: ecdh, authSecret: auth }).toString('utf8')),
  };
}

beforeAll(async () => {
  pushService = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      received.push({ path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks) });
      response.writeHead(answerFor[request.url ?? ''] ?? 201).end();
    });
  });
  await new Promise<void>((resolve) => pushService.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(pushService.address() as AddressInfo).port}`;
  // The push service runs on 127.0.0.1: loopback allowed explicitly.
  node = await startTestNode('PAK', { CONCORD_WEB_PUSH: '1', CONCORD_OUTBOUND_ALLOW: 'loopback' });
  const kazOrg = await makeOrg(node.ctx, 'KAZ', 'KAZ border service');
  users.pak = await makeUser(node.ctx, { nation: 'PAK', roles: ['duty-officer'] });
  users.kazDuty = await makeUser(node.ctx, { nation: 'KAZ', org: kazOrg, roles: ['duty-officer'] });
  users.primary = await makeUser(node.ctx, { nation: 'KAZ', org: kazOrg, roles: ['analyst'] });
  users.lowPrimary = await makeUser(node.ctx, { nation: 'KAZ', org: kazOrg, roles: ['analyst'], clearance: 'UNCLASSIFIED' });
  for (const [name, user] of Object.entries(users)) token[name] = await makeToken(node.ctx, user);
});
afterAll(async () => {
  await node.close();
  await new Promise((resolve) => pushService.close(resolve));
});

const call = (who: string, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
  node.app.http.inject({ method, url, headers: bearer(token[who]!), ...(payload ? { payload } : {}) });

describe('Web Push', () => {
  it('carries a hotline step to the subscribed browsers of the people who may read the alert, and to nobody else', async () => {
    const key = (await call('primary', 'GET', '/api/push/key')).json();
    expect(key.enabled).toBe(true);
    expect(Buffer.from(key.publicKey, 'base64url')).toHaveLength(65);

    const laptop = browser('/push/primary-laptop');
    const gone = browser('/push/primary-old-phone');
    const low = browser('/push/low-clearance');
    answerFor['/push/primary-old-phone'] = 410;
    expect((await call('primary', 'POST', '/api/push/subscriptions', laptop.subscription)).statusCode).toBe(201);
    expect((await call('primary', 'POST', '/api/push/subscriptions', gone.subscription)).statusCode).toBe(201);
    expect((await call('lowPrimary', 'POST', '/api/push/subscriptions', low.subscription)).statusCode).toBe(201);
    const notPush = await call('primary', 'POST', '/api/push/subscriptions', {
      ...laptop.subscription,
      endpoint: 'http://example.org/push',
    });
    expect(notPush.statusCode).toBe(400);
    expect(notPush.json().error.message).toMatch(/https:\/\/ URL/);

    const kazDuty = users.kazDuty!.actor;
    const desk = await createDesk(node.ctx, kazDuty, 'KAZ border duty');
    await setRoster(node.ctx, kazDuty, desk.id, { primary: [users.primary!.id, users.lowPrimary!.id], deputy: [], headquarters: [] });
    const summary = 'Armed group crossing reported near the border post';
    const raised = await call('pak', 'POST', '/api/alerts', {
      severity: 'flash',
      summary,
      details: 'Twenty to thirty people.',
      label: label({ classification: 'RESTRICTED', relTo: ['KAZ'], tlp: 'GREEN' }),
      targetDesks: [desk.id],
      exercise: true,
    });
    expect(raised.statusCode).toBe(201);
    const alertId = raised.json().id as string;

    expect(await sendDuePush(node.ctx)).toBe(1);
    expect(received.map((r) => r.path).sort()).toEqual(['/push/primary-laptop', '/push/primary-old-phone']);
    const delivered = received.find((r) => r.path === '/push/primary-laptop')!;
    expect(delivered.headers['content-encoding']).toBe('aes128gcm');
    expect(delivered.headers.authorization).toMatch(/^vapid t=.+, k=/);
    expect(delivered.headers.ttl).toBe('3600');
    const message = laptop.decrypt(delivered.body);
    expect(message).toEqual({
      title: 'EXERCISE EXERCISE EXERCISE: Concord hotline',
      body: 'EXERCISE EXERCISE EXERCISE: FLASH alert for KAZ border duty (primary): acknowledge it.',
      url: `/alerts/${alertId}`,
    });
    expect(delivered.body.toString('latin1')).not.toContain('Armed group');

    // The browser its push service called gone is forgotten; nothing is left to send.
    const stored = await node.ctx.database.db.selectFrom('push_subscriptions').select('endpoint').execute();
    expect(stored.map((s) => s.endpoint).sort()).toEqual([laptop.subscription.endpoint, low.subscription.endpoint].sort());
    expect(await sendDuePush(node.ctx)).toBe(0);
  });

  it('retries a message the push service refused, later, and stops when the person unsubscribes', async () => {
    received.length = 0;
    const flaky = browser('/push/flaky');
    answerFor['/push/flaky'] = 503;
    expect((await call('kazDuty', 'POST', '/api/push/subscriptions', flaky.subscription)).statusCode).toBe(201);
    const desk = await createDesk(node.ctx, users.kazDuty!.actor, 'KAZ duty desk');
    await setRoster(node.ctx, users.kazDuty!.actor, desk.id, { primary: [users.kazDuty!.id], deputy: [], headquarters: [] });
    await call('pak', 'POST', '/api/alerts', {
      severity: 'priority',
      summary: 'Second alert',
      label: label({ relTo: ['KAZ'], tlp: 'GREEN' }),
      targetDesks: [desk.id],
    });
    expect(await sendDuePush(node.ctx)).toBe(0);
    expect(received).toHaveLength(1);
    expect(await sendDuePush(node.ctx)).toBe(0);
    expect(received).toHaveLength(1);
    const [row] = await node.ctx.database.db
      .selectFrom('push_outbox')
      .select(['attempts', 'last_error'])
      .where('sent_at', 'is', null)
      .execute();
    expect(row).toEqual({ attempts: 1, last_error: 'push service answered 503' });

    answerFor['/push/flaky'] = 201;
    node.clock.advance(60_000);
    expect(await sendDuePush(node.ctx)).toBe(1);
    expect(flaky.decrypt(received.at(-1)!.body).body).toBe('PRIORITY alert for KAZ duty desk (primary): acknowledge it.');

    const removed = await call('kazDuty', 'DELETE', `/api/push/subscriptions?endpoint=${encodeURIComponent(flaky.subscription.endpoint)}`);
    expect(removed.statusCode).toBe(200);
    expect(
      await node.ctx.database.db
        .selectFrom('push_subscriptions')
        .select('id')
        .where('endpoint', '=', flaky.subscription.endpoint)
        .execute(),
    ).toEqual([]);
  });

  it('is refused with a clear message on a node that does not send Web Push', async () => {
    const plain = await startTestNode('PAK');
    try {
      const user = await makeUser(plain.ctx, { nation: 'PAK' });
      const headers = bearer(await makeToken(plain.ctx, user));
      expect((await plain.app.http.inject({ method: 'GET', url: '/api/push/key', headers })).json()).toEqual({
        enabled: false,
        publicKey: null,
      });
      const refused = await plain.app.http.inject({
        method: 'POST',
        url: '/api/push/subscriptions',
        headers,
        payload: browser('/push/x').subscription,
      });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error.message).toMatch(/CONCORD_WEB_PUSH=1/);
    } finally {
      await plain.close();
    }
  });
});
