import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueEscalations } from '../../src/server/domain/hotline/alert-service';
import { label, makeOrg, makeToken, makeUser } from '../kit/factories';
import { bearer } from '../kit/http';
import { startTestNode } from '../kit/test-node';
import type { MadeUser } from '../kit/factories';
import type { TestNode } from '../kit/test-node';

/**
 * Desks as a duty officer runs them: contact numbers, shifts and who is on duty now, the policy's
 * validation; an alert's escalation progress for sender and desk; the notification centre's
 * "awaiting your answer" and its clearing when the desk answers.
 */
let node: TestNode;
const users: Record<string, MadeUser> = {};
const token: Record<string, string> = {};
let deskId = '';

const MINUTE = 60_000;
const call = (who: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
  node.app.http.inject({ method, url, headers: bearer(token[who]!), ...(payload ? { payload } : {}) });

beforeAll(async () => {
  node = await startTestNode();
  const { ctx } = node;
  const uzbOps = await makeOrg(ctx, 'UZB', 'UZB operations');
  const kgzOps = await makeOrg(ctx, 'KGZ', 'KGZ border service');
  users.uzbDuty = await makeUser(ctx, { nation: 'UZB', org: uzbOps, roles: ['duty-officer'], clearance: 'SECRET' });
  users.kgzChief = await makeUser(ctx, { nation: 'KGZ', org: kgzOps, roles: ['duty-officer'], clearance: 'SECRET' });
  users.kgzPrimary = await makeUser(ctx, { nation: 'KGZ', org: kgzOps, roles: ['analyst'], clearance: 'SECRET' });
  users.kgzNight = await makeUser(ctx, { nation: 'KGZ', org: kgzOps, roles: ['analyst'], clearance: 'SECRET' });
  users.kgzOther = await makeUser(ctx, { nation: 'KGZ', org: kgzOps, roles: ['analyst'], clearance: 'SECRET' });
  for (const [name, user] of Object.entries(users)) token[name] = await makeToken(ctx, user);
  const created = await call('kgzChief', 'POST', '/api/desks', { name: 'KGZ south duty' });
  deskId = created.json().id;
  await call('kgzChief', 'PUT', `/api/desks/${deskId}/roster`, { primary: [users.kgzPrimary!.id], deputy: [], headquarters: [] });
});
afterAll(() => node.close());

describe('desk contacts', () => {
  it('are validated with messages that say what to fix, and nothing is half-written', async () => {
    const bad = await call('kgzChief', 'PUT', `/api/desks/${deskId}/contacts`, {
      contacts: [
        { kind: 'phone', value: '+996 312 66 00 00' },
        { kind: 'secure-voice', value: '0312 660000' },
        { kind: 'email', value: 'duty at kgz' },
        { kind: 'pager', value: '123' },
      ],
    });
    expect(bad.statusCode).toBe(400);
    const details = bad.json().error.issues as { path: string; message: string }[];
    expect(details).toEqual(
      expect.arrayContaining([
        {
          path: 'contacts.1.value',
          message: 'Write the number in international form, starting with + and the country code, e.g. +998 71 123 45 67.',
        },
        { path: 'contacts.2.value', message: 'Write an e-mail address such as duty@mod.example.' },
        { path: 'contacts.3.kind', message: 'A contact is one of: phone, secure-voice, mobile, fax, email, radio, other.' },
      ]),
    );
    expect((await call('kgzChief', 'GET', `/api/desks/${deskId}`)).json().contacts).toEqual([]);
  });

  it('are set by the desk’s nation and read by every partner with the desk; a change is a new version of the desk', async () => {
    const contacts = [
      { kind: 'phone', value: '+996 312 66 00 00', note: '24/7' },
      { kind: 'secure-voice', value: '+996 312 66 00 99' },
    ];
    expect((await call('uzbDuty', 'PUT', `/api/desks/${deskId}/contacts`, { contacts })).statusCode).toBe(403);
    expect((await call('kgzPrimary', 'PUT', `/api/desks/${deskId}/contacts`, { contacts })).statusCode).toBe(403);
    const set = await call('kgzChief', 'PUT', `/api/desks/${deskId}/contacts`, { contacts });
    expect(set.statusCode).toBe(200);
    expect(set.json().contacts).toEqual(contacts);
    expect((await call('uzbDuty', 'GET', `/api/desks/${deskId}`)).json().contacts).toEqual(contacts);
    expect((await call('uzbDuty', 'GET', '/api/desks')).json().items).toContainEqual(expect.objectContaining({ id: deskId, contacts }));
    const desk = await node.ctx.database.db.selectFrom('desks').select('version').where('id', '=', deskId).executeTakeFirstOrThrow();
    expect(desk.version).toBe(2);
    const changes = await node.ctx.database.db
      .selectFrom('changes')
      .select(['version', 'change'])
      .where('record_kind', '=', 'desk')
      .where('record_id', '=', deskId)
      .orderBy('version')
      .execute();
    expect(changes).toEqual([
      { version: 1, change: 'create' },
      { version: 2, change: 'update' },
    ]);
  });
});

describe('shifts and who is on duty now', () => {
  it('derive the on-duty card from the shift that holds now; partners see neither, exactly as on a desk with none', async () => {
    const now = node.clock.now().getTime();
    const added = await call('kgzChief', 'POST', `/api/desks/${deskId}/shifts`, {
      userId: users.kgzNight!.id,
      startsAt: new Date(now - 60 * MINUTE).toISOString(),
      endsAt: new Date(now + 8 * 60 * MINUTE).toISOString(),
    });
    expect(added.statusCode).toBe(201);
    await call('kgzChief', 'POST', `/api/desks/${deskId}/shifts`, {
      userId: users.kgzOther!.id,
      startsAt: new Date(now + 8 * 60 * MINUTE).toISOString(),
      endsAt: new Date(now + 16 * 60 * MINUTE).toISOString(),
    });
    const own = (await call('kgzPrimary', 'GET', `/api/desks/${deskId}`)).json();
    expect(own.shifts).toHaveLength(2);
    expect(own.onDuty).toEqual({
      dutyOfficers: [
        {
          userId: users.kgzNight!.id,
          username: users.kgzNight!.username,
          displayName: expect.any(String),
          until: new Date(now + 8 * 60 * MINUTE).toISOString(),
        },
      ],
      primary: [{ userId: users.kgzPrimary!.id, username: users.kgzPrimary!.username, displayName: expect.any(String) }],
    });

    // A partner reads the desk and its contacts; its shifts and who is on them are not there at
    // all — the same body as a desk of that nation with no shifts and no roster.
    const empty = (await call('kgzChief', 'POST', '/api/desks', { name: 'KGZ north duty' })).json().id as string;
    const partner = (await call('uzbDuty', 'GET', `/api/desks/${deskId}`)).json();
    const partnerEmpty = (await call('uzbDuty', 'GET', `/api/desks/${empty}`)).json();
    expect(Object.keys(partner).sort()).toEqual(Object.keys(partnerEmpty).sort());
    expect(partner).not.toHaveProperty('shifts');
    expect(partner).not.toHaveProperty('onDuty');
    expect(
      (
        await call('uzbDuty', 'POST', `/api/desks/${deskId}/shifts`, {
          userId: users.uzbDuty!.id,
          startsAt: new Date(now).toISOString(),
          endsAt: new Date(now + MINUTE).toISOString(),
        })
      ).statusCode,
    ).toBe(403);

    // Once the shift is over, the next one is on duty.
    node.clock.advance(9 * 60 * MINUTE);
    expect((await call('kgzPrimary', 'GET', `/api/desks/${deskId}`)).json().onDuty.dutyOfficers).toEqual([
      expect.objectContaining({ userId: users.kgzOther!.id }),
    ]);
  });
});

describe('escalation policy', () => {
  it('is refused with messages that name what to fix', async () => {
    const refused = await call('kgzChief', 'PUT', `/api/desks/${deskId}/policy`, {
      timeZone: 'Asia/Bishkek',
      repeat: 11,
      rules: [{ steps: [{ notify: 'janitor', waitMinutes: 0 }] }],
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.issues).toEqual(
      expect.arrayContaining([
        { path: 'rules.0.steps.0.notify', message: 'Page one of the roles: primary, deputy, duty-officer, headquarters.' },
        { path: 'rules.0.steps.0.waitMinutes', message: 'Wait at least 1 minute before the next step.' },
        { path: 'repeat', message: 'Repeat at most 10 more times.' },
      ]),
    );
    const empty = await call('kgzChief', 'PUT', `/api/desks/${deskId}/policy`, { timeZone: 'UTC', repeat: 0, rules: [{ steps: [] }] });
    expect(empty.json().error.issues).toContainEqual({ path: 'rules.0.steps', message: 'Add at least one step: whom to page first.' });
  });
});

describe('escalation progress and the notification centre', () => {
  it('show sender and desk the step, whom it paged and when the next fires; the answer clears the desk’s notifications', async () => {
    const policy = {
      timeZone: 'UTC',
      repeat: 0,
      rules: [
        {
          steps: [
            { notify: 'duty-officer', waitMinutes: 5 },
            { notify: 'primary', waitMinutes: 10 },
          ],
        },
      ],
    };
    expect((await call('kgzChief', 'PUT', `/api/desks/${deskId}/policy`, policy)).statusCode).toBe(200);
    const raised = await call('uzbDuty', 'POST', '/api/alerts', {
      severity: 'immediate',
      summary: 'Convoy stopped at the crossing',
      label: label({ relTo: ['KGZ'], tlp: 'GREEN' }),
      targetDesks: [deskId],
    });
    expect(raised.statusCode).toBe(201);
    const alertId = raised.json().id as string;
    const raisedAt = Date.parse(raised.json().raisedAt as string);

    // The sender: the step and the role it paged, when the next fires and whom; no names.
    expect((await call('uzbDuty', 'GET', `/api/alerts/${alertId}`)).json().targets[0].escalation).toEqual({
      round: 0,
      step: 0,
      dueAt: new Date(raisedAt + 5 * MINUTE).toISOString(),
      steps: 2,
      repeat: 0,
      paging: 'duty-officer',
      next: 'primary',
    });
    // The desk's own nation: also who was paged, and when.
    expect((await call('kgzChief', 'GET', `/api/alerts/${alertId}`)).json().targets[0].escalation.paged).toEqual([
      { role: 'duty-officer', username: users.kgzOther!.username, displayName: expect.any(String), at: new Date(raisedAt).toISOString() },
    ]);

    // The on-shift officer's notification names its parts for the web app to word; it awaits them.
    const notifications = async (who: string) =>
      ((await call(who, 'GET', '/api/notifications')).json().items as { alertId?: string; read: boolean; topic?: object }[]).filter(
        (n) => n.alertId === alertId,
      );
    expect(await notifications('kgzOther')).toEqual([
      expect.objectContaining({
        read: false,
        topic: { event: 'step', severity: 'immediate', exercise: false, deskId, deskName: 'KGZ south duty', role: 'duty-officer' },
      }),
    ]);
    const awaiting = async (who: string) =>
      ((await call(who, 'GET', '/api/alerts/awaiting')).json().items as { alertId: string }[]).filter((a) => a.alertId === alertId);
    expect(await awaiting('kgzOther')).toEqual([
      expect.objectContaining({ alertId, deskId, deskName: 'KGZ south duty', status: 'escalating', severity: 'immediate' }),
    ]);
    // Every duty officer of the nation answers for its desks; the sender and the partner do not.
    expect(await awaiting('kgzChief')).toHaveLength(1);
    expect(await awaiting('uzbDuty')).toEqual([]);

    node.clock.advance(5 * MINUTE);
    await runDueEscalations(node.ctx);
    const atDesk = (await call('kgzChief', 'GET', `/api/alerts/${alertId}`)).json().targets[0].escalation;
    expect(atDesk).toMatchObject({ step: 1, paging: 'primary', next: null });
    // The last step's wait runs from when it paged.
    expect(atDesk.dueAt).toBe(new Date(Date.parse(atDesk.paged[1].at as string) + 10 * MINUTE).toISOString());
    expect(atDesk.paged.map((p: { role: string; username: string }) => [p.role, p.username])).toEqual([
      ['duty-officer', users.kgzOther!.username],
      ['primary', users.kgzPrimary!.username],
    ]);
    expect(await notifications('kgzPrimary')).toEqual([expect.objectContaining({ read: false })]);

    // The primary acknowledges: the desk has answered, so everyone it paged is cleared.
    expect((await call('kgzPrimary', 'POST', `/api/alerts/${alertId}/acknowledge`, { deskId })).statusCode).toBe(200);
    expect((await notifications('kgzOther')).map((n) => n.read)).toEqual([true]);
    expect((await notifications('kgzPrimary')).map((n) => n.read)).toEqual([true]);
    expect(await awaiting('kgzOther')).toEqual([]);
    expect(await awaiting('kgzChief')).toEqual([]);
    const atSender = (await call('uzbDuty', 'GET', `/api/alerts/${alertId}`)).json().targets[0];
    expect(atSender.response).toMatchObject({
      kind: 'acknowledge',
      by: { username: users.kgzPrimary!.username },
    });
  });

  it('list nothing of an alert the user may not read', async () => {
    const secret = await call('uzbDuty', 'POST', '/api/alerts', {
      severity: 'flash',
      summary: 'Higher-classified alert',
      label: label({ classification: 'SECRET', relTo: ['KGZ'], tlp: 'GREEN' }),
      targetDesks: [deskId],
    });
    expect(secret.statusCode).toBe(201);
    const id = secret.json().id as string;
    const low = await makeUser(node.ctx, { nation: 'KGZ', roles: ['duty-officer'], clearance: 'RESTRICTED' });
    token.kgzLow = await makeToken(node.ctx, low);
    expect(
      ((await call('kgzLow', 'GET', '/api/alerts/awaiting')).json().items as { alertId: string }[]).map((a) => a.alertId),
    ).not.toContain(id);
    expect(((await call('kgzChief', 'GET', '/api/alerts/awaiting')).json().items as { alertId: string }[]).map((a) => a.alertId)).toContain(
      id,
    );
  });
});
