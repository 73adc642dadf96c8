/**
 * The calendar: what a person may read that has a date, on screen (paged), as an .ics download
 * that calendar software parses, and through the person's own subscription address — which reads
 * what its person may read at each fetch, and nothing once revoked or replaced.
 */
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { label, makeNation, makeToken, makeUser } from '../kit/factories';
import { bearer, signIn, withSession } from '../kit/http';
import { startTestNode } from '../kit/test-node';
import type { MadeUser } from '../kit/factories';
import type { Session } from '../kit/http';
import type { TestNode } from '../kit/test-node';

let node: TestNode;
const users: Record<string, MadeUser> = {};
const token: Record<string, string> = {};
let kazSession: Session;
const DAY = 86_400_000;
const ids: string[] = [];

const call = (who: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
  node.app.http.inject({ method, url, headers: bearer(token[who]!), ...(payload ? { payload } : {}) });

/** The VEVENTs of an iCalendar text, as calendar software reads them. */
function parsed(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents('vevent').map((v) => {
    const event = new ICAL.Event(v);
    return {
      uid: event.uid,
      summary: event.summary,
      start: event.startDate.toJSDate().toISOString(),
      marking: v.getFirstPropertyValue('x-concord-marking'),
    };
  });
}

beforeAll(async () => {
  node = await startTestNode();
  users.pak = await makeUser(node.ctx, { nation: 'PAK', roles: ['dialogue-officer'] });
  users.kaz = await makeUser(node.ctx, { nation: 'KAZ', roles: ['delegation-head'] });
  users.tjk = await makeUser(node.ctx, { nation: 'TJK', roles: ['viewer'] });
  await makeNation(node.ctx, 'UZB');
  for (const [name, user] of Object.entries(users)) token[name] = await makeToken(node.ctx, user);
  kazSession = await signIn(node.app, users.kaz!.username);
  const base = Date.now() + 5 * DAY;
  for (const [i, invite] of [['KAZ'], ['UZB'], ['KAZ', 'UZB']].entries()) {
    const created = await call('pak', 'POST', '/api/meetings', {
      title: `Meeting ${i + 1}, with ${invite.join(' and ')}`,
      kind: 'working-group',
      venue: { online: true },
      timeZone: 'Asia/Karachi',
      startsAt: new Date(base + i * DAY).toISOString(),
      endsAt: new Date(base + i * DAY + 3_600_000).toISOString(),
      participants: invite,
      label: label({ classification: 'RESTRICTED', relTo: invite }),
    });
    expect(created.statusCode, created.body).toBe(201);
    ids.push(created.json().id);
  }
});
afterAll(() => node.close());

describe('the calendar', () => {
  it('lists what the reader may read, by start, a page at a time, within the window asked', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await call('kaz', 'GET', `/api/calendar?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.statusCode).toBe(200);
      seen.push(...page.json().items.map((e: { id: string }) => e.id));
      cursor = page.json().next;
    } while (cursor);
    expect(seen).toEqual([ids[0], ids[2]]);
    const from = new Date(Date.now() + 6.5 * DAY).toISOString();
    expect((await call('kaz', 'GET', `/api/calendar?from=${from}`)).json().items.map((e: { id: string }) => e.id)).toEqual([ids[2]]);
    expect((await call('tjk', 'GET', '/api/calendar')).json().items).toEqual([]);
  });

  it('downloads as iCalendar that parses, each event carrying its label', async () => {
    const response = await call('kaz', 'GET', '/api/calendar/download');
    expect(response.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const events = parsed(response.body);
    expect(events.map((e) => e.uid)).toEqual([`meeting-${ids[0]}@${node.ctx.node.nodeId}`, `meeting-${ids[2]}@${node.ctx.node.nodeId}`]);
    expect(events[0]!.marking).toBe('RESTRICTED//REL TO PAK, KAZ TLP:GREEN');
    expect(events[0]!.summary).toBe('[RESTRICTED//REL TO PAK, KAZ TLP:GREEN] Meeting 1, with KAZ');
    const json = await call('kaz', 'GET', '/api/calendar/download?format=json');
    expect(json.json().map((e: { id: string }) => e.id)).toEqual([ids[0], ids[2]]);
    const backwards = await call(
      'kaz',
      'GET',
      `/api/calendar/download?from=${new Date().toISOString()}&to=${new Date(Date.now() - DAY).toISOString()}`,
    );
    expect(backwards.statusCode).toBe(400);
  });
});

describe('a calendar subscription', () => {
  const feed = (method: 'GET' | 'POST' | 'DELETE') =>
    node.app.http.inject({ method, url: '/api/calendar/feed', headers: withSession(kazSession) });
  const fetchFeed = (url: string) => node.app.http.inject({ method: 'GET', url: new URL(url).pathname });

  it('is made with a session only, shown once, and reads what its person may read now', async () => {
    expect((await node.app.http.inject({ method: 'POST', url: '/api/calendar/feed', headers: bearer(token.kaz!) })).statusCode).toBe(403);
    expect((await feed('GET')).json()).toEqual({ feed: null });
    const made = await feed('POST');
    expect(made.statusCode).toBe(201);
    const url = made.json().url as string;
    expect(url).toMatch(/\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    const first = await fetchFeed(url);
    expect(first.statusCode).toBe(200);
    expect(first.headers['cache-control']).toBe('private, no-store');
    expect(parsed(first.body).map((e) => e.uid.split('@')[0])).toEqual([`meeting-${ids[0]}`, `meeting-${ids[2]}`]);
    expect((await feed('GET')).json().feed.lastReadAt).not.toBeNull();
    // The host narrows meeting 3 to UZB: it leaves KAZ's subscription at the next fetch.
    const narrowed = await call('pak', 'PATCH', `/api/meetings/${ids[2]}`, {
      participants: ['UZB'],
      label: label({ classification: 'RESTRICTED', relTo: ['UZB'] }),
    });
    expect(narrowed.statusCode, narrowed.body).toBe(200);
    expect(parsed((await fetchFeed(url)).body).map((e) => e.uid.split('@')[0])).toEqual([`meeting-${ids[0]}`]);
  });

  it('stops answering once replaced or revoked, as if it had never been', async () => {
    const old = (await feed('POST')).json().url as string;
    const current = (await feed('POST')).json().url as string;
    const never = `http://x/calendar/${'A'.repeat(43)}.ics`;
    const replaced = await fetchFeed(old);
    expect(replaced.statusCode).toBe(404);
    expect(replaced.body).toBe((await fetchFeed(never)).body);
    expect((await fetchFeed(current)).statusCode).toBe(200);
    expect((await feed('DELETE')).statusCode).toBe(200);
    expect((await fetchFeed(current)).statusCode).toBe(404);
    expect((await feed('DELETE')).statusCode).toBe(404);
  });
});
