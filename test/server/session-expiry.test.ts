/**
 * When a session ends (docs/decisions/0027): after the idle limit unless the person stays signed
 * in, and at its absolute end however often they do; GET /api/session says when, so the web app
 * can warn before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRepository } from '../../src/server/db/repositories/audit-repository';
import { makeToken, makeUser } from '../kit/factories';
import { bearer, signIn, withSession } from '../kit/http';
import { startTestNode } from '../kit/test-node';
import type { Session } from '../kit/http';
import type { TestNode } from '../kit/test-node';

const MINUTE = 60_000;
let node: TestNode;
beforeAll(async () => {
  node = await startTestNode('PAK', { CONCORD_SESSION_IDLE_MINUTES: '30', CONCORD_SESSION_HOURS: '1' });
});
afterAll(() => node.close());

const read = (session: Session) => node.app.http.inject({ method: 'GET', url: '/api/session', headers: { cookie: session.cookie } });
const stay = (session: Session) => node.app.http.inject({ method: 'POST', url: '/api/session/refresh', headers: withSession(session) });
/** The test clock runs on from real time: "about" is within the few seconds a test's requests take. */
const about = (iso: string, ms: number) => expect(Math.abs(Date.parse(iso) - ms)).toBeLessThan(5_000);

describe('session expiry', () => {
  it('ends a session the idle limit after sign-in, and says so ahead', async () => {
    const user = await makeUser(node.ctx);
    const session = await signIn(node.app, user.username);
    const answer = await read(session);
    expect(answer.statusCode).toBe(200);
    const times = answer.json().session as { expiresAt: string; endsAt: string; idleMinutes: number; now: string };
    expect(times.idleMinutes).toBe(30);
    about(times.expiresAt, Date.parse(times.now) + 30 * MINUTE);
    about(times.endsAt, Date.parse(times.now) + 60 * MINUTE);

    node.clock.advance(29 * MINUTE);
    expect((await read(session)).statusCode).toBe(200);
    node.clock.advance(2 * MINUTE);
    expect((await read(session)).statusCode).toBe(401);
    expect((await stay(session)).statusCode).toBe(401);
  });

  it('moves the end on when the person stays signed in, audited, but never past the absolute end', async () => {
    const user = await makeUser(node.ctx);
    const session = await signIn(node.app, user.username);
    const { endsAt } = (await read(session)).json().session as { endsAt: string };

    node.clock.advance(25 * MINUTE);
    const stayed = await stay(session);
    expect(stayed.statusCode).toBe(200);
    about(stayed.json().session.expiresAt, node.clock.now().getTime() + 30 * MINUTE);
    const audited = await auditRepository(node.ctx.database.db).latest(10, { action: 'auth.session-extend' });
    expect(audited.filter((entry) => entry.actor_id === user.id)).toHaveLength(1);

    // Past the first idle end, alive: the extension held.
    node.clock.advance(25 * MINUTE);
    expect((await read(session)).statusCode).toBe(200);

    // Fifty minutes in, an extension reaches only the absolute end (an hour after sign-in).
    const last = await stay(session);
    expect(last.statusCode).toBe(200);
    const times = last.json().session as { expiresAt: string; endsAt: string };
    expect(times.endsAt).toBe(endsAt);
    expect(times.expiresAt).toBe(endsAt);

    node.clock.advance(9 * MINUTE);
    expect((await stay(session)).json().session.expiresAt).toBe(endsAt);
    node.clock.advance(2 * MINUTE);
    expect((await read(session)).statusCode).toBe(401);
    expect((await stay(session)).statusCode).toBe(401);
  });

  it('takes the extension only from the signed-in person: not from an API token, not without the CSRF token', async () => {
    const user = await makeUser(node.ctx);
    const session = await signIn(node.app, user.username);
    const token = await makeToken(node.ctx, user, ['read', 'write']);
    const byToken = await node.app.http.inject({ method: 'POST', url: '/api/session/refresh', headers: bearer(token) });
    expect(byToken.statusCode).toBe(403);
    const withoutCsrf = await node.app.http.inject({ method: 'POST', url: '/api/session/refresh', headers: { cookie: session.cookie } });
    expect(withoutCsrf.statusCode).toBe(403);
    expect(withoutCsrf.json().error.code).toBe('CSRF_FAILED');
  });

  it('without an idle limit, a session lasts until its absolute end and an extension changes nothing', async () => {
    const unlimited = await startTestNode('PAK', { CONCORD_SESSION_HOURS: '2' });
    try {
      const user = await makeUser(unlimited.ctx);
      const session = await signIn(unlimited.app, user.username);
      const times = (await unlimited.app.http.inject({ method: 'GET', url: '/api/session', headers: { cookie: session.cookie } })).json()
        .session as { expiresAt: string; endsAt: string; idleMinutes: number | null };
      expect(times.idleMinutes).toBeNull();
      expect(times.expiresAt).toBe(times.endsAt);
      unlimited.clock.advance(119 * MINUTE);
      const stayed = await unlimited.app.http.inject({ method: 'POST', url: '/api/session/refresh', headers: withSession(session) });
      expect(stayed.json().session.expiresAt).toBe(times.endsAt);
      unlimited.clock.advance(2 * MINUTE);
      expect(
        (await unlimited.app.http.inject({ method: 'GET', url: '/api/session', headers: { cookie: session.cookie } })).statusCode,
      ).toBe(401);
    } finally {
      await unlimited.close();
    }
  });
});
