/** Accounts: nobody grants a clearance or caveat they do not hold, and SECRET needs a second administrator. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRepository } from '../../src/server/db/repositories/audit-repository';
import { systemActor } from '../../src/server/domain/auth/actor';
import { newTotpSecret } from '../../src/server/domain/auth/totp';
import { addUser } from '../../src/server/domain/users/user-service';
import { TEST_PASSWORD, makeCaveat, makeOrg, makeToken, makeUser } from '../kit/factories';
import { bearer } from '../kit/http';
import { startTestNode } from '../kit/test-node';
import type { InjectOptions } from 'fastify';
import type { Classification } from '../../src/shared/vocab/levels';
import type { TestNode } from '../kit/test-node';

let node: TestNode;
let org: string;
beforeAll(async () => {
  node = await startTestNode();
  org = await makeOrg(node.ctx, 'PAK');
  for (const caveat of ['CT', 'NARC']) await makeCaveat(node.ctx, caveat);
});
afterAll(() => node.close());

const inject = (options: InjectOptions) => node.app.http.inject(options);

/** A node administrator of PAK, calling through an API token with the admin scope. */
async function administrator(clearance: Classification, caveats: string[] = []) {
  const user = await makeUser(node.ctx, { nation: 'PAK', org, roles: ['node-admin'], clearance, caveats, totpSecret: newTotpSecret() });
  return { ...user, headers: bearer(await makeToken(node.ctx, user, ['admin'])) };
}

let counter = 0;
const newAccount = (clearance: Classification, caveats: string[] = []) => ({
  username: `pak.account-${++counter}`,
  displayName: 'An account',
  org,
  roles: ['analyst'],
  clearance,
  caveats,
  password: TEST_PASSWORD,
});

const entries = async (action: string) =>
  (await auditRepository(node.ctx.database.db).latest(500, { action })).map((r) => ({
    ...r,
    details: (typeof r.details === 'string' ? JSON.parse(r.details) : r.details) as Record<string, unknown>,
  }));

describe('granting only what one holds', () => {
  it('refuses an administrator a new account above their clearance or with caveats they lack, and audits it', async () => {
    const admin = await administrator('RESTRICTED', ['CT']);
    for (const account of [newAccount('SECRET', ['CT', 'NARC']), newAccount('CONFIDENTIAL'), newAccount('RESTRICTED', ['NARC'])]) {
      const refused = await inject({ method: 'POST', url: '/api/users', headers: admin.headers, payload: account });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.message).toMatch(/only what you hold/);
      expect((await inject({ method: 'GET', url: '/api/users', headers: admin.headers })).json().items).not.toContainEqual(
        expect.objectContaining({ username: account.username }),
      );
    }
    const denied = await entries('access.denied');
    expect(denied.filter((e) => e.actor_id === admin.id && e.details.route === 'POST /api/users')).toHaveLength(3);
    const allowed = await inject({ method: 'POST', url: '/api/users', headers: admin.headers, payload: newAccount('RESTRICTED', ['CT']) });
    expect(allowed.statusCode).toBe(201);
    expect(allowed.json().user).toMatchObject({ clearance: 'RESTRICTED', caveats: ['CT'] });
  });

  it('refuses raising an account above what the administrator holds, and allows lowering', async () => {
    const admin = await administrator('CONFIDENTIAL', ['CT']);
    const account = await makeUser(node.ctx, { nation: 'PAK', org, clearance: 'RESTRICTED', caveats: ['CT'] });
    const patch = (payload: object) => inject({ method: 'PATCH', url: `/api/users/${account.username}`, headers: admin.headers, payload });
    expect((await patch({ clearance: 'SECRET' })).statusCode).toBe(403);
    expect((await patch({ caveats: ['CT', 'NARC'] })).statusCode).toBe(403);
    const raised = await patch({ clearance: 'CONFIDENTIAL' });
    expect(raised.statusCode).toBe(200);
    expect(raised.json()).toMatchObject({ user: { clearance: 'CONFIDENTIAL', caveats: ['CT'] }, pendingGrant: null });
    const lowered = await patch({ clearance: 'UNCLASSIFIED', caveats: [] });
    expect(lowered.json().user).toMatchObject({ clearance: 'UNCLASSIFIED', caveats: [] });
    expect((await patch({ caveats: ['XX'] })).statusCode).toBe(400);
  });
});

describe('a SECRET clearance needs a second administrator', () => {
  it('waits for a different administrator holding SECRET, and both steps are audited', async () => {
    const first = await administrator('SECRET', ['CT', 'NARC']);
    const second = await administrator('SECRET');
    const confidential = await administrator('CONFIDENTIAL');
    const account = newAccount('SECRET', ['CT']);
    const created = await inject({ method: 'POST', url: '/api/users', headers: first.headers, payload: account });
    expect(created.statusCode).toBe(201);
    const { user, pendingGrant } = created.json();
    expect(user).toMatchObject({ clearance: 'UNCLASSIFIED', caveats: ['CT'] });
    expect(pendingGrant).toMatchObject({ username: account.username, clearance: 'SECRET', requestedBy: first.username });

    const listed = (await inject({ method: 'GET', url: '/api/clearance-grants', headers: second.headers })).json().items;
    expect(listed).toContainEqual(expect.objectContaining({ id: pendingGrant.id, currentClearance: 'UNCLASSIFIED' }));
    const approve = (who: { headers: Record<string, string> }) =>
      inject({ method: 'POST', url: `/api/clearance-grants/${pendingGrant.id}/approve`, headers: who.headers });
    expect((await approve(first)).statusCode).toBe(403);
    expect((await approve(confidential)).statusCode).toBe(403);
    const approved = await approve(second);
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ username: account.username, clearance: 'SECRET' });
    expect((await approve(second)).statusCode).toBe(404);
    expect((await inject({ method: 'GET', url: '/api/clearance-grants', headers: second.headers })).json().items).not.toContainEqual(
      expect.objectContaining({ id: pendingGrant.id }),
    );

    const requested = (await entries('user.clearance-request')).find((e) => e.details.grant === pendingGrant.id);
    const decided = (await entries('user.clearance-approve')).find((e) => e.details.grant === pendingGrant.id);
    expect(requested?.actor_id).toBe(first.id);
    expect(decided?.actor_id).toBe(second.id);
    expect(decided?.target_id).toBe(user.id);
  });

  it('makes raising an account to SECRET wait too; a refused grant leaves the account as it was', async () => {
    const first = await administrator('SECRET');
    const second = await administrator('SECRET');
    const account = await makeUser(node.ctx, { nation: 'PAK', org, clearance: 'CONFIDENTIAL' });
    const raised = await inject({
      method: 'PATCH',
      url: `/api/users/${account.username}`,
      headers: first.headers,
      payload: { clearance: 'SECRET' },
    });
    expect(raised.statusCode).toBe(200);
    expect(raised.json().user.clearance).toBe('CONFIDENTIAL');
    const grant = raised.json().pendingGrant;
    expect(grant).toMatchObject({ clearance: 'SECRET', currentClearance: 'CONFIDENTIAL' });
    expect((await inject({ method: 'POST', url: `/api/clearance-grants/${grant.id}/refuse`, headers: second.headers })).statusCode).toBe(
      200,
    );
    expect((await inject({ method: 'POST', url: `/api/clearance-grants/${grant.id}/approve`, headers: second.headers })).statusCode).toBe(
      404,
    );
    const users = (await inject({ method: 'GET', url: '/api/users', headers: second.headers })).json().items;
    expect(users).toContainEqual(expect.objectContaining({ username: account.username, clearance: 'CONFIDENTIAL' }));
    expect((await entries('user.clearance-refuse')).find((e) => e.details.grant === grant.id)?.actor_id).toBe(second.id);
  });

  it('keeps grants to the nation: another nation’s administrator finds none', async () => {
    const first = await administrator('SECRET');
    const created = (await inject({ method: 'POST', url: '/api/users', headers: first.headers, payload: newAccount('SECRET') })).json();
    const kazAdmin = await makeUser(node.ctx, { nation: 'KAZ', roles: ['node-admin'], clearance: 'SECRET', totpSecret: newTotpSecret() });
    const kaz = bearer(await makeToken(node.ctx, kazAdmin, ['admin']));
    expect((await inject({ method: 'GET', url: '/api/clearance-grants', headers: kaz })).json().items).toEqual([]);
    const foreign = await inject({ method: 'POST', url: `/api/clearance-grants/${created.pendingGrant.id}/approve`, headers: kaz });
    expect(foreign.statusCode).toBe(404);
  });

  it('lets the console (the operator on the server) grant SECRET directly, as it bootstraps the first administrators', async () => {
    const added = await addUser(node.ctx, systemActor('cli'), {
      ...newAccount('SECRET', ['CT', 'NARC']),
      roles: ['node-admin'],
      language: 'en',
    });
    expect(added.user).toMatchObject({ clearance: 'SECRET', caveats: ['CT', 'NARC'] });
    expect(added.pendingGrant).toBeNull();
  });
});
