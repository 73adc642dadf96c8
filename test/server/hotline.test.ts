import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { raiseAlert, respondToAlert, runDueEscalations } from '../../src/server/domain/hotline/alert-service';
import { verifyAuditLog } from '../../src/server/domain/audit/audit-verify';
import { label, makeOrg, makeToken, makeUser } from '../kit/factories';
import { bearer } from '../kit/http';
import { startTestNode } from '../kit/test-node';
import type { MadeUser } from '../kit/factories';
import type { TestNode } from '../kit/test-node';
import type { Context } from '../../src/server/context';

/**
 * The hotline on one node shared by several nations (a hub): desks, alerts, escalation with the
 * injected clock, acknowledgements — and nothing of an alert to KAZ reaching TJK.
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
  const pakOps = await makeOrg(ctx, 'PAK', 'PAK operations');
  const kazBorder = await makeOrg(ctx, 'KAZ', 'KAZ border service');
  users.pakDuty = await makeUser(ctx, { nation: 'PAK', org: pakOps, roles: ['duty-officer'], clearance: 'SECRET' });
  users.kazAdmin = await makeUser(ctx, { nation: 'KAZ', org: kazBorder, roles: ['duty-officer'], clearance: 'SECRET' });
  users.kazPrimary = await makeUser(ctx, { nation: 'KAZ', org: kazBorder, roles: ['analyst'], clearance: 'SECRET' });
  users.kazDeputy = await makeUser(ctx, { nation: 'KAZ', org: kazBorder, roles: ['analyst'], clearance: 'SECRET' });
  users.kazViewer = await makeUser(ctx, { nation: 'KAZ', org: kazBorder, roles: ['viewer'], clearance: 'SECRET' });
  users.tjkDuty = await makeUser(ctx, { nation: 'TJK', roles: ['duty-officer'], clearance: 'SECRET' });
  for (const [name, user] of Object.entries(users)) token[name] = await makeToken(ctx, user);
});
afterAll(() => node.close());

const alertTo = (desks: string[], over: object = {}) => ({
  severity: 'flash',
  summary: 'Armed group crossing reported near the border post',
  details: 'Twenty to thirty people, vehicles, heading north.',
  label: label({ classification: 'RESTRICTED', relTo: ['KAZ'], tlp: 'GREEN' }),
  targetDesks: desks,
  ...over,
});

async function notificationsOf(user: MadeUser): Promise<{ kind: string; alertId?: string; line?: string }[]> {
  const response = await node.app.http.inject({
    method: 'GET',
    url: '/api/notifications',
    headers: bearer(token[Object.keys(users).find((k) => users[k] === user)!]!),
  });
  return response.json().items;
}

describe('hotline desks', () => {
  it('are created by a nation for itself; partners see the name, only the nation sees roster, shifts and policy', async () => {
    expect((await call('kazViewer', 'POST', '/api/desks', { name: 'KAZ border duty' })).statusCode).toBe(403);
    const created = await call('kazAdmin', 'POST', '/api/desks', { name: 'KAZ border duty' });
    expect(created.statusCode).toBe(201);
    deskId = created.json().id;
    expect(created.json()).toMatchObject({ nation: 'KAZ', name: 'KAZ border duty', roster: [], shifts: [], policy: null });
    expect((await call('kazAdmin', 'POST', '/api/desks', { name: 'KAZ border duty' })).statusCode).toBe(409);

    const roster = await call('kazAdmin', 'PUT', `/api/desks/${deskId}/roster`, {
      primary: [users.kazPrimary!.id],
      deputy: [users.kazDeputy!.id],
      headquarters: [],
    });
    expect(roster.statusCode).toBe(200);
    expect(
      roster
        .json()
        .roster.map((r: { role: string }) => r.role)
        .sort(),
    ).toEqual(['deputy', 'primary']);
    const foreign = await call('kazAdmin', 'PUT', `/api/desks/${deskId}/roster`, {
      primary: [users.tjkDuty!.id],
      deputy: [],
      headquarters: [],
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.message).toMatch(/Not users of KAZ/);

    const policy = {
      timeZone: 'Asia/Almaty',
      repeat: 0,
      rules: [
        {
          steps: [
            { notify: 'primary', waitMinutes: 5 },
            { notify: 'deputy', waitMinutes: 10 },
          ],
        },
      ],
    };
    expect((await call('kazAdmin', 'PUT', `/api/desks/${deskId}/policy`, { ...policy, timeZone: 'Mars/Olympus' })).statusCode).toBe(400);
    expect((await call('kazAdmin', 'PUT', `/api/desks/${deskId}/policy`, policy)).json().policy).toEqual({ version: 1, policy });
    expect((await call('pakDuty', 'PUT', `/api/desks/${deskId}/policy`, policy)).statusCode).toBe(403);

    const seenByPartner = await call('tjkDuty', 'GET', `/api/desks/${deskId}`);
    expect(seenByPartner.json()).toEqual({ id: deskId, nation: 'KAZ', name: 'KAZ border duty', partnerNode: false, contacts: [] });
    expect((await call('pakDuty', 'GET', '/api/desks')).json().items).toContainEqual({
      id: deskId,
      nation: 'KAZ',
      name: 'KAZ border duty',
      partnerNode: false,
      contacts: [],
    });
  });
});

describe('hotline alerts', () => {
  let alertId = '';

  it('are refused when the label does not release them to the target desk’s nation, or names people', async () => {
    const outside = await call('pakDuty', 'POST', '/api/alerts', alertTo([deskId], { label: label({ relTo: ['TJK'], tlp: 'GREEN' }) }));
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.message).toBe(
      'The label does not let KAZ read the alert, yet a desk you chose is there: tick that nation under “Releasable to” in the label.',
    );
    expect(
      (await call('pakDuty', 'POST', '/api/alerts', alertTo([deskId], { label: label({ relTo: ['KAZ'], tlp: 'AMBER+STRICT' }) })))
        .statusCode,
    ).toBe(400);
    expect((await call('kazPrimary', 'POST', '/api/alerts', alertTo([deskId]))).statusCode).toBe(403);
  });

  it('notify the primary, escalate to the deputy when the wait passes, and flow the acknowledgement back to the sender', async () => {
    const raised = await call('pakDuty', 'POST', '/api/alerts', alertTo([deskId]));
    expect(raised.statusCode).toBe(201);
    alertId = raised.json().id;
    expect(raised.json().targets).toEqual([
      {
        deskId,
        deskName: 'KAZ border duty',
        nation: 'KAZ',
        partnerNode: false,
        status: 'escalating',
        // The sender follows the escalation's progress, without the names of whom it paged.
        escalation: { round: 0, step: 0, dueAt: expect.any(String), steps: 2, repeat: 0, paging: 'primary', next: 'deputy' },
      },
    ]);
    expect((await notificationsOf(users.kazPrimary!)).filter((n) => n.alertId === alertId)).toEqual([
      expect.objectContaining({ kind: 'alert', line: 'FLASH alert for KAZ border duty (primary): acknowledge it.' }),
    ]);
    expect((await notificationsOf(users.kazDeputy!)).filter((n) => n.alertId === alertId)).toEqual([]);
    expect((await call('kazPrimary', 'GET', `/api/alerts/${alertId}`)).json().notified).toBe(true);
    expect((await call('kazDeputy', 'GET', `/api/alerts/${alertId}`)).json().notified).toBe(false);

    node.clock.advance(4 * MINUTE);
    await runDueEscalations(node.ctx);
    expect((await notificationsOf(users.kazDeputy!)).filter((n) => n.alertId === alertId)).toEqual([]);
    node.clock.advance(1 * MINUTE);
    await runDueEscalations(node.ctx);
    expect((await notificationsOf(users.kazDeputy!)).filter((n) => n.alertId === alertId)).toHaveLength(1);
    const atKaz = (await call('kazDeputy', 'GET', `/api/alerts/${alertId}`)).json();
    expect(atKaz.targets[0]).toMatchObject({ status: 'escalating', escalation: { round: 0, step: 1 } });
    expect(atKaz.can.respondFor).toEqual([deskId]);
    expect(atKaz.notified).toBe(true);

    node.clock.advance(2 * MINUTE);
    const acknowledged = await call('kazDeputy', 'POST', `/api/alerts/${alertId}/acknowledge`, { deskId, note: 'Patrol sent.' });
    expect(acknowledged.statusCode).toBe(200);
    const atPak = (await call('pakDuty', 'GET', `/api/alerts/${alertId}`)).json();
    expect(atPak.targets[0]).toMatchObject({ status: 'acknowledged', response: { kind: 'acknowledge', note: 'Patrol sent.' } });
    expect(atPak.targets[0].response.secondsToRespond).toBeGreaterThanOrEqual(7 * 60);
    expect(atPak.targets[0].escalation).toMatchObject({ step: 1, dueAt: null });
    expect(atPak.targets[0].escalation.paged).toBeUndefined();

    // Acknowledged: never escalates again.
    node.clock.advance(60 * MINUTE);
    await runDueEscalations(node.ctx);
    const afterwards = (await call('kazAdmin', 'GET', `/api/alerts/${alertId}`)).json();
    expect(afterwards.targets[0]).toMatchObject({ status: 'acknowledged', escalation: { step: 1, dueAt: null } });
  });

  it('tell the sender, once, when every step passed and nobody on the desk answered', async () => {
    const raised = await call('pakDuty', 'POST', '/api/alerts', alertTo([deskId], { severity: 'priority' }));
    expect(raised.statusCode).toBe(201);
    const id = raised.json().id as string;
    const told = async () => (await notificationsOf(users.pakDuty!)).filter((n) => n.alertId === id);
    node.clock.advance(5 * MINUTE);
    await runDueEscalations(node.ctx);
    expect(await told()).toEqual([]);
    // The deputy's wait passes too, with no round to repeat: the escalation runs out.
    node.clock.advance(10 * MINUTE);
    await runDueEscalations(node.ctx);
    expect((await call('pakDuty', 'GET', `/api/alerts/${id}`)).json().targets[0]).toMatchObject({ status: 'exhausted' });
    expect(await told()).toEqual([
      expect.objectContaining({
        kind: 'alert',
        line: 'PRIORITY alert: nobody on KAZ border duty acknowledged it; its escalation has run out.',
      }),
    ]);
    // Nothing more moves, and nobody on the desk is told again.
    node.clock.advance(60 * MINUTE);
    await runDueEscalations(node.ctx);
    expect(await told()).toHaveLength(1);
    expect((await notificationsOf(users.kazDeputy!)).filter((n) => n.alertId === id)).toHaveLength(1);
  });

  it('take double and concurrent acknowledgements as one; a decline after it is refused', async () => {
    const again = await Promise.all(
      ['kazPrimary', 'kazDeputy', 'kazPrimary', 'kazAdmin'].map((who) =>
        call(who, 'POST', `/api/alerts/${alertId}/acknowledge`, { deskId }),
      ),
    );
    expect(again.map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
    const responses = await sql<{ n: number }>`select count(*)::int as n from alert_responses where alert_id = ${alertId}`.execute(
      node.ctx.database.db,
    );
    expect(responses.rows[0]?.n).toBe(1);
    expect((await call('kazPrimary', 'POST', `/api/alerts/${alertId}/decline`, { deskId })).statusCode).toBe(409);
    expect((await call('kazViewer', 'POST', `/api/alerts/${alertId}/acknowledge`, { deskId })).statusCode).toBe(403);
  });

  it('are invisible to a nation outside the label: no alert, no list entry, no notification, no desk answer', async () => {
    expect((await call('tjkDuty', 'GET', `/api/alerts/${alertId}`)).statusCode).toBe(404);
    expect((await call('tjkDuty', 'GET', `/api/alerts/${node.ctx.ids.uuid()}`)).body).toBe(
      (await call('tjkDuty', 'GET', `/api/alerts/${alertId}`)).body,
    );
    expect((await call('tjkDuty', 'GET', '/api/alerts')).json().items).toEqual([]);
    expect((await notificationsOf(users.tjkDuty!)).filter((n) => n.kind === 'alert')).toEqual([]);
    expect((await call('tjkDuty', 'POST', `/api/alerts/${alertId}/acknowledge`, { deskId })).statusCode).toBe(404);
  });
});

describe('escalation timers', () => {
  it('move 500 alerts on time through a restart, with two processes sharing the work, and never after an acknowledgement', async () => {
    const { ctx } = node;
    const start = ctx.clock.now().getTime();
    const tick = 30_000;
    const downFrom = start + 12 * MINUTE;
    const downTo = start + 19 * MINUTE;
    const ids: string[] = [];
    const acknowledgedEarly = new Set<string>();
    // Two "processes": two contexts over the same database, each running the job.
    const second: Context = { ...ctx };
    for (let now = start, raisedCount = 0; now <= start + 60 * MINUTE; now += tick) {
      node.clock.advance(now - ctx.clock.now().getTime());
      for (let i = 0; i < 10 && raisedCount < 500 && now < start + 25 * MINUTE; i++, raisedCount++) {
        const alert = await raiseAlert(ctx, users.pakDuty!.actor, {
          ...alertTo([deskId]),
          severity: 'priority',
          details: '',
          exercise: false,
        } as never);
        ids.push(alert.id);
        if (raisedCount % 5 === 0) {
          await respondToAlert(ctx, users.kazPrimary!.actor, alert.id, { deskId }, 'acknowledge');
          acknowledgedEarly.add(alert.id);
        }
      }
      if (now >= downFrom && now < downTo) continue;
      await Promise.all([runDueEscalations(ctx, 20), runDueEscalations(second, 20)]);
    }
    const rows = await sql<{ alert_id: string; user_id: string; created_at: Date; raised_at: Date }>`
      select n.alert_id, n.user_id, n.created_at, a.raised_at from notifications n join alerts a on a.id = n.alert_id
      where n.alert_id in (${sql.join(ids)}) order by n.created_at
    `.execute(ctx.database.db);
    const byAlert = new Map<string, { user: string; at: number; raised: number }[]>();
    for (const r of rows.rows)
      byAlert.set(r.alert_id, [
        ...(byAlert.get(r.alert_id) ?? []),
        { user: r.user_id, at: new Date(r.created_at).getTime(), raised: new Date(r.raised_at).getTime() },
      ]);
    for (const id of ids) {
      const sent = byAlert.get(id) ?? [];
      if (acknowledgedEarly.has(id)) {
        expect(sent.map((s) => s.user)).toEqual([users.kazPrimary!.id]);
        continue;
      }
      // The primary at the raise, the deputy once, when the five minutes have passed — on the next
      // wake-up, or the first after the restart; the sender once, when the deputy's ten have passed
      // too and the escalation has run out.
      expect(sent.map((s) => s.user)).toEqual([users.kazPrimary!.id, users.kazDeputy!.id, users.pakDuty!.id]);
      const [primary, deputy, sender] = sent as unknown as [{ at: number; raised: number }, { at: number }, { at: number }];
      const due = primary.raised + 5 * MINUTE;
      expect(deputy.at).toBeGreaterThanOrEqual(due);
      const dueWhileDown = due > downFrom - tick && due < downTo;
      // The test clock also runs on real time: allow the milliseconds a wake-up itself takes.
      expect(deputy.at - due).toBeLessThan((dueWhileDown ? downTo - due + tick : tick) + 1_000);
      expect(sender.at).toBeGreaterThanOrEqual(primary.raised + 15 * MINUTE);
    }
    const states = await sql<{ status: string; n: number }>`
      select status, count(*)::int as n from alert_targets where alert_id in (${sql.join(ids)}) group by status order by status
    `.execute(ctx.database.db);
    expect(states.rows).toEqual([
      { status: 'acknowledged', n: 100 },
      { status: 'exhausted', n: 400 },
    ]);
    expect((await verifyAuditLog(ctx.database)).ok).toBe(true);
  });
});
