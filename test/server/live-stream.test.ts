import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app';
import { createToken, revokeToken } from '../../src/server/domain/auth/auth-service';
import { systemActor } from '../../src/server/domain/auth/actor';
import { createDesk } from '../../src/server/domain/hotline/desk-service';
import { userRepository } from '../../src/server/db/repositories/user-repository';
import { label, makeOrg, makeToken, makeUser } from '../kit/factories';
import { signIn, withSession } from '../kit/http';
import { startTestNode } from '../kit/test-node';
import type { AddressInfo } from 'node:net';
import type { App } from '../../src/server/app';
import type { MadeUser } from '../kit/factories';
import type { TestNode } from '../kit/test-node';

/**
 * The live stream over real HTTP: each event is checked against its reader when sent; a nation
 * outside a label gets nothing of the record; a second app process over the same database streams
 * what the first one wrote; a resumed stream replays what it missed.
 */
interface StreamEvent {
  id: string;
  kind: string;
  recordId: string;
  change: string;
}

const EVENT_ID = /^[A-Za-z0-9_-]{60}$/;

/** `credential`: an API token, or a session cookie (`{ cookie }`). */
function openStream(baseUrl: string, credential: string | { cookie: string }, lastEventId?: string) {
  const events: StreamEvent[] = [];
  const blocks: string[] = [];
  const waiters: (() => void)[] = [];
  let buffer = '';
  let endedAt: number | null = null;
  let refused: { status: number; body: { error: { code: string; message: string } } } | null = null;
  const request = http.get(
    `${baseUrl}/api/stream`,
    {
      headers: {
        ...(typeof credential === 'string' ? { authorization: `Bearer ${credential}` } : { cookie: credential.cookie }),
        accept: 'text/event-stream',
        ...(lastEventId !== undefined ? { 'last-event-id': lastEventId } : {}),
      },
    },
    (response) => {
      response.setEncoding('utf8');
      response.on('end', () => {
        endedAt = Date.now();
        if (response.statusCode !== 200) refused = { status: response.statusCode ?? 0, body: JSON.parse(buffer) };
        waiters.splice(0).forEach((w) => w());
      });
      response.on('data', (chunk: string) => {
        buffer += chunk;
        if (response.statusCode !== 200) return;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          blocks.push(block);
          const id = /^id: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (id && data) {
            const parsed = JSON.parse(data) as { kind: string; id: string; change: string };
            events.push({ id, kind: parsed.kind, recordId: parsed.id, change: parsed.change });
          }
          waiters.splice(0).forEach((w) => w());
        }
      });
    },
  );
  const opened = new Promise<void>((resolve) => waiters.push(resolve));
  return {
    events,
    /** Every block received, events and comments alike, in order. */
    blocks,
    opened,
    refused: () => refused,
    /** The id given when the stream opened. */
    openId: () => /^id: (.*)$/m.exec(blocks[0] ?? '')?.[1],
    /** The last id the server gave (with an event, when the stream opened, or with a heartbeat). */
    lastId: () =>
      blocks
        .map((b) => /^id: (.*)$/m.exec(b)?.[1])
        .filter((id) => id !== undefined)
        .at(-1),
    async waitFor(predicate: (e: StreamEvent) => boolean, timeoutMs = 10_000): Promise<StreamEvent> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = events.find(predicate);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no such event; got ${JSON.stringify(events)}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
    },
    close: () => request.destroy(),
    endedAt: () => endedAt,
  };
}

let node: TestNode;
let second: App;
const urls: string[] = [];
const users: Record<string, MadeUser> = {};
const token: Record<string, string> = {};
let deskId = '';

async function listen(app: App): Promise<string> {
  await app.http.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.http.server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  node = await startTestNode();
  const { ctx } = node;
  const kazOrg = await makeOrg(ctx, 'KAZ', 'KAZ border service');
  users.pak = await makeUser(ctx, { nation: 'PAK', roles: ['duty-officer'] });
  users.kaz = await makeUser(ctx, { nation: 'KAZ', org: kazOrg, roles: ['duty-officer'] });
  users.tjk = await makeUser(ctx, { nation: 'TJK', roles: ['duty-officer', 'analyst'] });
  for (const [name, user] of Object.entries(users)) token[name] = await makeToken(ctx, user);
  deskId = (await createDesk(ctx, users.kaz.actor, 'KAZ border duty')).id;
  // A second app process over the same database: its own context, its own live feed.
  second = await buildApp({ ...ctx });
  urls.push(await listen(node.app), await listen(second));
});
afterAll(async () => {
  await second.http.close();
  await node.close();
});

const post = (who: string, url: string, payload: object) =>
  fetch(`${urls[0]}${url}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token[who]}`, 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  }).then(async (r) => ({ status: r.status, json: (await r.json()) as { id: string } }));

/** A note TJK may read: once TJK's stream has it, anything TJK could have been sent before it has arrived. */
async function sentinelFor(stream: ReturnType<typeof openStream>) {
  const note = await post('tjk', '/api/notes', { title: 'sentinel', body: '', label: label({ relTo: ['TJK'] }) });
  await stream.waitFor((e) => e.kind === 'note' && e.recordId === note.json.id);
}

describe('the live stream', () => {
  it('sends each reader the changes it may read, from any process, and nothing to a nation outside the label', async () => {
    const kaz = openStream(urls[1]!, token.kaz!); // on the second process
    const pak = openStream(urls[0]!, token.pak!);
    const tjk = openStream(urls[0]!, token.tjk!);
    await Promise.all([kaz.opened, pak.opened, tjk.opened]);

    const raised = await post('pak', '/api/alerts', {
      severity: 'flash',
      summary: 'Armed group crossing',
      label: label({ classification: 'RESTRICTED', relTo: ['KAZ'] }),
      targetDesks: [deskId],
    });
    expect(raised.status).toBe(201);
    const alertId = raised.json.id;
    const atKaz = await kaz.waitFor((e) => e.kind === 'alert' && e.recordId === alertId);
    expect(atKaz.change).toBe('raise');
    await pak.waitFor((e) => e.kind === 'alert' && e.recordId === alertId);

    const acknowledged = await post('kaz', `/api/alerts/${alertId}/acknowledge`, { deskId });
    expect(acknowledged.status).toBe(200);
    await pak.waitFor((e) => e.kind === 'alert-response' && e.change === 'acknowledge');

    await sentinelFor(tjk);
    expect(tjk.events.filter((e) => e.kind !== 'note')).toEqual([]);
    expect(JSON.stringify(tjk.events)).not.toContain(alertId);

    // Resumed from the id given when it opened, before the alert, a stream replays it.
    const resumed = openStream(urls[0]!, token.kaz!, kaz.openId());
    await resumed.waitFor((e) => e.kind === 'alert' && e.recordId === alertId);
    for (const stream of [kaz, pak, tjk, resumed]) stream.close();
  });

  it('ends a disabled person’s stream within about a second', async () => {
    const viewer = await makeUser(node.ctx, { nation: 'KAZ', roles: ['viewer'] });
    const stream = openStream(urls[0]!, await makeToken(node.ctx, viewer));
    await stream.opened;
    const disabledAt = Date.now();
    await userRepository(node.ctx.database.db).setDisabled(viewer.id, new Date());
    await expect.poll(() => stream.endedAt(), { timeout: 5_000, interval: 100 }).not.toBeNull();
    expect(stream.endedAt()! - disabledAt).toBeLessThan(2_500);
  });

  it('ends a stream when the API token it was opened with is revoked or its session signs out, and keeps the person’s other streams', async () => {
    const viewer = await makeUser(node.ctx, { nation: 'KAZ', roles: ['viewer'] });
    const first = await createToken(node.ctx, systemActor('test'), viewer.id, { name: 'first', expiresInDays: 1, scopes: ['read'] });
    const second = await createToken(node.ctx, systemActor('test'), viewer.id, { name: 'second', expiresInDays: 1, scopes: ['read'] });
    const revoked = openStream(urls[0]!, first.token);
    const kept = openStream(urls[0]!, second.token);
    await Promise.all([revoked.opened, kept.opened]);
    await revokeToken(node.ctx, systemActor('test'), first.id);
    await expect.poll(() => revoked.endedAt(), { timeout: 5_000, interval: 100 }).not.toBeNull();
    const session = await signIn(node.app, viewer.username);
    const signedIn = openStream(urls[0]!, { cookie: session.cookie });
    await signedIn.opened;
    const signedOut = await node.app.http.inject({ method: 'DELETE', url: '/api/session', headers: withSession(session) });
    expect(signedOut.statusCode).toBeLessThan(300);
    await expect.poll(() => signedIn.endedAt(), { timeout: 5_000, interval: 100 }).not.toBeNull();
    // The next refreshes leave the other stream open.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(kept.endedAt()).toBeNull();
    kept.close();
  });

  it('gives each reader opaque event ids of its own, which resume no one else’s stream, and opens with no global number', async () => {
    const pak = openStream(urls[0]!, token.pak!);
    const kaz = openStream(urls[1]!, token.kaz!);
    const tjk = openStream(urls[0]!, token.tjk!);
    await Promise.all([pak.opened, kaz.opened, tjk.opened]);
    for (const stream of [pak, kaz, tjk]) expect(stream.blocks[0]).toMatch(/^retry: 3000\nid: [A-Za-z0-9_-]{60}\n: stream open$/);
    const tjkOpenedAt = tjk.openId()!;

    // Many changes TJK may not read, then one change PAK and KAZ both read.
    for (let i = 0; i < 25; i++)
      expect((await post('pak', '/api/notes', { title: `Hidden ${i}`, body: '', label: label() })).status).toBe(201);
    const raised = await post('pak', '/api/alerts', {
      severity: 'flash',
      summary: 'Second crossing',
      label: label({ classification: 'RESTRICTED', relTo: ['KAZ'] }),
      targetDesks: [deskId],
    });
    const [atPak, atKaz] = await Promise.all(
      [pak, kaz].map((stream) => stream.waitFor((e) => e.kind === 'alert' && e.recordId === raised.json.id)),
    );
    expect(atPak!.id).toMatch(EVENT_ID);
    expect(atKaz!.id).toMatch(EVENT_ID);
    expect(atPak!.id).not.toBe(atKaz!.id);
    // TJK's next event id looks like the one it opened with: nothing in it counts the changes in between.
    await sentinelFor(tjk);
    const atTjk = tjk.events.at(-1)!;
    expect(atTjk.id).toMatch(EVENT_ID);
    expect(atTjk.id.length).toBe(tjkOpenedAt.length);

    // An id given to PAK opens no stream for KAZ.
    const borrowed = openStream(urls[0]!, token.kaz!, atPak!.id);
    await expect.poll(() => borrowed.refused(), { timeout: 5_000, interval: 50 }).not.toBeNull();
    expect(borrowed.refused()).toMatchObject({ status: 400, body: { error: { message: expect.stringMatching(/Last-Event-ID/) } } });
    // KAZ's own id resumes on either process.
    const resumed = openStream(urls[0]!, token.kaz!, atKaz!.id);
    await resumed.opened;
    expect(resumed.refused()).toBeNull();
    for (const stream of [pak, kaz, tjk, resumed]) stream.close();
  });

  it('resumes only within the resume window; beyond it the client is told to reload', async () => {
    const kaz = openStream(urls[0]!, token.kaz!);
    await kaz.opened;
    const id = kaz.lastId()!;
    kaz.close();
    const soon = openStream(urls[0]!, token.kaz!, id);
    await soon.opened;
    expect(soon.refused()).toBeNull();
    soon.close();
    node.clock.advance(11 * 60_000);
    const late = openStream(urls[0]!, token.kaz!, id);
    await expect.poll(() => late.refused(), { timeout: 5_000, interval: 50 }).not.toBeNull();
    expect(late.refused()).toMatchObject({
      status: 410,
      body: { error: { code: 'RELOAD_REQUIRED', message: expect.stringMatching(/reload .* open the stream again without Last-Event-ID/) } },
    });
  });
});
