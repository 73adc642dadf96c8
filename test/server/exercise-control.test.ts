import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { fireDueInjects, fireOneInject } from '../../src/server/domain/training/inject-firing';
import { label, makeOrg, makeToken, makeUser } from '../kit/factories';
import { bearer } from '../kit/http';
import { ManualClock, startTestNode } from '../kit/test-node';
import type { Context } from '../../src/server/context';
import type { MadeUser } from '../kit/factories';
import type { TestNode } from '../kit/test-node';
import type { ControlPanel, InjectView } from '../../src/shared/contracts/exercise-control';
import type { Exercise } from '../../src/shared/contracts/training';

/**
 * Running an exercise on PAK's node, shared here with KAZ and UZB: PAK's controller starts it, its
 * MSEL's injects fire on persisted timers through the hotline's and crisis rooms' own code (once,
 * across a restart and a crash), KAZ's duty officer acknowledges the injected alert and the
 * expectation is scored from the acknowledgement's time, a refused inject is reported and the
 * exercise goes on, and nothing of it ever counts in the live picture.
 */
let node: TestNode;
const users: Record<string, MadeUser> = {};
const token: Record<string, string> = {};
let kazDesk = '';
let uzbDesk = '';
let exerciseId = '';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const call = (who: string, method: Method, url: string, payload?: object) =>
  node.app.http.inject({ method, url, headers: bearer(token[who]!), ...(payload ? { payload } : {}) });
const panelOf = async (who = 'pakController') => {
  const response = await call(who, 'GET', `/api/exercises/${exerciseId}/control`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as ControlPanel;
};
const injectNamed = async (title: string) => (await panelOf()).injects.find((i) => i.title === title) as InjectView;

const released = label({ relTo: ['KAZ', 'UZB'] });
const HOUR = 3_600_000;

/** The live picture's counts for a reader: dashboard, map, timeline and incident statistics. */
async function livePicture(who: string) {
  const urls = ['/api/crises/summary', '/api/incidents/count', '/api/incidents/map', '/api/incidents/timeline', '/api/incidents/stats'];
  return Promise.all(urls.map(async (url) => (await call(who, 'GET', url)).body));
}

beforeAll(async () => {
  node = await startTestNode();
  const { ctx } = node;
  const pakMod = await makeOrg(ctx, 'PAK', 'PAK joint staff');
  users.pakController = await makeUser(ctx, { nation: 'PAK', org: pakMod, roles: ['exercise-planner'] });
  users.pakAnalyst = await makeUser(ctx, { nation: 'PAK', org: pakMod, roles: ['analyst'] });
  users.pakJunior = await makeUser(ctx, { nation: 'PAK', org: pakMod, roles: ['exercise-planner'], clearance: 'RESTRICTED' });
  users.kazDuty = await makeUser(ctx, { nation: 'KAZ', roles: ['duty-officer'] });
  users.uzbDuty = await makeUser(ctx, { nation: 'UZB', roles: ['duty-officer'] });
  users.tjkDuty = await makeUser(ctx, { nation: 'TJK', roles: ['duty-officer'] });
  for (const [name, user] of Object.entries(users)) token[name] = await makeToken(ctx, user);
  kazDesk = (await call('kazDuty', 'POST', '/api/desks', { name: 'KAZ border duty' })).json().id;
  await call('kazDuty', 'PUT', `/api/desks/${kazDesk}/roster`, { primary: [users.kazDuty.id], deputy: [], headquarters: [] });
  uzbDesk = (await call('uzbDuty', 'POST', '/api/desks', { name: 'UZB border duty' })).json().id;
  await call('uzbDuty', 'PUT', `/api/desks/${uzbDesk}/roster`, { primary: [users.uzbDuty.id], deputy: [], headquarters: [] });
  const now = node.clock.now().getTime();
  const created = await call('pakController', 'POST', '/api/exercises', {
    title: 'Indus Sentinel',
    kind: 'command-post',
    venue: { online: true },
    timeZone: 'Asia/Karachi',
    startsAt: new Date(now + 24 * HOUR).toISOString(),
    endsAt: new Date(now + 72 * HOUR).toISOString(),
    participants: ['KAZ', 'UZB'],
    objectives: [{ text: 'Acknowledge a cross-border alert within 15 minutes.' }, { text: 'Report in the crisis room within the hour.' }],
    label: released,
  });
  expect(created.statusCode, created.body).toBe(201);
  exerciseId = (created.json() as Exercise).id;
});
afterAll(() => node.close());

describe('the MSEL', () => {
  it('is the controllers’: others see the run, not what is coming', async () => {
    const inject = { title: 'Border post attacked', atMinutes: 10, action: { kind: 'crisis', title: 'Post 7', label: released } };
    expect((await call('kazDuty', 'POST', `/api/exercises/${exerciseId}/injects`, inject)).statusCode).toBe(403);
    expect((await call('tjkDuty', 'GET', `/api/exercises/${exerciseId}/control`)).statusCode).toBe(404);
    const seen = await panelOf('kazDuty');
    expect(seen).toMatchObject({ status: 'concept', injects: [], can: { control: false, actions: [] } });
  });

  it('refuses an inject after ENDEX, to a desk of a nation not taking part, or an expectation it cannot meet, naming each field; nothing is written', async () => {
    const tjkDesk = (await call('tjkDuty', 'POST', '/api/desks', { name: 'TJK duty' })).json().id as string;
    const refused = await call('pakController', 'POST', `/api/exercises/${exerciseId}/injects`, {
      title: 'Too late',
      atMinutes: 48 * 60 + 1,
      action: { kind: 'alert', severity: 'flash', summary: 'Convoy ambushed', targetDesks: [tjkDesk], label: released },
      expectations: [{ kind: 'sitrep', nation: 'KAZ', withinMinutes: 60 }],
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.issues).toEqual([
      { path: 'atMinutes', message: 'An inject fires before ENDEX: at most 2880 minutes after STARTEX.' },
      { path: 'action.targetDesks.0', message: 'This desk’s nation, TJK, does not take part in the exercise.'.replace('’', "'") },
      {
        path: 'expectations.0.kind',
        message: 'A situation report is expected in a crisis room: use it on a crisis, report or message inject.',
      },
    ]);
    expect((await panelOf()).injects).toEqual([]);
  });

  it('takes injects timed from STARTEX with their expectations', async () => {
    const add = async (body: object) => {
      const response = await call('pakController', 'POST', `/api/exercises/${exerciseId}/injects`, body);
      expect(response.statusCode, response.body).toBe(201);
      return response.json() as ControlPanel;
    };
    await add({
      title: 'Cross-border raid reported',
      atMinutes: 30,
      action: {
        kind: 'alert',
        severity: 'flash',
        summary: 'Armed group crossed near post 7',
        targetDesks: [kazDesk, uzbDesk],
        label: released,
      },
      expectations: [
        { kind: 'acknowledge', nation: 'KAZ', deskId: kazDesk, withinMinutes: 15, objective: 0 },
        { kind: 'acknowledge', nation: 'UZB', deskId: uzbDesk, withinMinutes: 15, objective: 0 },
      ],
    });
    const withRoom = await add({
      title: 'Crisis room opened',
      atMinutes: 45,
      action: { kind: 'crisis', title: 'Post 7 raid', summary: 'Joint response to the raid.', label: released },
      expectations: [
        { kind: 'sitrep', nation: 'KAZ', withinMinutes: 60, objective: 1 },
        { kind: 'controller', nation: 'UZB', withinMinutes: 120, objective: 1, text: 'UZB closes its side of the crossing.' },
      ],
    });
    const room = withRoom.injects.find((i) => i.title === 'Crisis room opened')!;
    await add({
      title: 'PAK situation report',
      atMinutes: 60,
      action: { kind: 'sitrep', crisisInjectId: room.id, sitrep: { level: 'degraded', situation: 'Post 7 under fire.' }, label: released },
    });
    const panel = await add({
      title: 'Casualty message',
      atMinutes: 90,
      action: { kind: 'message', crisisInjectId: room.id, text: 'Two wounded evacuated.', label: released },
    });
    expect(panel.injects.map((i) => [i.atMinutes, i.title, i.status, i.dueAt])).toEqual([
      [30, 'Cross-border raid reported', 'scheduled', null],
      [45, 'Crisis room opened', 'scheduled', null],
      [60, 'PAK situation report', 'scheduled', null],
      [90, 'Casualty message', 'scheduled', null],
    ]);
    // A report may not go to a room opened after it, and the room's inject cannot be taken away from under it.
    const early = await call('pakController', 'PUT', `/api/exercises/${exerciseId}/injects/${room.id}`, {
      title: 'Crisis room opened',
      atMinutes: 75,
      action: { kind: 'crisis', title: 'Post 7 raid', label: released },
    });
    expect(early.statusCode).toBe(400);
    expect((await call('pakController', 'DELETE', `/api/exercises/${exerciseId}/injects/${room.id}`)).statusCode).toBe(409);
  });
});

describe('the run', () => {
  it('starts only once the exercise is approved, and only by its controllers', async () => {
    const start = () => call('pakController', 'POST', `/api/exercises/${exerciseId}/control`, { action: 'start' });
    const early = await start();
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toBe('Only an approved exercise starts: approve its plan first.');
    for (const status of ['planning', 'approved'])
      expect((await call('pakController', 'POST', `/api/exercises/${exerciseId}/status`, { status })).statusCode).toBe(200);
    expect((await call('kazDuty', 'POST', `/api/exercises/${exerciseId}/control`, { action: 'start' })).statusCode).toBe(403);
    expect((await call('pakAnalyst', 'POST', `/api/exercises/${exerciseId}/control`, { action: 'start' })).statusCode).toBe(403);
    const started = await start();
    expect(started.statusCode, started.body).toBe(200);
    const panel = started.json() as ControlPanel;
    expect(panel).toMatchObject({ status: 'executing', can: { actions: ['pause', 'end'] }, run: { elapsedMinutes: 0 } });
    const startedAt = new Date(panel.run.startedAt!).getTime();
    expect(panel.injects.map((i) => i.dueAt && new Date(i.dueAt).getTime() - startedAt)).toEqual([30, 45, 60, 90].map((m) => m * 60_000));
    // Its plan is closed while it runs.
    expect((await call('pakController', 'PATCH', `/api/exercises/${exerciseId}`, { title: 'Renamed' })).statusCode).toBe(409);
  });

  it('fires an inject when due, through the hotline, as an EXERCISE alert carrying the exercise', async () => {
    expect(await fireDueInjects(node.ctx)).toBe(0);
    node.clock.advance(31 * 60_000);
    const before = await livePicture('kazDuty');
    expect(await fireDueInjects(node.ctx)).toBe(1);
    const fired = await injectNamed('Cross-border raid reported');
    expect(fired).toMatchObject({ status: 'fired', made: { kind: 'alert' }, failure: null });
    const alert = await call('kazDuty', 'GET', `/api/alerts/${fired.made!.id}`);
    expect(alert.json()).toMatchObject({ exercise: true, summary: 'Armed group crossed near post 7', can: { respondFor: [kazDesk] } });
    const row = await node.ctx.database.db
      .selectFrom('alerts')
      .select(['exercise_id', 'raised_by'])
      .where('id', '=', fired.made!.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ exercise_id: exerciseId, raised_by: users.pakController!.id });
    // Acknowledged in 4 minutes by KAZ, and UZB not at all: met, and pending until UZB's time runs out.
    node.clock.advance(4 * 60_000);
    expect((await call('kazDuty', 'POST', `/api/alerts/${fired.made!.id}/acknowledge`, { deskId: kazDesk })).statusCode).toBe(200);
    const scored = (await injectNamed('Cross-border raid reported')).expectations;
    expect(scored.map((e) => [e.nation, e.verdict])).toEqual([
      ['KAZ', 'met'],
      ['UZB', 'pending'],
    ]);
    expect(scored[0]!.minutesTaken).toBeGreaterThanOrEqual(4);
    expect(scored[0]!.minutesTaken).toBeLessThan(6);
    expect(await livePicture('kazDuty')).toEqual(before);
  });

  it('pauses: nothing fires while paused, and what is left moves on by the time paused', async () => {
    const before = (await injectNamed('Crisis room opened')).dueAt!;
    expect((await call('pakController', 'POST', `/api/exercises/${exerciseId}/control`, { action: 'pause' })).json()).toMatchObject({
      can: { actions: ['resume', 'end'] },
    });
    node.clock.advance(2 * HOUR);
    expect(await fireDueInjects(node.ctx)).toBe(0);
    expect((await injectNamed('Crisis room opened')).dueAt).toBeNull();
    // UZB's 15 minutes ran out meanwhile (deadlines are wall-clock time).
    expect((await injectNamed('Cross-border raid reported')).expectations[1]!.verdict).toBe('missed');
    await call('pakController', 'POST', `/api/exercises/${exerciseId}/control`, { action: 'resume' });
    const after = (await injectNamed('Crisis room opened')).dueAt!;
    // The clock is the test's, moved by hand, plus the few milliseconds the requests take.
    expect(new Date(after).getTime() - new Date(before).getTime()).toBeGreaterThanOrEqual(2 * HOUR);
    expect(new Date(after).getTime() - new Date(before).getTime()).toBeLessThan(2 * HOUR + 10_000);
  });

  it('fires once across a crash and a restart: a crash before the commit leaves nothing, the next run fires it', async () => {
    node.clock.advance(16 * 60_000);
    let calls = 0;
    const crashing: Context = {
      ...node.ctx,
      ids: {
        ...node.ctx.ids,
        uuid: () => {
          if (++calls === 1) throw new Error('the process died');
          return node.ctx.ids.uuid();
        },
      },
    };
    await expect(fireOneInject(crashing)).rejects.toThrow('the process died');
    expect((await injectNamed('Crisis room opened')).status).toBe('scheduled');
    const rooms = () =>
      node.ctx.database.db.selectFrom('crises').select(['id', 'exercise', 'status']).where('exercise_id', '=', exerciseId).execute();
    expect(await rooms()).toEqual([]);
    // Restarted: a new process (its own clock, the same database) fires what is due, once.
    const restarted: Context = { ...node.ctx, clock: new ManualClock() };
    // A fault (not a refusal) moves the inject's timer on a minute, so the injects behind it are not held up.
    (restarted.clock as ManualClock).advance(node.clock.now().getTime() - Date.now() + 61_000);
    expect(await Promise.all([fireDueInjects(restarted), fireDueInjects(restarted)])).toSatisfy(
      (counts: number[]) => counts[0]! + counts[1]! === 1,
    );
    expect(await fireDueInjects(restarted)).toBe(0);
    expect(await rooms()).toEqual([{ id: expect.any(String), exercise: true, status: 'open' }]);
    expect((await injectNamed('Crisis room opened')).made).toEqual({ kind: 'crisis', id: (await rooms())[0]!.id });
  });

  it('scores a report from the room and a controller’s verdict; tallies per objective and nation', async () => {
    const room = (await injectNamed('Crisis room opened')).made!.id;
    node.clock.advance(20 * 60_000);
    const report = await call('kazDuty', 'POST', '/api/crisis-entries', {
      crisisId: room,
      kind: 'sitrep',
      sitrep: { asOf: node.clock.now().toISOString(), level: 'degraded', situation: 'KAZ patrols on the border.' },
      label: label({ relTo: ['PAK', 'UZB'] }),
    });
    expect(report.statusCode, report.body).toBe(201);
    const opened = await injectNamed('Crisis room opened');
    expect(opened.expectations.map((e) => e.verdict)).toEqual(['met', 'pending']);
    const judged = await call(
      'pakController',
      'POST',
      `/api/exercises/${exerciseId}/injects/${opened.id}/expectations/${opened.expectations[1]!.id}/verdict`,
      { verdict: 'missed', note: 'The crossing stayed open for three hours.' },
    );
    expect(judged.statusCode, judged.body).toBe(200);
    const panel = judged.json() as ControlPanel;
    expect(panel.scores.total).toEqual({ met: 2, missed: 2, pending: 0 });
    expect(panel.scores.objectives).toEqual([
      { objective: 0, text: 'Acknowledge a cross-border alert within 15 minutes.', met: 1, missed: 1, pending: 0 },
      { objective: 1, text: 'Report in the crisis room within the hour.', met: 1, missed: 1, pending: 0 },
    ]);
    expect(panel.scores.nations).toEqual([
      { nation: 'KAZ', met: 2, missed: 0, pending: 0 },
      { nation: 'UZB', met: 0, missed: 2, pending: 0 },
    ]);
  });

  it('reports an inject the crisis room refuses in the control panel, and goes on', async () => {
    // The room's crisis was closed from under the exercise: the report that goes to it is refused.
    const room = (await injectNamed('Crisis room opened')).made!.id;
    await sql`update crises set status = 'closed' where id = ${room}`.execute(node.ctx.database.db);
    expect(await fireDueInjects(node.ctx)).toBe(1);
    const failed = await injectNamed('PAK situation report');
    expect(failed).toMatchObject({ status: 'failed', made: null, failure: 'The crisis is closed: its log takes no more entries.' });
    const entries = await node.ctx.database.db.selectFrom('crisis_entries').select('id').where('crisis_id', '=', room).execute();
    expect(entries).toHaveLength(1);
    await sql`update crises set status = 'open' where id = ${room}`.execute(node.ctx.database.db);
    node.clock.advance(30 * 60_000);
    expect(await fireDueInjects(node.ctx)).toBe(1);
    expect(await injectNamed('Casualty message')).toMatchObject({ status: 'fired', made: { kind: 'crisis-entry' } });
  });

  it('ends: the exercise is complete, what has not fired is cancelled, its rooms are closed; the live picture never counted any of it', async () => {
    const live = await livePicture('uzbDuty');
    await call('pakController', 'POST', `/api/exercises/${exerciseId}/injects`, {
      title: 'Never fires',
      atMinutes: 600,
      action: { kind: 'crisis', title: 'Second room', label: released },
    });
    const ended = await call('pakController', 'POST', `/api/exercises/${exerciseId}/control`, { action: 'end' });
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json()).toMatchObject({ status: 'complete', can: { actions: [], writeInjects: false } });
    expect((ended.json() as ControlPanel).injects.find((i) => i.title === 'Never fires')!.status).toBe('cancelled');
    node.clock.advance(12 * HOUR);
    expect(await fireDueInjects(node.ctx)).toBe(0);
    const pictured = await call('uzbDuty', 'GET', `/api/exercises/${exerciseId}/picture`);
    expect(pictured.statusCode, pictured.body).toBe(200);
    const picture = pictured.json();
    expect(picture.alerts).toHaveLength(1);
    expect(picture.crises).toEqual([expect.objectContaining({ title: 'Post 7 raid', status: 'closed' })]);
    expect((await call('tjkDuty', 'GET', `/api/exercises/${exerciseId}/picture`)).statusCode).toBe(404);
    expect(await livePicture('uzbDuty')).toEqual(live);
    // The dashboard's crisis counts were zero throughout for every participant.
    for (const who of ['kazDuty', 'uzbDuty', 'pakController'])
      expect((await call(who, 'GET', '/api/crises/summary')).json()).toEqual({ total: 0, openCrises: 0, alertsLastDay: 0 });
  });
});

describe('the MSEL, checked again', () => {
  it('hides an inject from a controller who may not read its record, leaves scripted reports out of the scores, and fails an inject the plan no longer fits', async () => {
    const now = node.clock.now().getTime();
    const planned = await call('pakController', 'POST', '/api/exercises', {
      title: 'Indus Sentinel II',
      kind: 'tabletop',
      venue: { online: true },
      timeZone: 'Asia/Karachi',
      startsAt: new Date(now + 24 * HOUR).toISOString(),
      endsAt: new Date(now + 72 * HOUR).toISOString(),
      participants: ['KAZ', 'UZB'],
      label: released,
    });
    expect(planned.statusCode, planned.body).toBe(201);
    const id = (planned.json() as Exercise).id;
    for (const status of ['planning', 'approved']) await call('pakController', 'POST', `/api/exercises/${id}/status`, { status });
    const add = async (body: object) => {
      const response = await call('pakController', 'POST', `/api/exercises/${id}/injects`, body);
      expect(response.statusCode, response.body).toBe(201);
      return response.json() as ControlPanel;
    };
    const secret = label({ classification: 'SECRET', relTo: ['KAZ', 'UZB'] });
    const roomId = (
      await add({
        title: 'Secret room',
        atMinutes: 0,
        action: { kind: 'crisis', title: 'Valley raid', label: secret },
        expectations: [{ kind: 'sitrep', nation: 'PAK', withinMinutes: 60 }],
      })
    ).injects.find((i) => i.title === 'Secret room')!.id;
    await add({
      title: 'Scripted report',
      atMinutes: 1,
      action: { kind: 'sitrep', crisisInjectId: roomId, sitrep: { level: 'normal', situation: 'Quiet in the valley.' }, label: secret },
    });
    await add({
      title: 'Raid alert',
      atMinutes: 2,
      action: { kind: 'alert', severity: 'routine', summary: 'Raid on the valley post', targetDesks: [kazDesk], label: released },
      expectations: [{ kind: 'acknowledge', nation: 'KAZ', deskId: kazDesk, withinMinutes: 15 }],
    });
    // A RESTRICTED controller sees only the inject whose record they may read; the others are as if not there.
    const junior = (await call('pakJunior', 'GET', `/api/exercises/${id}/control`)).json() as ControlPanel;
    expect(junior.can.control).toBe(true);
    expect(junior.injects.map((i) => i.title)).toEqual(['Raid alert']);
    expect(junior.scores.total).toEqual({ met: 0, missed: 0, pending: 1 });
    const room = { title: 'Mine now', atMinutes: 0, action: { kind: 'crisis', title: 'Renamed', label: released } };
    expect((await call('pakJunior', 'PUT', `/api/exercises/${id}/injects/${roomId}`, room)).statusCode).toBe(404);
    expect((await call('pakJunior', 'DELETE', `/api/exercises/${id}/injects/${roomId}`)).statusCode).toBe(404);

    // The plan changes before STARTEX: KAZ no longer takes part, so the alert to its desk no longer fits.
    expect((await call('pakController', 'PATCH', `/api/exercises/${id}`, { participants: ['UZB'] })).statusCode).toBe(200);
    expect((await call('pakController', 'POST', `/api/exercises/${id}/control`, { action: 'start' })).statusCode).toBe(200);
    node.clock.advance(3 * 60_000);
    expect(await fireDueInjects(node.ctx)).toBe(3);
    const panel = (await call('pakController', 'GET', `/api/exercises/${id}/control`)).json() as ControlPanel;
    expect(panel.injects.map((i) => [i.title, i.status])).toEqual([
      ['Secret room', 'fired'],
      ['Scripted report', 'fired'],
      ['Raid alert', 'failed'],
    ]);
    expect(panel.injects[2]!.failure).toBe(
      "The inject no longer fits the exercise as it now stands: This desk's nation, KAZ, does not take part in the exercise. KAZ does not take part in the exercise.",
    );
    // PAK's own expected report is still awaited: the inject's scripted one does not count.
    expect(panel.injects[0]!.expectations[0]!.verdict).toBe('pending');
    await call('pakController', 'POST', `/api/exercises/${id}/control`, { action: 'end' });
  });
});
