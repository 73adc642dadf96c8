import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Database } from '../../src/server/db/database';
import { MIGRATIONS } from '../../src/server/db/migrations';
import { migrateToLatest } from '../../src/server/db/migrate';
import { auditRepository } from '../../src/server/db/repositories/audit-repository';
import { userRepository } from '../../src/server/db/repositories/user-repository';
import { currentTotp, newTotpSecret } from '../../src/server/domain/auth/totp';
import { sha256 } from '../../src/server/domain/auth/auth-service';
import { setUserDisabled } from '../../src/server/domain/users/user-service';
import { systemActor } from '../../src/server/domain/auth/actor';
import { TEST_PASSWORD, label, makeToken, makeUser } from '../kit/factories';
import { bearer, signIn, withSession } from '../kit/http';
import { startTestNode } from '../kit/test-node';
import type { TestNode } from '../kit/test-node';

/** Every password the node evaluates, in order: how many guesses a throttle let through. */
const evaluated = vi.hoisted(() => ({ passwords: [] as string[] }));
vi.mock('../../src/server/domain/auth/passwords', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/server/domain/auth/passwords')>();
  return {
    ...original,
    verifyPassword: (hash: string, password: string) => {
      evaluated.passwords.push(password);
      return original.verifyPassword(hash, password);
    },
  };
});

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

  it('answers a wrong password and an unknown user alike', async () => {
    const user = await makeUser(node.ctx);
    const unknown = await inject({ method: 'POST', url: '/api/session', payload: { username: 'nobody-here', password: 'x' } });
    const wrong = await inject({ method: 'POST', url: '/api/session', payload: { username: user.username, password: 'wrong' } });
    expect(unknown.statusCode).toBe(401);
    expect(wrong.body).toBe(unknown.body);
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
      payload: { name: 'siem', expiresInDays: 1, scopes: ['read'] },
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

describe('TOTP codes are accepted once', () => {
  it('refuses a code of the step last accepted, also when two sign-ins present it at once', async () => {
    const secret = newTotpSecret();
    const admin = await makeUser(node.ctx, { roles: ['node-admin'], totpSecret: secret });
    const attempt = (totp: string) =>
      inject({
        method: 'POST',
        url: '/api/session',
        remoteAddress: '10.1.0.1',
        payload: { username: admin.username, password: TEST_PASSWORD, totp },
      });
    const code = currentTotp(secret, node.clock.now());
    expect((await attempt(code)).statusCode).toBe(200);
    const replayed = await attempt(code);
    expect(replayed.statusCode).toBe(401);
    expect(replayed.json().error.message).toMatch(/already used/);

    // The next step's code: two sign-ins with it at once, one wins.
    node.clock.advance(30_000);
    const next = currentTotp(secret, node.clock.now());
    const both = await Promise.all([attempt(next), attempt(next)]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 401]);
  });
});

describe('sign-in throttling', () => {
  const post = (username: string, password: string, address: string, totp?: string) =>
    inject({ method: 'POST', url: '/api/session', remoteAddress: address, payload: { username, password, ...(totp ? { totp } : {}) } });
  const wrongCode = (secret: string) => (currentTotp(secret, node.clock.now()) === '000000' ? '111111' : '000000');

  it('evaluates at most 5 of 16 concurrent wrong guesses for one username', async () => {
    const user = await makeUser(node.ctx);
    evaluated.passwords.length = 0;
    const answers = await Promise.all(Array.from({ length: 16 }, (_, i) => post(user.username, `guess-${i}`, `10.2.0.${i}`)));
    expect(evaluated.passwords.filter((p) => p.startsWith('guess-'))).toHaveLength(5);
    expect(answers.filter((a) => a.statusCode === 401)).toHaveLength(5);
    expect(answers.filter((a) => a.statusCode === 429)).toHaveLength(11);
    // The right password waits out the window like everyone else (the account has no second factor).
    expect((await post(user.username, TEST_PASSWORD, '10.2.1.1')).statusCode).toBe(429);
    node.clock.advance(16 * 60_000);
    expect((await post(user.username, TEST_PASSWORD, '10.2.1.1')).statusCode).toBe(200);
  });

  it('answers and throttles an unknown username exactly as a known one, with the same work', async () => {
    const known = await makeUser(node.ctx);
    const unknown = `nobody-${known.username}`;
    for (let i = 0; i < 5; i++) {
      evaluated.passwords.length = 0;
      const a = await post(known.username, `wrong-${i}`, '10.3.0.1');
      const knownWork = evaluated.passwords.length;
      evaluated.passwords.length = 0;
      const b = await post(unknown, `wrong-${i}`, '10.3.0.2');
      expect(a.statusCode).toBe(401);
      expect(b.statusCode).toBe(401);
      expect(b.body).toBe(a.body);
      expect(evaluated.passwords.length).toBe(knownWork);
    }
    for (const password of ['wrong-again', TEST_PASSWORD]) {
      evaluated.passwords.length = 0;
      const a = await post(known.username, password, '10.3.0.1');
      const b = await post(unknown, password, '10.3.0.2');
      expect(a.statusCode).toBe(429);
      expect(b.statusCode).toBe(a.statusCode);
      expect(b.body).toBe(a.body);
      expect(b.headers['content-type']).toBe(a.headers['content-type']);
      expect(evaluated.passwords).toHaveLength(0);
    }
  });

  it('lets a node administrator in with password and TOTP code while someone guesses, and gives the guesser nothing', async () => {
    const secret = newTotpSecret();
    const admin = await makeUser(node.ctx, { roles: ['node-admin'], totpSecret: secret });
    for (let i = 0; i < 8; i++) await post(admin.username, `guess-${i}`, `10.4.0.${i}`, i % 2 ? wrongCode(secret) : undefined);
    evaluated.passwords.length = 0;
    // Past the limit: the right password without a code, or with a wrong one, is not even tried.
    expect((await post(admin.username, TEST_PASSWORD, '10.4.1.1')).statusCode).toBe(429);
    expect((await post(admin.username, TEST_PASSWORD, '10.4.1.1', wrongCode(secret))).statusCode).toBe(429);
    expect(evaluated.passwords).toHaveLength(0);
    const signedIn = await post(admin.username, TEST_PASSWORD, '10.4.2.1', currentTotp(secret, node.clock.now()));
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json().user.username).toBe(admin.username);
    // A guesser holding a valid code gets one password try for it, and the code is spent.
    node.clock.advance(30_000);
    const code = currentTotp(secret, node.clock.now());
    expect((await post(admin.username, 'guess-with-code', '10.4.3.1', code)).statusCode).toBe(429);
    expect((await post(admin.username, TEST_PASSWORD, '10.4.3.1', code)).statusCode).toBe(429);
  });

  it('audits every attempt, throttled ones included', async () => {
    const throttled = await startTestNode('PAK', { CONCORD_SIGN_IN_PER_MINUTE: '8' });
    try {
      const user = await makeUser(throttled.ctx);
      const answers: number[] = [];
      for (let i = 0; i < 10; i++)
        answers.push(
          (
            await throttled.app.http.inject({
              method: 'POST',
              url: '/api/session',
              remoteAddress: '10.5.0.1',
              payload: { username: i % 2 ? user.username : 'nobody-at-all', password: `guess-${i}` },
            })
          ).statusCode,
        );
      // 5 wrong per username would be allowed; the address is stopped after 8 attempts.
      expect(answers).toEqual([401, 401, 401, 401, 401, 401, 401, 401, 429, 429]);
      for (let i = 0; i < 3; i++)
        answers.push(
          (
            await throttled.app.http.inject({
              method: 'POST',
              url: '/api/session',
              remoteAddress: `10.5.1.${i}`,
              payload: { username: user.username, password: TEST_PASSWORD },
            })
          ).statusCode,
        );
      expect(answers.slice(10)).toEqual([200, 200, 200]);
      for (let i = 0; i < 4; i++)
        await throttled.app.http.inject({
          method: 'POST',
          url: '/api/session',
          remoteAddress: `10.5.2.${i}`,
          payload: { username: user.username, password: `more-${i}` },
        });
      const entries = (await auditRepository(throttled.ctx.database.db).latest(1_000, { action: 'auth.sign-in' })).map((r) => ({
        outcome: r.outcome,
        details: (typeof r.details === 'string' ? JSON.parse(r.details) : r.details) as { reason?: string },
      }));
      expect(entries).toHaveLength(10 + 3 + 4);
      const reasons = entries.map((e) => e.details.reason ?? e.outcome);
      expect(reasons.filter((r) => r === 'too many attempts from this address')).toHaveLength(2);
      expect(reasons.filter((r) => r === 'too many failed sign-ins for this username')).toHaveLength(3);
      expect(reasons.filter((r) => r === 'ok')).toHaveLength(3);
    } finally {
      await throttled.close();
    }
  });
});

describe('API token scopes', () => {
  it('lets a token call only routes of its scopes, and audits the refusals', async () => {
    const user = await makeUser(node.ctx);
    const read = await makeToken(node.ctx, user, ['read']);
    const write = await makeToken(node.ctx, user, ['write']);
    const taxii = await makeToken(node.ctx, user, ['taxii']);
    const note = { title: 'scoped', label: label() };
    expect((await inject({ method: 'GET', url: '/api/notes', headers: bearer(read) })).statusCode).toBe(200);
    const refused = await inject({ method: 'POST', url: '/api/notes', headers: bearer(read), payload: note });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toMatch(/write scope/);
    expect((await inject({ method: 'POST', url: '/api/notes', headers: bearer(write), payload: note })).statusCode).toBe(201);
    expect((await inject({ method: 'GET', url: '/api/notes', headers: bearer(write) })).statusCode).toBe(403);
    expect((await inject({ method: 'GET', url: '/taxii2/', headers: bearer(taxii) })).statusCode).toBe(200);
    expect((await inject({ method: 'GET', url: '/taxii2/', headers: bearer(read) })).statusCode).toBe(403);
    expect((await inject({ method: 'GET', url: '/api/notes', headers: bearer(taxii) })).statusCode).toBe(403);
    const denied = await auditRepository(node.ctx.database.db).latest(20, { action: 'access.denied' });
    expect(denied.filter((r) => r.actor_id === user.id && JSON.stringify(r.details).includes('TOKEN_SCOPE'))).toHaveLength(4);
  });

  it('keeps node administration to tokens with the admin scope', async () => {
    const admin = await makeUser(node.ctx, { roles: ['node-admin'], totpSecret: newTotpSecret() });
    const everyday = await makeToken(node.ctx, admin, ['read', 'write', 'taxii']);
    const administration = await makeToken(node.ctx, admin, ['admin']);
    for (const url of ['/api/users', '/api/peers', '/api/clearance-grants'])
      expect((await inject({ method: 'GET', url, headers: bearer(everyday) })).statusCode).toBe(403);
    for (const url of ['/api/users', '/api/peers', '/api/clearance-grants'])
      expect((await inject({ method: 'GET', url, headers: bearer(administration) })).statusCode).toBe(200);
  });

  it('never lets a token make or revoke tokens, whatever its scopes', async () => {
    const admin = await makeUser(node.ctx, { roles: ['node-admin'], totpSecret: newTotpSecret() });
    const token = await makeToken(node.ctx, admin, ['read', 'write', 'taxii', 'admin', 'metrics']);
    const minted = await inject({
      method: 'POST',
      url: '/api/tokens',
      headers: bearer(token),
      payload: { name: 'copy', expiresInDays: 365 },
    });
    // Refused before the body is even read.
    expect(minted.statusCode).toBe(403);
    const own = (await inject({ method: 'GET', url: '/api/tokens', headers: bearer(token) })).json().items as { id: string }[];
    expect(own).toHaveLength(1);
    expect((await inject({ method: 'DELETE', url: `/api/tokens/${own[0]!.id}`, headers: bearer(token) })).statusCode).toBe(403);
  });

  it('gives a person only scopes their account may use, and lists each token with its scopes', async () => {
    const analyst = await makeUser(node.ctx);
    const session = await signIn(node.app, analyst.username);
    for (const scopes of [['admin'], ['metrics'], []]) {
      const refused = await inject({ method: 'POST', url: '/api/tokens', headers: withSession(session), payload: { name: 'x', scopes } });
      expect(refused.statusCode).toBe(400);
    }
    const made = await inject({
      method: 'POST',
      url: '/api/tokens',
      headers: withSession(session),
      payload: { name: 'siem', scopes: ['taxii', 'read', 'taxii'] },
    });
    expect(made.statusCode).toBe(201);
    expect(made.json().scopes).toEqual(['read', 'taxii']);
    const listed = (await inject({ method: 'GET', url: '/api/tokens', headers: { cookie: session.cookie } })).json().items;
    expect(listed.map((t: { scopes: string[] }) => t.scopes)).toEqual([['read', 'taxii']]);
  });

  it('gives tokens made before scopes read, write and taxii', async () => {
    const names = Object.keys(MIGRATIONS);
    const before = names[names.indexOf('0027-account-safeguards') - 1]!;
    const database = await Database.openPGlite(null);
    try {
      const { Migrator } = await import('kysely');
      const migrator = new Migrator({ db: database.db, provider: { getMigrations: async () => MIGRATIONS } });
      expect((await migrator.migrateTo(before)).error).toBeUndefined();
      const db = database.db as unknown as import('kysely').Kysely<Record<string, Record<string, unknown>>>;
      await db.insertInto('nations').values({ code: 'PAK', name: 'Pakistan' }).execute();
      await db.insertInto('organisations').values({ id: 'o', nation: 'PAK', name: 'Org', client_of: null }).execute();
      await db
        .insertInto('users')
        .values({ id: 'u', username: 'u', display_name: 'U', org_id: 'o', roles: ['analyst'], clearance: 'SECRET', password_hash: 'x' })
        .execute();
      const at = new Date();
      await db
        .insertInto('api_tokens')
        .values({ id: 't', user_id: 'u', name: 'old', token_hash: 'h', created_at: at, expires_at: at, revoked_at: null })
        .execute();
      await migrateToLatest(database);
      const row = await database.db.selectFrom('api_tokens').select('scopes').where('id', '=', 't').executeTakeFirstOrThrow();
      expect(row.scopes).toEqual(['read', 'write', 'taxii']);
    } finally {
      await database.close();
    }
  }, 60_000);
});

describe('HTTP Basic for TAXII clients', () => {
  const basic = (username: string, password: string) => ({
    authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
  });

  it('takes a user name with an API token of the taxii scope as the password, under /taxii2/ only', async () => {
    const user = await makeUser(node.ctx);
    const taxii = await makeToken(node.ctx, user, ['taxii']);
    const ok = await inject({ method: 'GET', url: '/taxii2/', headers: basic(user.username, taxii) });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().api_roots).toHaveLength(1);
    // Anywhere else Basic is refused, as a bad token is.
    expect((await inject({ method: 'GET', url: '/api/me', headers: basic(user.username, taxii) })).statusCode).toBe(401);
    expect((await inject({ method: 'GET', url: '/api/me', headers: bearer(taxii) })).statusCode).toBe(403);
  });

  it('answers a wrong user name, a revoked or expired token, a token without the taxii scope and an account password exactly like a bad bearer token, and audits each', async () => {
    const user = await makeUser(node.ctx);
    const other = await makeUser(node.ctx);
    const taxii = await makeToken(node.ctx, user, ['taxii']);
    const readOnly = await makeToken(node.ctx, user, ['read']);
    const revoked = await makeToken(node.ctx, user, ['taxii']);
    await node.ctx.database.db
      .updateTable('api_tokens')
      .set({ revoked_at: new Date() })
      .where('token_hash', '=', sha256(revoked))
      .execute();
    const before = evaluated.passwords.length;
    const badBearer = await inject({ method: 'GET', url: '/taxii2/', headers: bearer('cnd_not-a-token') });
    expect(badBearer.statusCode).toBe(401);
    expect(badBearer.headers['www-authenticate']).toEqual(expect.arrayContaining([expect.stringMatching(/^Basic /)]));
    const attempts = [
      basic(other.username, taxii), // another person's name with this token
      basic('nobody-by-this-name', taxii), // a name no account has
      basic(user.username, revoked),
      basic(user.username, readOnly),
      basic(user.username, TEST_PASSWORD), // the account password
      basic('nobody-by-this-name', TEST_PASSWORD),
      { authorization: 'Basic not base64!' },
    ];
    for (const headers of attempts) {
      const answer = await inject({ method: 'GET', url: '/taxii2/', headers });
      expect(answer.statusCode).toBe(401);
      expect(answer.body).toBe(badBearer.body);
      expect(answer.headers['content-type']).toBe(badBearer.headers['content-type']);
      expect(answer.headers['www-authenticate']).toEqual(badBearer.headers['www-authenticate']);
    }
    // No account password is ever evaluated, so Basic neither guesses passwords nor counts against a username.
    expect(evaluated.passwords.length).toBe(before);
    expect(
      (await inject({ method: 'POST', url: '/api/session', payload: { username: user.username, password: TEST_PASSWORD } })).statusCode,
    ).toBe(200);
    const audited = (await auditRepository(node.ctx.database.db).latest(20, { action: 'auth.token' })).filter(
      (r) => (r.details as { scheme?: string }).scheme === 'basic',
    );
    expect(audited.length).toBeGreaterThanOrEqual(attempts.length);
    expect(audited.map((r) => (r.details as { reason: string }).reason)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/user name/),
        expect.stringMatching(/taxii scope/),
        expect.stringMatching(/not an API token/),
      ]),
    );
    // An expired token: the same answer.
    node.clock.advance(2 * 86_400_000);
    const expired = await inject({ method: 'GET', url: '/taxii2/', headers: basic(user.username, taxii) });
    expect(expired.statusCode).toBe(401);
    expect(expired.body).toBe(badBearer.body);
  });
});
