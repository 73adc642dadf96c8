import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRepository } from '../../src/server/db/repositories/audit-repository';
import { userRepository } from '../../src/server/db/repositories/user-repository';
import { currentTotp, newTotpSecret } from '../../src/server/domain/auth/totp';
import { setUserDisabled } from '../../src/server/domain/users/user-service';
import { systemActor } from '../../src/server/domain/auth/actor';
import { TEST_PASSWORD, label, makeToken, makeUser } from '../kit/factories';
import { bearer, signIn, withSession } from '../kit/http';
import { startTestNode } from '../kit/test-node';
import type { TestNode } from '../kit/test-node';

let node: TestNode;
beforeAll(async () => {
  node = await startTestNode();
});
afterAll(() => node.close());

import type { InjectOptions } from 'fastify';
const inject = (options: InjectOptions) => node.app.http.inject(options);

describe('sessions', () => {
  it('signs in with an HttpOnly, SameSite=Strict cookie, rotates it and destroys it at sign-out', async () => {
    const user = await makeUser(node.ctx);
    const first = await inject({ method: 'POST', url: '/api/session', payload: { username: user.username, password: TEST_PASSWORD } });
    expect(first.statusCode).toBe(200);
    const header = String(first.headers['set-cookie']);
    expect(header).toMatch(/HttpOnly/);
    expect(header).toMatch(/SameSite=Strict/);
    const cookie = first.cookies[0]!.value;
    const second = await inject({
      method: 'POST',
      url: '/api/session',
      cookies: { concord_session: cookie },
      payload: { username: user.username, password: TEST_PASSWORD },
    });
    const rotated = second.cookies[0]!.value;
    expect(rotated).not.toBe(cookie);
    expect((await inject({ method: 'GET', url: '/api/session', cookies: { concord_session: cookie } })).statusCode).toBe(401);
    const session = { cookie: `concord_session=${rotated}`, csrf: second.json().csrfToken };
    expect((await inject({ method: 'GET', url: '/api/session', headers: { cookie: session.cookie } })).json().user.username).toBe(
      user.username,
    );
    expect((await inject({ method: 'DELETE', url: '/api/session', headers: withSession(session) })).statusCode).toBe(200);
    expect((await inject({ method: 'GET', url: '/api/session', headers: { cookie: session.cookie } })).statusCode).toBe(401);
  });

  it('requires the CSRF header for cookie-authenticated writes', async () => {
    const user = await makeUser(node.ctx);
    const session = await signIn(node.app, user.username);
    const without = await inject({
      method: 'POST',
      url: '/api/notes',
      headers: { cookie: session.cookie },
      payload: { title: 't', label: label() },
    });
    expect(without.statusCode).toBe(403);
    expect(without.json().error.code).toBe('CSRF_FAILED');
    const withHeader = await inject({
      method: 'POST',
      url: '/api/notes',
      headers: withSession(session),
      payload: { title: 't', label: label() },
    });
    expect(withHeader.statusCode).toBe(201);
  });

  it('answers a wrong password and an unknown user alike, and locks an account after 5 failures', async () => {
    const user = await makeUser(node.ctx);
    const unknown = await inject({ method: 'POST', url: '/api/session', payload: { username: 'nobody-here', password: 'x' } });
    const wrong = await inject({ method: 'POST', url: '/api/session', payload: { username: user.username, password: 'wrong' } });
    expect(unknown.statusCode).toBe(401);
    expect(wrong.body).toBe(unknown.body);
    for (let i = 0; i < 4; i++)
      await inject({ method: 'POST', url: '/api/session', payload: { username: user.username, password: 'wrong' } });
    const locked = await inject({ method: 'POST', url: '/api/session', payload: { username: user.username, password: TEST_PASSWORD } });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.message).toMatch(/locked/);
    node.clock.advance(16 * 60_000);
    expect(
      (await inject({ method: 'POST', url: '/api/session', payload: { username: user.username, password: TEST_PASSWORD } })).statusCode,
    ).toBe(200);
    const denied = await auditRepository(node.ctx.database.db).latest(50, { action: 'auth.sign-in' });
    expect(denied.filter((r) => r.outcome === 'denied' && r.target_id === user.id)).toHaveLength(5);
  });

  it('requires a TOTP code from node administrators', async () => {
    const secret = newTotpSecret();
    const admin = await makeUser(node.ctx, { roles: ['node-admin'], totpSecret: secret });
    const noCode = await inject({ method: 'POST', url: '/api/session', payload: { username: admin.username, password: TEST_PASSWORD } });
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json().error.code).toBe('TOTP_REQUIRED');
    const badCode = await inject({
      method: 'POST',
      url: '/api/session',
      payload: {
        username: admin.username,
        password: TEST_PASSWORD,
        totp: '000000' === currentTotp(secret, node.clock.now()) ? '111111' : '000000',
      },
    });
    expect(badCode.statusCode).toBe(401);
    const ok = await inject({
      method: 'POST',
      url: '/api/session',
      payload: { username: admin.username, password: TEST_PASSWORD, totp: currentTotp(secret, node.clock.now()) },
    });
    expect(ok.statusCode).toBe(200);
    const noSecret = await makeUser(node.ctx, { roles: ['node-admin'] });
    expect(
      (await inject({ method: 'POST', url: '/api/session', payload: { username: noSecret.username, password: TEST_PASSWORD } })).statusCode,
    ).toBe(403);
  });
});

describe('API tokens and immediate revocation', () => {
  it('works until revoked, and is stored only as a hash', async () => {
    const user = await makeUser(node.ctx);
    const session = await signIn(node.app, user.username);
    const created = await inject({
      method: 'POST',
      url: '/api/tokens',
      headers: withSession(session),
      payload: { name: 'siem', expiresInDays: 1 },
    });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json();
    expect((await inject({ method: 'GET', url: '/api/me', headers: bearer(token) })).statusCode).toBe(200);
    const listed = (await inject({ method: 'GET', url: '/api/tokens', headers: bearer(token) })).json();
    expect(JSON.stringify(listed)).not.toContain(token);
    expect((await inject({ method: 'DELETE', url: `/api/tokens/${id}`, headers: withSession(session) })).statusCode).toBe(200);
    expect((await inject({ method: 'GET', url: '/api/me', headers: bearer(token) })).statusCode).toBe(401);
  });

  it('stops an expired token', async () => {
    const user = await makeUser(node.ctx);
    const token = await makeToken(node.ctx, user);
    node.clock.advance(2 * 86_400_000);
    expect((await inject({ method: 'GET', url: '/api/me', headers: bearer(token) })).statusCode).toBe(401);
  });

  it('decides the next request on the new facts after a user is disabled or their clearance lowered', async () => {
    const author = await makeUser(node.ctx, { nation: 'PAK' });
    const reader = await makeUser(node.ctx, { nation: 'PAK', clearance: 'SECRET' });
    const authorToken = await makeToken(node.ctx, author);
    const session = await signIn(node.app, reader.username);
    const id = (
      await inject({
        method: 'POST',
        url: '/api/notes',
        headers: bearer(authorToken),
        payload: { title: 's', label: label({ classification: 'SECRET' }) },
      })
    ).json().id;
    expect((await inject({ method: 'GET', url: `/api/notes/${id}`, headers: { cookie: session.cookie } })).statusCode).toBe(200);
    await node.ctx.database.db.updateTable('users').set({ clearance: 'RESTRICTED' }).where('id', '=', reader.id).execute();
    expect((await inject({ method: 'GET', url: `/api/notes/${id}`, headers: { cookie: session.cookie } })).statusCode).toBe(404);
    await setUserDisabled(node.ctx, systemActor('test'), reader.username, true);
    expect((await inject({ method: 'GET', url: '/api/me', headers: { cookie: session.cookie } })).statusCode).toBe(401);
    expect((await userRepository(node.ctx.database.db).findById(reader.id))?.disabled_at).not.toBeNull();
  });
});

describe('per-address sign-in throttle', () => {
  it('answers 429 after 20 attempts a minute from one address, whatever the account', async () => {
    const throttled = await startTestNode();
    try {
      const codes: number[] = [];
      for (let i = 0; i < 21; i++) {
        const response = await throttled.app.http.inject({
          method: 'POST',
          url: '/api/session',
          remoteAddress: '10.9.8.7',
          payload: { username: `nobody-${i}`, password: 'x' },
        });
        codes.push(response.statusCode);
      }
      expect(codes.slice(0, 20).every((c) => c === 401)).toBe(true);
      expect(codes[20]).toBe(429);
      const other = await throttled.app.http.inject({
        method: 'POST',
        url: '/api/session',
        remoteAddress: '10.9.8.6',
        payload: { username: 'nobody', password: 'x' },
      });
      expect(other.statusCode).toBe(401);
    } finally {
      await throttled.close();
    }
  });
});
