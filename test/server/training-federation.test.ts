/**
 * Joint training across nodes. PAK, KAZ and UZB each run a node and share one directory. PAK plans
 * an exercise with KAZ and UZB: it travels from PAK's node, and only PAK's node changes it. KAZ
 * publishes busy blocks on its own node, released to PAK alone: PAK's planners see the clash, UZB's
 * node never receives them; drafts stay on KAZ's node until published, and a withdrawal follows.
 * PAK runs the exercise: its inject's alert to a KAZ desk escalates on KAZ's node, and KAZ's
 * acknowledgement scores the expectation back on PAK's. KAZ's observation of the exercise, and the
 * lesson it becomes, travel from KAZ's node to PAK's and UZB's; no other node rewrites it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullFrom } from '../../src/server/domain/federation/pull';
import { publishDue } from '../../src/server/domain/taxii/publisher';
import { applyBusyBlock, applyExercise, applyObservation } from '../../src/server/domain/training/training-from-peers';
import { BUSY_BLOCK_TYPE, EXERCISE_TYPE, OBSERVATION_TYPE } from '../../src/server/domain/training/training-stix';
import { EXTENSIONS } from '../../src/server/domain/stix/stix-vocab';
import { peerRepository } from '../../src/server/db/repositories/peer-repository';
import { fireDueInjects } from '../../src/server/domain/training/inject-firing';
import { labelFromColumns } from '../../src/shared/labels/label-columns';
import { label } from '../kit/factories';
import { bearer } from '../kit/http';
import { startThreeNodes } from '../kit/three-nodes';
import type { Received } from '../../src/server/domain/federation/received';
import type { TestNode } from '../kit/test-node';
import type { NodeKey } from '../kit/three-nodes';
import type { BusyBlockView, ClashView, Exercise } from '../../src/shared/contracts/training';
import type { ControlPanel } from '../../src/shared/contracts/exercise-control';
import type { ObservationView } from '../../src/shared/contracts/lessons';

type Key = NodeKey;
let nodes = {} as Record<Key, TestNode>;
let tokens = {} as Record<Key, string>;

beforeAll(async () => {
  ({ nodes, tokens } = await startThreeNodes({
    pak: ['exercise-planner'],
    kaz: ['exercise-planner', 'duty-officer'],
    uzb: ['exercise-planner'],
  }));
});
afterAll(async () => {
  for (const node of Object.values(nodes)) await node.close();
});

const call = (who: Key, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object) =>
  nodes[who].app.http.inject({ method, url, headers: bearer(tokens[who]), ...(payload ? { payload } : {}) });

async function pull(to: Key, from: Key) {
  while ((await publishDue(nodes[from].ctx)) > 0);
  const pulled = await pullFrom(nodes[to].ctx, nodes[from].ctx.node.nodeId);
  expect(pulled.rejected).toBe(0);
  return pulled;
}

const brigade = { nation: 'KAZ', name: '36th Air Assault Brigade' };
let exerciseId = '';

describe('exercises across nodes', () => {
  it('travel from the lead’s node to the nations taking part, changes included; only the lead’s node plans them', async () => {
    const made = await call('pak', 'POST', '/api/exercises', {
      title: 'Steppe Shield 2027',
      kind: 'command-post',
      venue: { online: false, name: 'Matybulak range', country: 'KAZ', lat: 43.35, lon: 74.75 },
      timeZone: 'Asia/Almaty',
      startsAt: '2027-06-01T03:00:00Z',
      endsAt: '2027-06-05T12:00:00Z',
      participants: ['KAZ', 'UZB'],
      units: [brigade],
      milestones: [{ kind: 'main-planning-conference', startsAt: '2027-03-02T04:00:00Z', endsAt: '2027-03-04T12:00:00Z' }],
      label: label({ relTo: ['KAZ', 'UZB'] }),
    });
    expect(made.statusCode, made.body).toBe(201);
    exerciseId = made.json().id;
    await pull('kaz', 'pak');
    const there = (await call('kaz', 'GET', `/api/exercises/${exerciseId}`)).json() as Exercise;
    expect(there).toMatchObject({ title: 'Steppe Shield 2027', lead: 'PAK', partnerNode: true, units: [brigade], can: { plan: false } });
    expect(there.milestones.map((m) => m.id)).toEqual((made.json() as Exercise).milestones.map((m) => m.id));
    expect((await call('pak', 'POST', `/api/exercises/${exerciseId}/status`, { status: 'planning' })).statusCode).toBe(200);
    await pull('kaz', 'pak');
    expect((await call('kaz', 'GET', `/api/exercises/${exerciseId}`)).json()).toMatchObject({ status: 'planning', version: 2 });
  });

  it('refuse, from a hostile partner’s node, a change to an exercise another node plans, and a broken one', async () => {
    await pull('uzb', 'pak');
    const uzb = nodes.uzb.ctx;
    const kazPeer = (await peerRepository(uzb.database.db).find(nodes.kaz.ctx.node.nodeId))!;
    const kazLabel = {
      ...labelFromColumns(await uzb.database.db.selectFrom('exercises').selectAll().executeTakeFirstOrThrow()),
      originator: { nation: 'KAZ', org: 'x' },
    };
    const forged = (id: string, body: object): Received => ({
      stixId: `${EXERCISE_TYPE}--${id}`,
      label: kazLabel,
      object: {
        type: EXERCISE_TYPE,
        id: `${EXERCISE_TYPE}--${id}`,
        created: new Date().toISOString(),
        modified: new Date().toISOString(),
        extensions: { [EXTENSIONS.exercise]: body },
      },
    });
    const body = {
      version: 9,
      title: 'Taken over',
      kind: 'field',
      status: 'approved',
      venue: { online: true },
      time_zone: 'Asia/Almaty',
      starts_at: '2027-06-01T03:00:00Z',
      ends_at: '2027-06-05T12:00:00Z',
      participants: ['KAZ', 'PAK', 'UZB'],
      created_at: new Date().toISOString(),
    };
    const apply = (object: Received) => uzb.database.transaction((tx) => applyExercise(uzb, tx.db, kazPeer, object, new Date()));
    await expect(apply(forged(exerciseId, body))).rejects.toThrow(/planned on another node/);
    await expect(apply(forged(uzb.ids.uuid(), { ...body, participants: ['PAK', 'UZB'] }))).rejects.toThrow(/not among its participants/);
    await expect(apply(forged(uzb.ids.uuid(), { ...body, units: [{ nation: 'TJK', name: 'Brigade' }] }))).rejects.toThrow(
      /not taking part/,
    );
    expect((await call('uzb', 'GET', `/api/exercises/${exerciseId}`)).json()).toMatchObject({
      title: 'Steppe Shield 2027',
      status: 'planning',
    });
    // A busy block may not rewrite another nation's.
    const block = (
      await call('kaz', 'POST', '/api/busy-blocks', {
        title: 'Unavailable',
        unit: null,
        timeZone: 'UTC',
        allDay: false,
        startsAt: '2027-02-01T00:00:00Z',
        endsAt: '2027-02-02T00:00:00Z',
        label: label({ relTo: ['UZB'] }),
      })
    ).json() as BusyBlockView;
    await pull('uzb', 'kaz');
    const pakPeer = (await peerRepository(uzb.database.db).find(nodes.pak.ctx.node.nodeId))!;
    const rewrite: Received = {
      stixId: `${BUSY_BLOCK_TYPE}--${block.id}`,
      label: { ...kazLabel, originator: { nation: 'PAK', org: 'y' } },
      object: {
        type: BUSY_BLOCK_TYPE,
        id: `${BUSY_BLOCK_TYPE}--${block.id}`,
        extensions: {
          [EXTENSIONS.busyBlock]: {
            version: 2,
            title: 'Free after all',
            all_day: false,
            starts_at: '2027-02-01T00:00:00Z',
            ends_at: '2027-02-02T00:00:00Z',
            time_zone: 'UTC',
            status: 'withdrawn',
            created_at: new Date().toISOString(),
          },
        },
      },
    };
    await expect(uzb.database.transaction((tx) => applyBusyBlock(uzb, tx.db, pakPeer, rewrite, new Date()))).rejects.toThrow(
      /another nation's/,
    );
  });
});

describe('busy blocks across nodes', () => {
  const september = {
    venue: { online: true },
    startsAt: '2027-09-09T00:00:00Z',
    endsAt: '2027-09-12T00:00:00Z',
    participants: ['KAZ'],
    units: [brigade],
  };
  const busyClashes = async (who: Key) => {
    const response = await call(who, 'POST', '/api/exercises/clash-check', september);
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as { clashes: ClashView[] }).clashes.filter((c) => c.with.kind === 'busy-block');
  };

  it('reach the nodes they are released to, published only, and their withdrawal follows', async () => {
    const published = (
      await call('kaz', 'POST', '/api/busy-blocks', {
        title: 'Unavailable',
        unit: brigade.name,
        timeZone: 'Asia/Almaty',
        allDay: true,
        startDate: '2027-09-06',
        endDate: '2027-09-10',
        label: label({ relTo: ['PAK'] }),
      })
    ).json() as BusyBlockView;
    const imported = await call('kaz', 'POST', '/api/busy-blocks/import', {
      calendar:
        'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//T//EN\r\nBEGIN:VEVENT\r\nUID:x\r\nSUMMARY:Leave\r\nDTSTART;VALUE=DATE:20270910\r\nDTEND;VALUE=DATE:20270912\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n',
      unit: null,
      timeZone: 'Asia/Almaty',
      label: label({ relTo: ['PAK'] }),
    });
    expect(imported.statusCode, imported.body).toBe(201);
    const [draftId] = imported.json().created as string[];
    await pull('pak', 'kaz');
    await pull('uzb', 'kaz');
    expect((await busyClashes('pak')).map((c) => c.with.kind === 'busy-block' && c.with.id)).toEqual([published.id]);
    expect((await call('pak', 'GET', `/api/busy-blocks/${draftId}`)).statusCode).toBe(404);
    expect((await call('uzb', 'GET', `/api/busy-blocks/${published.id}`)).statusCode).toBe(404);
    expect(
      await nodes.uzb.ctx.database.db.selectFrom('busy_blocks').select('id').where('id', 'in', [published.id, draftId!]).execute(),
    ).toEqual([]);

    await call('kaz', 'POST', `/api/busy-blocks/${draftId}/publish`);
    await call('kaz', 'POST', `/api/busy-blocks/${published.id}/withdraw`);
    await pull('pak', 'kaz');
    expect((await busyClashes('pak')).map((c) => c.with.kind === 'busy-block' && c.with.id)).toEqual([draftId]);
  });
});

describe('an exercise that runs across nodes', () => {
  it('sends an inject’s alert to a KAZ desk, which escalates on KAZ’s node; the acknowledgement scores on PAK’s', async () => {
    const kazPerson = (await call('kaz', 'GET', '/api/me')).json() as { user: { id: string } };
    const desk = await call('kaz', 'POST', '/api/desks', { name: 'KAZ border duty' });
    expect(desk.statusCode, desk.body).toBe(201);
    const deskId = desk.json().id as string;
    await call('kaz', 'PUT', `/api/desks/${deskId}/roster`, { primary: [kazPerson.user.id], deputy: [], headquarters: [] });
    await pull('pak', 'kaz');
    expect((await call('pak', 'POST', `/api/exercises/${exerciseId}/status`, { status: 'approved' })).statusCode).toBe(200);
    const added = await call('pak', 'POST', `/api/exercises/${exerciseId}/injects`, {
      title: 'Raid on post 7',
      atMinutes: 0,
      action: {
        kind: 'alert',
        severity: 'flash',
        summary: 'Armed group crossed near post 7',
        targetDesks: [deskId],
        label: label({ relTo: ['KAZ', 'UZB'] }),
      },
      expectations: [{ kind: 'acknowledge', nation: 'KAZ', deskId, withinMinutes: 15 }],
    });
    expect(added.statusCode, added.body).toBe(201);
    expect((await call('pak', 'POST', `/api/exercises/${exerciseId}/control`, { action: 'start' })).statusCode).toBe(200);
    expect(await fireDueInjects(nodes.pak.ctx)).toBe(1);
    const alertId = ((await call('pak', 'GET', `/api/exercises/${exerciseId}/control`)).json() as ControlPanel).injects[0]!.made!.id;

    await pull('kaz', 'pak');
    const atKaz = (await call('kaz', 'GET', `/api/alerts/${alertId}`)).json();
    expect(atKaz).toMatchObject({
      exercise: true,
      targets: [{ deskId, partnerNode: false, status: 'escalating' }],
      can: { respondFor: [deskId] },
    });
    const row = await nodes.kaz.ctx.database.db
      .selectFrom('alerts')
      .select('exercise_id')
      .where('id', '=', alertId)
      .executeTakeFirstOrThrow();
    expect(row.exercise_id).toBe(exerciseId);
    const timer = await nodes.kaz.ctx.database.db
      .selectFrom('alert_targets')
      .select('due_at')
      .where('alert_id', '=', alertId)
      .executeTakeFirstOrThrow();
    expect(timer.due_at).not.toBeNull();
    // The run travels with the exercise: KAZ sees it running, then paused; not the MSEL.
    expect((await call('kaz', 'GET', `/api/exercises/${exerciseId}/control`)).json()).toMatchObject({
      status: 'executing',
      run: { startedAt: expect.any(String), pausedAt: null },
      injects: [],
      can: { control: false },
    });
    await call('pak', 'POST', `/api/exercises/${exerciseId}/control`, { action: 'pause' });
    await pull('kaz', 'pak');
    expect((await call('kaz', 'GET', `/api/exercises/${exerciseId}/control`)).json().run.pausedAt).toEqual(expect.any(String));
    expect((await call('kaz', 'GET', `/api/exercises/${exerciseId}/picture`)).json().alerts.map((a: { id: string }) => a.id)).toEqual([
      alertId,
    ]);
    // PAK's node does not escalate a desk KAZ's node runs.
    const atPak = await nodes.pak.ctx.database.db
      .selectFrom('alert_targets')
      .select('due_at')
      .where('alert_id', '=', alertId)
      .executeTakeFirstOrThrow();
    expect(atPak.due_at).toBeNull();

    expect((await call('kaz', 'POST', `/api/alerts/${alertId}/acknowledge`, { deskId })).statusCode).toBe(200);
    await pull('pak', 'kaz');
    const panel = (await call('pak', 'GET', `/api/exercises/${exerciseId}/control`)).json() as ControlPanel;
    expect(panel.injects[0]!.expectations[0]).toMatchObject({ nation: 'KAZ', verdict: 'met' });
    // UZB's node has the exercise's alert too (released to UZB), marked and carrying the exercise.
    await pull('uzb', 'pak');
    expect((await call('uzb', 'GET', `/api/alerts/${alertId}`)).json()).toMatchObject({
      exercise: true,
      summary: 'Armed group crossed near post 7',
    });
    expect((await call('uzb', 'GET', `/api/exercises/${exerciseId}/picture`)).json().alerts).toHaveLength(1);
  });
});

describe('lessons learned across nodes', () => {
  it('carry a nation’s observation from its node to the lead’s and the partners’, stage by stage; no other node rewrites it', async () => {
    const made = await call('kaz', 'POST', `/api/exercises/${exerciseId}/observations`, {
      title: 'Desk hand-over lost the first alert',
      observation: 'The alert arrived during the night desk’s hand-over.',
    });
    expect(made.statusCode, made.body).toBe(201);
    const id = (made.json() as ObservationView).id;
    await pull('pak', 'kaz');
    expect((await call('pak', 'GET', `/api/observations/${id}`)).json()).toMatchObject({
      nation: 'KAZ',
      stage: 'observation',
      exerciseTitle: 'Steppe Shield 2027',
      can: { edit: false, moveTo: null },
    });
    await call('kaz', 'PATCH', `/api/observations/${id}`, {
      conclusion: 'Hand-overs leave the desk unwatched.',
      recommendation: 'Overlap shifts.',
    });
    expect((await call('kaz', 'POST', `/api/observations/${id}/stage`, { stage: 'lesson-identified' })).statusCode).toBe(200);
    await pull('pak', 'kaz');
    await pull('uzb', 'kaz');
    for (const node of ['pak', 'uzb'] as const)
      expect((await call(node, 'GET', `/api/observations?exercise=${exerciseId}`)).json().items).toEqual([
        expect.objectContaining({ id, version: 3, stage: 'lesson-identified', recommendation: 'Overlap shifts.' }),
      ]);
    // PAK's node may not rewrite KAZ's observation on UZB's.
    const uzb = nodes.uzb.ctx;
    const pakPeer = (await peerRepository(uzb.database.db).find(nodes.pak.ctx.node.nodeId))!;
    const held = await uzb.database.db.selectFrom('observations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const rewrite: Received = {
      stixId: `${OBSERVATION_TYPE}--${id}`,
      label: { ...labelFromColumns(held), originator: { nation: 'PAK', org: 'y' } },
      object: {
        type: OBSERVATION_TYPE,
        id: `${OBSERVATION_TYPE}--${id}`,
        extensions: {
          [EXTENSIONS.observation]: {
            version: 9,
            exercise_ref: `${EXERCISE_TYPE}--${exerciseId}`,
            title: 'Nothing to learn',
            observation: 'All went well.',
            stage: 'lesson-learned',
            created_at: new Date().toISOString(),
          },
        },
      },
    };
    await expect(uzb.database.transaction((tx) => applyObservation(uzb, tx.db, pakPeer, rewrite, new Date()))).rejects.toThrow(
      /belongs to another record/,
    );
    // Nor KAZ's node move it back a stage.
    const kazPeer = (await peerRepository(uzb.database.db).find(nodes.kaz.ctx.node.nodeId))!;
    const back: Received = {
      ...rewrite,
      label: labelFromColumns(held),
      object: {
        ...rewrite.object,
        extensions: {
          [EXTENSIONS.observation]: {
            version: 9,
            exercise_ref: `${EXERCISE_TYPE}--${exerciseId}`,
            title: 'Desk hand-over lost the first alert',
            observation: 'The alert arrived during the night desk’s hand-over.',
            stage: 'observation',
            created_at: new Date().toISOString(),
          },
        },
      },
    };
    await expect(uzb.database.transaction((tx) => applyObservation(uzb, tx.db, kazPeer, back, new Date()))).rejects.toThrow(
      /would move back from lesson-identified to observation/,
    );
    expect((await call('uzb', 'GET', `/api/observations/${id}`)).json()).toMatchObject({
      title: 'Desk hand-over lost the first alert',
      version: 3,
    });
  });
});
