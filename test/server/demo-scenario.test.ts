/**
 * The demo data shows every screen at work: what `npm start` seeds after the node serves gives a
 * partner related records and a graph, duty desks with rosters and shifts, one alert acknowledged
 * and one escalating, a crisis room in progress, a saved search with unread matches, and files on
 * a meeting's agenda.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_NATIONS, demoUsername, loadDemoData, loadPendingDemoScene } from '../../src/server/domain/demo/demo-data';
import { userRepository } from '../../src/server/db/repositories/user-repository';
import { makeToken } from '../kit/factories';
import { bearer } from '../kit/http';
import { startTestNode } from '../kit/test-node';
import type { MadeUser } from '../kit/factories';
import type { TestNode } from '../kit/test-node';

let node: TestNode;
const tokens = new Map<string, string>();
const get = async (username: string, url: string) => {
  if (!tokens.has(username)) {
    const user = await userRepository(node.ctx.database.db).findByUsername(username);
    tokens.set(username, await makeToken(node.ctx, { id: user!.id } as MadeUser));
  }
  const response = await node.app.http.inject({ method: 'GET', url, headers: bearer(tokens.get(username)!) });
  expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
  return response.json();
};

beforeAll(async () => {
  node = await startTestNode('PAK');
  await loadDemoData(node.ctx);
  // What `loadPendingDemoIncidents` does first, without generating the 2,500 background incidents.
  expect(await loadPendingDemoScene(node.ctx)).toBe(true);
  expect(await loadPendingDemoScene(node.ctx)).toBe(false);
}, 300_000);
afterAll(() => node.close());

describe('the demo scene', () => {
  it('links actors and indicators to released incidents a partner reads, so related records show', async () => {
    const found = await get('kaz.analyst', `/api/incidents?q=${encodeURIComponent('Weapons cache found on the river road')}`);
    expect(found.items).toHaveLength(1);
    const id = found.items[0].id;
    const links = await get('kaz.analyst', `/api/incidents/${id}/links`);
    expect(links.actors.map((a: { name: string }) => a.name).sort()).toEqual(['Amu Darya river network', 'Southern ridge armed group']);
    expect(links.indicators.map((i: { value: string }) => i.value).sort()).toEqual(['203.0.113.77', 'river-cargo-tracking.example']);
    const related = await get('kaz.analyst', `/api/incidents/${id}/related`);
    const titles = related.items.map((r: { title: string }) => r.title);
    expect(titles).toEqual(
      expect.arrayContaining(['Opiates seized from a river barge near Termez', 'Border post fired on from across the river']),
    );
  });

  it('gives every nation a duty desk with its roster and shifts covering now', async () => {
    for (const nation of DEMO_NATIONS) {
      const duty = demoUsername(nation.code, 'duty-officer');
      const desks = await get(duty, '/api/desks');
      const own = desks.items.find(
        (d: { nation: string; name: string }) => d.nation === nation.code && d.name === `${nation.code} national duty desk`,
      );
      expect(own, nation.code).toBeDefined();
      const desk = await get(duty, `/api/desks/${own.id}`);
      expect(desk.roster.map((r: { role: string; username: string }) => `${r.role} ${r.username}`).sort()).toEqual([
        `deputy ${demoUsername(nation.code, 'analyst')}`,
        `headquarters ${demoUsername(nation.code, 'node-admin')}`,
        `primary ${duty}`,
      ]);
      const now = node.clock.now().getTime();
      expect(
        desk.shifts.some((s: { startsAt: string; endsAt: string }) => Date.parse(s.startsAt) <= now && now < Date.parse(s.endsAt)),
      ).toBe(true);
      // A partner sees how to call the desk.
      const partner = DEMO_NATIONS.find((n) => n.code !== nation.code)!;
      const seen = await get(demoUsername(partner.code, 'duty-officer'), `/api/desks/${own.id}`);
      expect(seen.contacts.map((c: { kind: string }) => c.kind)).toEqual(['phone', 'secure-voice', 'email']);
      expect(seen.contacts[0].value).toMatch(/^\+\d{1,3} 555 0100$/);
    }
  });

  it('has one alert acknowledged and one still escalating', async () => {
    const alerts = (await get('uzb.duty-officer', '/api/alerts')).items as {
      summary: string;
      targets: { nation: string; status: string; escalation?: { dueAt: string | null }; response?: { kind: string } }[];
    }[];
    const acknowledged = alerts.find((a) => a.summary === 'Armed group moving towards the Termez crossing');
    expect(acknowledged?.targets).toEqual([
      expect.objectContaining({ nation: 'UZB', status: 'acknowledged', response: expect.objectContaining({ kind: 'acknowledge' }) }),
    ]);
    // The desk's own nation sees where its escalation stands.
    const atKgz = (await get('kgz.duty-officer', '/api/alerts')).items as typeof alerts;
    const escalating = atKgz.find((a) => a.summary === 'Shots fired at the Batken border post');
    expect(escalating?.targets).toEqual([
      expect.objectContaining({ nation: 'KGZ', status: 'escalating', escalation: expect.objectContaining({ dueAt: expect.any(String) }) }),
    ]);
  });

  it('has a crisis room in progress with its log, a sitrep, a request and a task', async () => {
    const crises = (await get('usa.duty-officer', '/api/crises')).items as {
      id: string;
      title: string;
      status: string;
      participants: string[];
    }[];
    const crisis = crises.find((c) => c.title === 'Termez crossing: armed group on the river road');
    expect(crisis).toMatchObject({ status: 'open', participants: expect.arrayContaining(['USA', 'UZB', 'KGZ']) });
    const entries = await get('usa.duty-officer', `/api/crisis-entries?crisis=${crisis!.id}`);
    expect(entries.items.map((e: { kind: string }) => e.kind).sort()).toEqual(expect.arrayContaining(['log', 'request', 'sitrep', 'task']));
  });

  it('has a saved search with unread new matches', async () => {
    const notifications = await get('uzb.analyst', '/api/notifications');
    expect(notifications.unread).toBeGreaterThan(0);
    expect(notifications.items[0]).toMatchObject({ kind: 'saved-search', count: expect.any(Number) });
    expect(notifications.items[0].count).toBeGreaterThanOrEqual(3);
  });

  it('leaves the other nations quiet: no real alert or crisis for KAZ, PAK or TJK (Indus Sentinel’s are EXERCISE ones)', async () => {
    for (const username of ['kaz.duty-officer', 'pak.duty-officer', 'tjk.duty-officer']) {
      const real = (items: { exercise: boolean }[]) => items.filter((i) => !i.exercise);
      expect(real((await get(username, '/api/alerts')).items), username).toEqual([]);
      expect(real((await get(username, '/api/crises')).items), username).toEqual([]);
    }
    // KAZ's: Indus Sentinel's running alert and Caspian Liaison's, months ago; TJK's: Fergana Bridge's.
    expect((await get('kaz.duty-officer', '/api/alerts')).items.map((a: { exercise: boolean }) => a.exercise)).toEqual([true, true]);
    expect((await get('tjk.duty-officer', '/api/alerts')).items.map((a: { exercise: boolean }) => a.exercise)).toEqual([true]);
  });

  it('has files on the conference’s agenda, the sidebar’s for PAK and KAZ alone', async () => {
    const filesFor = async (username: string) => {
      const meetings = await get(username, '/api/meetings');
      const conference = meetings.items.find((m: { title: string }) => m.title === 'Regional Chiefs of Defence Conference');
      const meeting = await get(username, `/api/meetings/${conference.id}`);
      return meeting.agenda.flatMap((item: { attachments: { fileName: string; nation: string }[] }) =>
        item.attachments.map((a) => `${a.nation}: ${a.fileName}`),
      );
    };
    expect(await filesFor('kaz.analyst')).toEqual([
      'PAK: Conference programme.pdf',
      'TJK: Northern routes - seizures.txt',
      'KAZ: Wakhan liaison posts.txt',
    ]);
    expect(await filesFor('uzb.analyst')).toEqual(['PAK: Conference programme.pdf', 'TJK: Northern routes - seizures.txt']);
  });

  it('has a year of exercises of every kind and status, busy blocks, KGZ’s imported drafts and a holiday clash to find', async () => {
    // Each nation's viewer reads the exercises its nation takes part in; together, all thirteen.
    const seen = new Map<string, { id: string; title: string; kind: string; status: string }>();
    for (const nation of DEMO_NATIONS)
      for (const e of (await get(demoUsername(nation.code, 'viewer'), '/api/exercises?limit=200')).items) seen.set(e.id, e);
    const all = [...seen.values()];
    expect(all).toHaveLength(13);
    expect(new Set(all.map((e) => e.kind))).toEqual(
      new Set(['tabletop', 'command-post', 'field', 'live-fire', 'seminar', 'computer-assisted']),
    );
    expect(new Set(all.map((e) => e.status))).toEqual(new Set(['concept', 'planning', 'approved', 'executing', 'complete', 'cancelled']));
    const indus = all.find((e) => e.title === 'Indus Resolve')!;
    const clashes = (await get('pak.exercise-planner', `/api/exercises/${indus.id}/clashes`)).clashes as {
      with: { kind: string; nation?: string };
    }[];
    expect(clashes.some((c) => c.with.kind === 'holiday' && c.with.nation === 'UZB')).toBe(true);
    const steppe = (await get('pak.exercise-planner', '/api/exercises?limit=200')).items.find(
      (e: { title: string }) => e.title === 'Steppe Shield',
    );
    const steppeClashes = (await get('pak.exercise-planner', `/api/exercises/${steppe.id}/clashes`)).clashes as {
      with: { kind: string };
    }[];
    expect(steppeClashes.some((c) => c.with.kind === 'busy-block')).toBe(true);
    const drafts = (await get('kgz.exercise-planner', '/api/busy-blocks?status=draft')).items as { title: string }[];
    expect(drafts.map((b) => b.title)).toEqual(['Unavailable', 'Unavailable']);
    expect((await get('kaz.exercise-planner', '/api/busy-blocks?status=draft')).items).toEqual([]);
  });

  it('has metrics of the exercises that ran, quicker each time, as each nation may read them', async () => {
    /** [exercise, nation, median minutes] of each nation's acknowledgements, in the order the exercises ran. */
    const acknowledged = async (username: string) => {
      const metrics = await get(username, '/api/exercises/metrics?measure=acknowledge');
      const title = new Map(metrics.exercises.map((e: { id: string; title: string }) => [e.id, e.title]));
      return metrics.rows
        .filter((r: { desk: unknown }) => r.desk === null)
        .map((r: { exerciseId: string; nation: string; medianMinutes: number }) => [title.get(r.exerciseId), r.nation, r.medianMinutes]);
    };
    // An answer is released to the nation that raised the alert: a nation sees its own answers and those to its alerts.
    expect(await acknowledged('uzb.viewer')).toEqual([
      ['Caspian Liaison', 'UZB', 18],
      ['Fergana Bridge', 'KGZ', 11],
      ['Fergana Bridge', 'TJK', 16],
    ]);
    expect(await acknowledged('kaz.viewer')).toEqual([
      ['Caspian Liaison', 'USA', 26],
      ['Caspian Liaison', 'UZB', 18],
      ['Indus Sentinel', 'KAZ', expect.any(Number)],
    ]);
    const reports = await get('uzb.viewer', '/api/exercises/metrics?measure=first-report');
    expect(reports.rows.map((r: { nation: string; medianMinutes: number }) => [r.nation, r.medianMinutes])).toEqual([
      ['UZB', 55],
      ['KGZ', 35],
    ]);
  });

  it('runs Indus Sentinel: part of its MSEL fired, KAZ acknowledged in time, the rest still to come', async () => {
    const sentinel = (await get('pak.exercise-planner', '/api/exercises?limit=200')).items.find(
      (e: { title: string }) => e.title === 'Indus Sentinel',
    );
    const panel = await get('pak.exercise-planner', `/api/exercises/${sentinel.id}/control`);
    expect(panel.status).toBe('executing');
    expect(panel.run.elapsedMinutes).toBeGreaterThanOrEqual(120);
    expect(panel.injects.map((i: { title: string; status: string }) => [i.title, i.status])).toEqual([
      ['Cross-border raid reported', 'fired'],
      ['Joint crisis room opened', 'fired'],
      ['PAK first situation report', 'fired'],
      ['Casualties evacuated', 'scheduled'],
      ['Second group sighted', 'scheduled'],
    ]);
    expect(panel.injects[0].expectations.map((e: { nation: string; verdict: string }) => [e.nation, e.verdict])).toEqual([
      ['KAZ', 'met'],
      ['UZB', 'pending'],
    ]);
    // KAZ's duty officer sees the EXERCISE alert and the room, not the MSEL.
    const atKaz = await get('kaz.duty-officer', `/api/exercises/${sentinel.id}/picture`);
    expect(atKaz.alerts).toHaveLength(1);
    expect(atKaz.crises.map((c: { title: string }) => c.title)).toEqual(['Post 7 raid']);
    expect((await get('kaz.duty-officer', `/api/exercises/${sentinel.id}/control`)).injects).toEqual([]);
  });
});
