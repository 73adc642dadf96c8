import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { label, makeOrg, makeToken, makeUser } from '../kit/factories';
import { bearer } from '../kit/http';
import { startTestNode } from '../kit/test-node';
import type { ObservationView } from '../../src/shared/contracts/lessons';
import type { Exercise } from '../../src/shared/contracts/training';
import type { TestNode } from '../kit/test-node';

/**
 * Lessons learned on PAK's node: PAK leads an exercise with KAZ and UZB and holds its after-action
 * review as a meeting. KAZ records an observation, identifies it as a lesson, and validates it as a
 * lesson learned only once the action PAK records for it at the review is done. UZB's observation
 * released to PAK alone is, for KAZ, as if it did not exist — in lists, by id, and in the report.
 */
let node: TestNode;
const token: Record<string, string> = {};
let exerciseId = '';
let reviewId = '';
let otherMeetingId = '';
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH';
const call = (who: string, method: Method, url: string, payload?: object) =>
  node.app.http.inject({ method, url, headers: bearer(token[who]!), ...(payload ? { payload } : {}) });
const ok = async (who: string, method: Method, url: string, payload?: object) => {
  const response = await call(who, method, url, payload);
  expect(response.statusCode, response.body).toBeLessThan(300);
  return response.json();
};
const refused = async (who: string, method: Method, url: string, payload: object | undefined, status: number) => {
  const response = await call(who, method, url, payload);
  expect(response.statusCode, response.body).toBe(status);
  return (response.json() as { error: { message: string; issues?: { path: string; message: string }[] } }).error;
};
const observe = (who: string, body: object) => call(who, 'POST', `/api/exercises/${exerciseId}/observations`, body);
const written = {
  title: 'Desk hand-over lost the first alert',
  observation: 'The KAZ night desk acknowledged 40 minutes late: the alert arrived during the hand-over.',
};

async function meeting(title: string, starts: Date) {
  return (
    await ok('pakPlanner', 'POST', '/api/meetings', {
      title,
      kind: 'staff-talks',
      venue: { online: true },
      timeZone: 'Asia/Karachi',
      startsAt: starts.toISOString(),
      endsAt: new Date(starts.getTime() + 4 * 60 * MINUTE).toISOString(),
      participants: ['KAZ', 'UZB'],
      label: label({ relTo: ['KAZ', 'UZB'] }),
    })
  ).id as string;
}

beforeAll(async () => {
  node = await startTestNode();
  const { ctx } = node;
  const pakMod = await makeOrg(ctx, 'PAK', 'PAK joint staff');
  const users = {
    pakPlanner: await makeUser(ctx, { nation: 'PAK', org: pakMod, roles: ['exercise-planner', 'dialogue-officer'] }),
    kazPlanner: await makeUser(ctx, { nation: 'KAZ', roles: ['exercise-planner', 'dialogue-officer'] }),
    uzbPlanner: await makeUser(ctx, { nation: 'UZB', roles: ['exercise-planner'] }),
    uzbViewer: await makeUser(ctx, { nation: 'UZB', roles: ['viewer'] }),
    tjkPlanner: await makeUser(ctx, { nation: 'TJK', roles: ['exercise-planner'] }),
  };
  for (const [name, user] of Object.entries(users)) token[name] = await makeToken(ctx, user);
  const now = node.clock.now().getTime();
  reviewId = await meeting('Steppe Shield after-action review', new Date(now + 3 * DAY));
  otherMeetingId = await meeting('Staff talks', new Date(now + 5 * DAY));
  exerciseId = (
    (await ok('pakPlanner', 'POST', '/api/exercises', {
      title: 'Steppe Shield',
      kind: 'command-post',
      venue: { online: true },
      timeZone: 'Asia/Karachi',
      startsAt: new Date(now + 60 * MINUTE).toISOString(),
      endsAt: new Date(now + 2 * DAY).toISOString(),
      participants: ['KAZ', 'UZB'],
      objectives: [{ text: 'Acknowledge a partner’s alert within 15 minutes' }],
      milestones: [
        {
          kind: 'after-action-review',
          startsAt: new Date(now + 3 * DAY).toISOString(),
          endsAt: new Date(now + 3 * DAY + 4 * 60 * MINUTE).toISOString(),
          meetingId: reviewId,
        },
      ],
      label: label({ relTo: ['KAZ', 'UZB'] }),
    })) as Exercise
  ).id;
});
afterAll(() => node.close());

describe('lessons learned', () => {
  let kazObservation = '';
  let uzbObservation = '';
  let actionId = '';

  it('records observations once the exercise runs, by a nation taking part, under a label that reaches the lead', async () => {
    expect((await refused('kazPlanner', 'POST', `/api/exercises/${exerciseId}/observations`, written, 409)).message).toMatch(
      /once the exercise has started; it is concept/,
    );
    for (const status of ['planning', 'approved']) await ok('pakPlanner', 'POST', `/api/exercises/${exerciseId}/status`, { status });
    await ok('pakPlanner', 'POST', `/api/exercises/${exerciseId}/control`, { action: 'start' });

    const narrow = await refused(
      'kazPlanner',
      'POST',
      `/api/exercises/${exerciseId}/observations`,
      { ...written, label: label({ relTo: ['UZB'] }) },
      400,
    );
    expect(narrow.issues?.map((i) => i.path)).toEqual(['label.relTo']);
    expect(narrow.message).toMatch(/lead nation: add PAK/);
    const objective = await refused('kazPlanner', 'POST', `/api/exercises/${exerciseId}/observations`, { ...written, objective: 3 }, 400);
    expect(objective.issues?.map((i) => i.path)).toEqual(['objective']);
    expect((await refused('uzbViewer', 'POST', `/api/exercises/${exerciseId}/observations`, written, 403)).message).toMatch(
      /planners and controllers/,
    );
    // TJK may not read the exercise: it answers as for an exercise that does not exist.
    const stranger = await observe('tjkPlanner', written);
    const missing = await call('tjkPlanner', 'POST', `/api/exercises/${crypto.randomUUID()}/observations`, written);
    expect([stranger.statusCode, stranger.body]).toEqual([404, missing.body]);
    const before = await ok('kazPlanner', 'GET', `/api/observations?exercise=${exerciseId}`);
    expect(before.items).toEqual([]);

    const created = await observe('kazPlanner', { ...written, objective: 0 });
    expect(created.statusCode, created.body).toBe(201);
    const view = created.json() as ObservationView;
    kazObservation = view.id;
    expect(view).toMatchObject({
      nation: 'KAZ',
      stage: 'observation',
      exerciseTitle: 'Steppe Shield',
      objectiveText: 'Acknowledge a partner’s alert within 15 minutes',
      actions: { total: 0, open: 0 },
      can: { edit: true, moveTo: 'lesson-identified' },
    });
    expect(view.label.relTo).toEqual(['KAZ', 'PAK', 'UZB']);
    uzbObservation = (
      (await ok('uzbPlanner', 'POST', `/api/exercises/${exerciseId}/observations`, {
        title: 'Liaison officer had no access to the room',
        observation: 'UZB’s liaison officer could not post in the room for an hour.',
        label: label({ relTo: ['PAK'] }),
      })) as ObservationView
    ).id;
  });

  it('lets the lead read but not change a partner’s observation, and moves it on one stage at a time', async () => {
    const asLead = (await ok('pakPlanner', 'GET', `/api/observations/${kazObservation}`)) as ObservationView;
    expect(asLead.can).toEqual({ edit: false, moveTo: null });
    await refused('pakPlanner', 'PATCH', `/api/observations/${kazObservation}`, { discussion: 'PAK’s view' }, 403);
    await refused('pakPlanner', 'POST', `/api/observations/${kazObservation}/stage`, { stage: 'lesson-identified' }, 403);

    const skip = await refused('kazPlanner', 'POST', `/api/observations/${kazObservation}/stage`, { stage: 'lesson-learned' }, 400);
    expect(skip.message).toBe('It is an observation: it moves only to lesson-identified.');
    const bare = await refused('kazPlanner', 'POST', `/api/observations/${kazObservation}/stage`, { stage: 'lesson-identified' }, 400);
    expect(bare.issues?.map((i) => i.path)).toEqual(['conclusion', 'recommendation']);
    await ok('kazPlanner', 'PATCH', `/api/observations/${kazObservation}`, {
      conclusion: 'Hand-overs leave the desk unwatched.',
      recommendation: 'Overlap desk shifts by 15 minutes.',
    });
    const identified = (await ok('kazPlanner', 'POST', `/api/observations/${kazObservation}/stage`, {
      stage: 'lesson-identified',
    })) as ObservationView;
    expect([identified.stage, identified.version, identified.can.moveTo]).toEqual(['lesson-identified', 3, 'lesson-learned']);
    const emptied = await refused('kazPlanner', 'PATCH', `/api/observations/${kazObservation}`, { conclusion: '' }, 400);
    expect(emptied.issues?.map((i) => i.path)).toEqual(['conclusion']);
  });

  it('takes its actions from the after-action review’s commitments and validates the lesson once they are done', async () => {
    const none = await refused('kazPlanner', 'POST', `/api/observations/${kazObservation}/stage`, { stage: 'lesson-learned' }, 400);
    expect(none.message).toMatch(/at least one action/);
    const action = { text: 'Overlap KAZ desk shifts by 15 minutes', ownerNations: ['KAZ'], dueOn: '2027-03-01' };
    // Only at a meeting the exercise holds.
    const elsewhere = await refused(
      'pakPlanner',
      'POST',
      `/api/meetings/${otherMeetingId}/commitments`,
      { ...action, source: { kind: 'observation', id: kazObservation } },
      400,
    );
    expect(elsewhere.issues?.map((i) => i.path)).toEqual(['source.id']);
    const recorded = await ok('pakPlanner', 'POST', `/api/meetings/${reviewId}/commitments`, {
      ...action,
      source: { kind: 'observation', id: kazObservation },
    });
    actionId = recorded.id;
    expect(recorded.source).toEqual({ kind: 'observation', id: kazObservation, title: written.title });

    const open = await refused('kazPlanner', 'POST', `/api/observations/${kazObservation}/stage`, { stage: 'lesson-learned' }, 400);
    expect(open.message).toBe('One action is neither done nor dropped: “Overlap KAZ desk shifts by 15 minutes”.');
    expect(((await ok('kazPlanner', 'GET', `/api/observations/${kazObservation}`)) as ObservationView).actions).toEqual({
      total: 1,
      open: 1,
    });
    const listed = await ok('kazPlanner', 'GET', `/api/commitments?observation=${kazObservation}`);
    expect(listed.items.map((c: { id: string }) => c.id)).toEqual([actionId]);
    expect((await ok('kazPlanner', 'GET', `/api/commitments?observation=${uzbObservation}`)).items).toEqual([]);

    await ok('kazPlanner', 'POST', `/api/commitments/${actionId}/reports`, { status: 'done', text: 'Shifts overlap since January.' });
    const learned = (await ok('kazPlanner', 'POST', `/api/observations/${kazObservation}/stage`, {
      stage: 'lesson-learned',
    })) as ObservationView;
    expect([learned.stage, learned.actions, learned.can]).toEqual(['lesson-learned', { total: 1, open: 0 }, { edit: false, moveTo: null }]);
    // A lesson learned takes no further actions.
    const more = await refused(
      'pakPlanner',
      'POST',
      `/api/meetings/${reviewId}/commitments`,
      { ...action, text: 'One more', source: { kind: 'observation', id: kazObservation } },
      400,
    );
    expect(more.issues?.map((i) => i.path)).toEqual(['source.id']);
    expect((await refused('kazPlanner', 'PATCH', `/api/observations/${kazObservation}`, { discussion: 'late' }, 403)).message).toMatch(
      /validated/,
    );
  });

  it('answers an observation a reader may not read exactly as a missing one, in lists, by id and in the report', async () => {
    const hidden = await call('kazPlanner', 'GET', `/api/observations/${uzbObservation}`);
    const missing = await call('kazPlanner', 'GET', `/api/observations/${crypto.randomUUID()}`);
    expect([hidden.statusCode, hidden.body]).toEqual([404, missing.body]);
    const kazList = await ok('kazPlanner', 'GET', `/api/observations?exercise=${exerciseId}`);
    expect(kazList.items.map((o: ObservationView) => o.id)).toEqual([kazObservation]);
    const pakList = await ok('pakPlanner', 'GET', `/api/observations?exercise=${exerciseId}&limit=1`);
    expect(pakList.items.map((o: ObservationView) => o.id)).toEqual([kazObservation]);
    const second = await ok('pakPlanner', 'GET', `/api/observations?exercise=${exerciseId}&limit=1&cursor=${pakList.next}`);
    expect(second.items.map((o: ObservationView) => o.id)).toEqual([uzbObservation]);
    expect(second.next).toBeNull();
    // A cursor is not signed: one naming no time a record can have is refused, not a server error.
    const forged = Buffer.from(JSON.stringify(['created', '-010000-01-01T00:00:00.000Z', crypto.randomUUID()])).toString('base64url');
    await refused('pakPlanner', 'GET', `/api/observations?cursor=${forged}`, undefined, 400);
    expect((await ok('pakPlanner', 'GET', `/api/observations?stage=lesson-learned`)).items.map((o: ObservationView) => o.id)).toEqual([
      kazObservation,
    ]);

    const kazReport = await call('kazPlanner', 'GET', `/api/exercises/${exerciseId}/report?format=md`);
    expect(kazReport.statusCode).toBe(200);
    expect(kazReport.headers['content-type']).toMatch(/text\/markdown/);
    expect(kazReport.body).toContain('# After-exercise report: Steppe Shield');
    expect(kazReport.body).toContain('## Lessons learned');
    expect(kazReport.body).toContain(written.title);
    expect(kazReport.body).toContain('| Overlap KAZ desk shifts by 15 minutes | KAZ | 2027-03-01 | done |');
    expect(kazReport.body).not.toContain('Liaison officer had no access');
    const pakReport = await call('pakPlanner', 'GET', `/api/exercises/${exerciseId}/report`);
    expect(pakReport.body).toContain('## Observations');
    expect(pakReport.body).toContain('Liaison officer had no access to the room');
    const pdf = await call('kazPlanner', 'GET', `/api/exercises/${exerciseId}/report?format=pdf`);
    expect([pdf.statusCode, pdf.headers['content-type'], pdf.rawPayload.subarray(0, 5).toString()]).toEqual([
      200,
      'application/pdf',
      '%PDF-',
    ]);
    const stranger = await call('tjkPlanner', 'GET', `/api/exercises/${exerciseId}/report`);
    const nowhere = await call('tjkPlanner', 'GET', `/api/exercises/${crypto.randomUUID()}/report`);
    expect([stranger.statusCode, stranger.body]).toEqual([404, nowhere.body]);
  });
});
