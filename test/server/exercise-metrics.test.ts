import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseCsv } from 'csv-parse/sync';
import { fireDueInjects } from '../../src/server/domain/training/inject-firing';
import { label, makeOrg, makeToken, makeUser } from '../kit/factories';
import { bearer } from '../kit/http';
import { startTestNode } from '../kit/test-node';
import type { ControlPanel } from '../../src/shared/contracts/exercise-control';
import type { MetricsView } from '../../src/shared/contracts/exercise-metrics';
import type { Exercise } from '../../src/shared/contracts/training';
import type { TestNode } from '../kit/test-node';

/**
 * Exercise metrics on PAK's node from a run played through the real hotline and crisis rooms: KAZ
 * acknowledges the injected alert in 4 minutes and UZB in 12, KAZ reports in the injected room
 * after 30 and UZB's offer answering PAK's request is accepted 25 minutes after it; the figures come from the records'
 * own times, only over what the reader may read, and never from records outside an exercise or a
 * partner's records marked with PAK's exercise.
 */
let node: TestNode;
const token: Record<string, string> = {};
const desks: Record<string, string> = {};
let exerciseId = '';
const MINUTE = 60_000;
const released = label({ relTo: ['KAZ', 'UZB'] });
/** What KAZ and UZB write in the room, released to the other two. */
const fromKaz = label({ relTo: ['PAK', 'UZB'] });
const fromUzb = label({ relTo: ['PAK', 'KAZ'] });

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH';
const call = (who: string, method: Method, url: string, payload?: object) =>
  node.app.http.inject({ method, url, headers: bearer(token[who]!), ...(payload ? { payload } : {}) });
const ok = async (who: string, method: Method, url: string, payload?: object) => {
  const response = await call(who, method, url, payload);
  expect(response.statusCode, response.body).toBeLessThan(300);
  return response.json();
};
const metrics = async (who: string, query = '') => {
  const response = await call(who, 'GET', `/api/exercises/metrics${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as MetricsView;
};
/** The rows as [measure, nation, desk, count, median minutes], minutes to the whole minute (requests take milliseconds). */
const figures = (view: MetricsView) =>
  view.rows.map((r) => [r.measure, r.nation, r.desk?.name ?? null, r.count, Math.round(r.medianMinutes)]);

beforeAll(async () => {
  node = await startTestNode();
  const { ctx } = node;
  const pakMod = await makeOrg(ctx, 'PAK', 'PAK joint staff');
  const users = {
    pakController: await makeUser(ctx, { nation: 'PAK', org: pakMod, roles: ['exercise-planner', 'duty-officer'] }),
    kazDuty: await makeUser(ctx, { nation: 'KAZ', roles: ['duty-officer'] }),
    uzbDuty: await makeUser(ctx, { nation: 'UZB', roles: ['duty-officer'] }),
    tjkDuty: await makeUser(ctx, { nation: 'TJK', roles: ['duty-officer'] }),
  };
  for (const [name, user] of Object.entries(users)) token[name] = await makeToken(ctx, user);
  for (const [who, name] of [
    ['kazDuty', 'KAZ border duty'],
    ['uzbDuty', 'UZB border duty'],
  ] as const) {
    desks[who] = (await ok(who, 'POST', '/api/desks', { name })).id;
    await ok(who, 'PUT', `/api/desks/${desks[who]}/roster`, { primary: [users[who].id], deputy: [], headquarters: [] });
  }
  const now = node.clock.now().getTime();
  exerciseId = (
    (await ok('pakController', 'POST', '/api/exercises', {
      title: 'Indus Sentinel',
      kind: 'command-post',
      venue: { online: true },
      timeZone: 'Asia/Karachi',
      startsAt: new Date(now + 60 * MINUTE).toISOString(),
      endsAt: new Date(now + 48 * 60 * MINUTE).toISOString(),
      participants: ['KAZ', 'UZB'],
      label: released,
    })) as Exercise
  ).id;
  await ok('pakController', 'POST', `/api/exercises/${exerciseId}/injects`, {
    title: 'Cross-border raid reported',
    atMinutes: 10,
    action: {
      kind: 'alert',
      severity: 'flash',
      summary: 'Armed group crossed near post 7',
      targetDesks: [desks.kazDuty, desks.uzbDuty],
      label: released,
    },
  });
  await ok('pakController', 'POST', `/api/exercises/${exerciseId}/injects`, {
    title: 'Crisis room opened',
    atMinutes: 20,
    action: { kind: 'crisis', title: 'Post 7 raid', label: released },
  });
  for (const status of ['planning', 'approved']) await ok('pakController', 'POST', `/api/exercises/${exerciseId}/status`, { status });
  await ok('pakController', 'POST', `/api/exercises/${exerciseId}/control`, { action: 'start' });
});
afterAll(() => node.close());

describe('exercise metrics', () => {
  it('say nothing before anyone has answered, and say so to every reader alike', async () => {
    expect(await metrics('pakController')).toEqual({ exercises: [], rows: [] });
    expect(await metrics('tjkDuty')).toEqual({ exercises: [], rows: [] });
  });

  it('measure acknowledgements, a first report and an accepted offer from the records’ own times', async () => {
    node.clock.advance(11 * MINUTE);
    expect(await fireDueInjects(node.ctx)).toBe(1);
    const panel = (await ok('pakController', 'GET', `/api/exercises/${exerciseId}/control`)) as ControlPanel;
    const alertId = panel.injects.find((i) => i.title === 'Cross-border raid reported')!.made!.id;
    node.clock.advance(4 * MINUTE);
    await ok('kazDuty', 'POST', `/api/alerts/${alertId}/acknowledge`, { deskId: desks.kazDuty });
    node.clock.advance(8 * MINUTE);
    await ok('uzbDuty', 'POST', `/api/alerts/${alertId}/acknowledge`, { deskId: desks.uzbDuty });
    // The room's inject was due at 20 minutes; it fires now, at 23, and the room opens then.
    expect(await fireDueInjects(node.ctx)).toBe(1);
    const roomId = ((await ok('pakController', 'GET', `/api/exercises/${exerciseId}/control`)) as ControlPanel).injects.find(
      (i) => i.title === 'Crisis room opened',
    )!.made!.id;
    node.clock.advance(30 * MINUTE);
    const asOf = node.clock.now().toISOString();
    await ok('kazDuty', 'POST', '/api/crisis-entries', {
      crisisId: roomId,
      kind: 'sitrep',
      sitrep: { asOf, level: 'degraded', situation: 'KAZ patrols on the border.' },
      label: fromKaz,
    });
    // A second report from KAZ does not change its time to a first one.
    node.clock.advance(10 * MINUTE);
    await ok('kazDuty', 'POST', '/api/crisis-entries', {
      crisisId: roomId,
      kind: 'sitrep',
      sitrep: { asOf, level: 'normal', situation: 'Border quiet.' },
      label: fromKaz,
    });
    const request = await ok('pakController', 'POST', '/api/crisis-entries', {
      crisisId: roomId,
      kind: 'request',
      what: 'Medical evacuation helicopter',
      label: released,
    });
    node.clock.advance(5 * MINUTE);
    const offer = await ok('uzbDuty', 'POST', '/api/crisis-entries', {
      crisisId: roomId,
      kind: 'offer',
      what: 'One Mi-17 from Termez',
      requestId: request.id,
      label: fromUzb,
    });
    node.clock.advance(20 * MINUTE);
    await ok('pakController', 'POST', `/api/crisis-entries/${offer.id}/actions`, { action: 'accept' });

    const seen = await metrics('pakController');
    expect(seen.exercises).toEqual([{ id: exerciseId, title: 'Indus Sentinel', lead: 'PAK', startedAt: expect.any(String) }]);
    expect(figures(seen)).toEqual([
      ['acknowledge', 'KAZ', null, 1, 4],
      ['acknowledge', 'KAZ', 'KAZ border duty', 1, 4],
      ['acknowledge', 'UZB', null, 1, 12],
      ['acknowledge', 'UZB', 'UZB border duty', 1, 12],
      ['first-report', 'KAZ', null, 1, 30],
      ['offer-accepted', 'PAK', null, 1, 25],
    ]);
  });

  it('filter by exercise, nation and measure, and refuse a filter that is not one, naming it', async () => {
    expect(figures(await metrics('pakController', '?nation=UZB'))).toEqual([
      ['acknowledge', 'UZB', null, 1, 12],
      ['acknowledge', 'UZB', 'UZB border duty', 1, 12],
    ]);
    expect(figures(await metrics('pakController', '?measure=offer-accepted'))).toEqual([['offer-accepted', 'PAK', null, 1, 25]]);
    expect((await metrics('pakController', `?exercise=${exerciseId}`)).rows).toHaveLength(6);
    // An exercise the reader may not read and one that exists nowhere answer alike, byte for byte.
    const tjkPlanner = await makeUser(node.ctx, { nation: 'TJK', roles: ['exercise-planner'] });
    token.tjkPlanner = await makeToken(node.ctx, tjkPlanner);
    const now = node.clock.now().getTime();
    const hidden = await ok('tjkPlanner', 'POST', '/api/exercises', {
      title: 'Vakhsh Guardian',
      kind: 'tabletop',
      venue: { online: true },
      timeZone: 'Asia/Dushanbe',
      startsAt: new Date(now + 600 * MINUTE).toISOString(),
      endsAt: new Date(now + 900 * MINUTE).toISOString(),
      participants: ['TJK'],
      label: label(),
    });
    const unreadable = await call('pakController', 'GET', `/api/exercises/metrics?exercise=${hidden.id}`);
    const missing = await call('pakController', 'GET', `/api/exercises/metrics?exercise=${node.ctx.ids.uuid()}`);
    expect(unreadable.statusCode).toBe(200);
    expect(unreadable.body).toBe(missing.body);
    expect(missing.json()).toEqual({ exercises: [], rows: [] });
    const bad = await call('pakController', 'GET', '/api/exercises/metrics?measure=speed&nation=kaz');
    expect(bad.statusCode).toBe(400);
    expect((bad.json().error.issues as { path: string }[]).map((i) => i.path).sort()).toEqual(['measure', 'nation']);
  });

  it('rest only on what the reader may read', async () => {
    // TJK takes no part: the exercise and everything in it are beyond its reach.
    expect(await metrics('tjkDuty')).toEqual({ exercises: [], rows: [] });
    // An answer is released to the alert's nation, not to the other desks: KAZ's figures are PAK's without UZB's acknowledgement.
    expect(figures(await metrics('kazDuty'))).toEqual(
      figures(await metrics('pakController')).filter(([measure, nation]) => !(measure === 'acknowledge' && nation === 'UZB')),
    );
    // Narrowed so UZB may no longer read PAK's request: UZB's figures lose the accepted offer, PAK's keep it.
    await node.ctx.database.db
      .updateTable('crisis_entries')
      .set({ rel_to: ['KAZ'] })
      .where('kind', '=', 'request')
      .execute();
    expect((await metrics('uzbDuty', '?measure=offer-accepted')).rows).toEqual([]);
    expect((await metrics('pakController', '?measure=offer-accepted')).rows).toHaveLength(1);
  });

  it('never count an alert outside an exercise, nor a partner’s alert marked with PAK’s exercise', async () => {
    const before = figures(await metrics('pakController'));
    const live = await ok('kazDuty', 'POST', '/api/alerts', {
      severity: 'priority',
      summary: 'Real smuggling convoy',
      targetDesks: [desks.uzbDuty],
      label: fromKaz,
    });
    await ok('uzbDuty', 'POST', `/api/alerts/${live.id}/acknowledge`, { deskId: desks.uzbDuty });
    expect(figures(await metrics('pakController'))).toEqual(before);
    // The same alert claimed for PAK's exercise (as a hostile partner's node could send it): still not PAK's figures.
    await node.ctx.database.db.updateTable('alerts').set({ exercise: true, exercise_id: exerciseId }).where('id', '=', live.id).execute();
    expect(figures(await metrics('pakController'))).toEqual(before);
  });

  it('download as CSV, the same rows with the exercise named', async () => {
    const response = await call('pakController', 'GET', '/api/exercises/metrics/export');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="exercise-metrics-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = parseCsv(response.body, { columns: true }) as Record<string, string>[];
    const view = await metrics('pakController');
    expect(lines.map((l) => [l.exercise, l.measure, l.nation, l.desk, Number(l.count), Number(l.median_minutes)])).toEqual(
      view.rows.map((r) => ['Indus Sentinel', r.measure, r.nation, r.desk?.name ?? '', r.count, r.medianMinutes]),
    );
  });
});
