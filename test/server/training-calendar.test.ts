import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishDue } from '../../src/server/domain/taxii/publisher';
import { label, makeOrg, makeToken, makeUser } from '../kit/factories';
import { bearer } from '../kit/http';
import { startTestNode } from '../kit/test-node';
import type { MadeUser } from '../kit/factories';
import type { TestNode } from '../kit/test-node';
import type { BusyBlockView, ClashView, Exercise, ExerciseSummary } from '../../src/shared/contracts/training';
import type { CalendarEventView } from '../../src/shared/contracts/calendar';

/**
 * Joint training's calendar on one node shared by several nations: PAK plans exercises with KAZ
 * and UZB; clashes are found among what the planner may read and on the nations' public holidays;
 * KAZ publishes busy blocks (some imported from an .ics file); the calendar and the .ics files carry
 * every event with its label.
 */
let node: TestNode;
const users: Record<string, MadeUser> = {};
const token: Record<string, string> = {};

type Method = 'GET' | 'POST' | 'PATCH';
const call = (who: string, method: Method, url: string, payload?: object, headers: Record<string, string> = {}) =>
  node.app.http.inject({ method, url, headers: { ...bearer(token[who]!), ...headers }, ...(payload ? { payload } : {}) });

const brigade = { nation: 'KAZ', name: '36th Air Assault Brigade' };
const range = { online: false, name: 'Matybulak range', country: 'KAZ', lat: 43.35, lon: 74.75 };

/** A plan of PAK with KAZ and UZB at Matybulak, 1–5 June 2027, with its three planning conferences and a review. */
const plan = (over: object = {}) => ({
  title: 'Steppe Shield 2027',
  kind: 'field',
  summary: 'Counter-terrorism field training.',
  venue: range,
  timeZone: 'Asia/Almaty',
  startsAt: '2027-06-01T03:00:00Z',
  endsAt: '2027-06-05T12:00:00Z',
  participants: ['KAZ', 'UZB'],
  units: [brigade, { nation: 'PAK', name: 'SSG company' }],
  resources: ['Range 4'],
  objectives: [{ text: 'Rehearse a joint cordon and search.', threats: ['terrorism-militancy'] }],
  trainingAudience: 'Battalion staffs',
  milestones: [
    { kind: 'initial-planning-conference', startsAt: '2027-01-12T04:00:00Z', endsAt: '2027-01-14T12:00:00Z' },
    { kind: 'main-planning-conference', startsAt: '2027-03-02T04:00:00Z', endsAt: '2027-03-04T12:00:00Z' },
    { kind: 'final-planning-conference', startsAt: '2027-05-04T04:00:00Z', endsAt: '2027-05-05T12:00:00Z' },
    { kind: 'after-action-review', startsAt: '2027-06-20T04:00:00Z', endsAt: '2027-06-20T12:00:00Z' },
  ],
  label: label({ relTo: ['KAZ', 'UZB'] }),
  ...over,
});

const create = async (who: string, body: object) => {
  const response = await call(who, 'POST', '/api/exercises', body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as Exercise;
};
const clashesOf = async (who: string, id: string) =>
  ((await call(who, 'GET', `/api/exercises/${id}/clashes`)).json() as { clashes: ClashView[] }).clashes;
const check = async (who: string, body: object) => {
  const response = await call(who, 'POST', '/api/exercises/clash-check', body);
  expect(response.statusCode, response.body).toBe(200);
  return (response.json() as { clashes: ClashView[] }).clashes;
};
const exercisesOf = async (who: string, query = '') =>
  ((await call(who, 'GET', `/api/exercises?${query}`)).json() as { items: ExerciseSummary[] }).items;

beforeAll(async () => {
  node = await startTestNode();
  const { ctx } = node;
  const pakMod = await makeOrg(ctx, 'PAK', 'PAK ministry of defence');
  users.pakPlanner = await makeUser(ctx, { nation: 'PAK', org: pakMod, roles: ['exercise-planner'] });
  users.pakAnalyst = await makeUser(ctx, { nation: 'PAK', org: pakMod, roles: ['analyst'] });
  users.kazPlanner = await makeUser(ctx, { nation: 'KAZ', roles: ['exercise-planner'] });
  users.uzbPlanner = await makeUser(ctx, { nation: 'UZB', roles: ['exercise-planner'] });
  users.tjkPlanner = await makeUser(ctx, { nation: 'TJK', roles: ['exercise-planner'] });
  for (const [name, user] of Object.entries(users)) token[name] = await makeToken(ctx, user);
});
afterAll(() => node.close());

describe('planning an exercise', () => {
  it('is the planners’; bad plans are refused naming what to fix, and nothing is written', async () => {
    expect((await call('pakAnalyst', 'POST', '/api/exercises', plan())).statusCode).toBe(403);
    const backwards = await call('pakPlanner', 'POST', '/api/exercises', plan({ endsAt: '2027-05-30T00:00:00Z' }));
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.issues).toEqual([
      { path: 'endsAt', message: 'The exercise must end after it starts: ENDEX after STARTEX.' },
    ]);
    const outside = await call(
      'pakPlanner',
      'POST',
      '/api/exercises',
      plan({ milestones: [{ kind: 'other', title: 'Site survey', startsAt: '2024-01-01T00:00:00Z', endsAt: '2024-01-02T00:00:00Z' }] }),
    );
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.message).toMatch(/outside the exercise/);
    const late = await call(
      'pakPlanner',
      'POST',
      '/api/exercises',
      plan({ milestones: [{ kind: 'final-planning-conference', startsAt: '2027-06-02T00:00:00Z', endsAt: '2027-06-02T06:00:00Z' }] }),
    );
    expect(late.json().error.issues).toEqual([{ path: 'milestones.0.endsAt', message: 'A planning conference ends by STARTEX.' }]);
    const stranger = await call(
      'pakPlanner',
      'POST',
      '/api/exercises',
      plan({ units: [{ nation: 'TJK', name: 'Rapid reaction brigade' }] }),
    );
    expect(stranger.json().error.issues).toEqual([
      { path: 'units.0.nation', message: 'TJK does not take part: add it to the participants first.' },
    ]);
    const narrow = await call('pakPlanner', 'POST', '/api/exercises', plan({ label: label({ relTo: ['KAZ'] }) }));
    expect(narrow.json().error.issues).toEqual([
      { path: 'label.relTo', message: 'The label must release the exercise to every participant: add UZB.' },
    ]);
    expect(await exercisesOf('pakPlanner')).toEqual([]);
  });

  it('keeps the plan with its milestones, for the nations it is released to only', async () => {
    const made = await create('pakPlanner', plan());
    expect(made).toMatchObject({ status: 'concept', lead: 'PAK', participants: ['KAZ', 'PAK', 'UZB'], version: 1 });
    expect(made.milestones.map((m) => m.kind)).toEqual([
      'initial-planning-conference',
      'main-planning-conference',
      'final-planning-conference',
      'after-action-review',
    ]);
    expect(made.can).toEqual({ plan: true, moveTo: ['planning', 'cancelled'] });
    const kaz = await call('kazPlanner', 'GET', `/api/exercises/${made.id}`);
    expect(kaz.statusCode).toBe(200);
    expect(kaz.json().can).toEqual({ plan: false, moveTo: [] });
    const tjk = await call('tjkPlanner', 'GET', `/api/exercises/${made.id}`);
    const missing = await call('tjkPlanner', 'GET', `/api/exercises/${node.ctx.ids.uuid()}`);
    expect([tjk.statusCode, tjk.body]).toEqual([404, missing.body]);
    expect((await call('kazPlanner', 'PATCH', `/api/exercises/${made.id}`, { title: 'Mine now' })).statusCode).toBe(403);
  });

  it('changes keep the milestones’ ids, name the version they were read at, and move through the statuses', async () => {
    const made = await create('pakPlanner', plan({ title: 'Moving target' }));
    const milestones = made.milestones.map((m) => ({ ...m, meetingId: null }));
    const changed = await call(
      'pakPlanner',
      'PATCH',
      `/api/exercises/${made.id}`,
      { milestones: milestones.slice(1) },
      { 'if-match': '"1"' },
    );
    expect(changed.statusCode, changed.body).toBe(200);
    expect((changed.json() as Exercise).milestones.map((m) => m.id)).toEqual(made.milestones.slice(1).map((m) => m.id));
    const stale = await call('pakPlanner', 'PATCH', `/api/exercises/${made.id}`, { title: 'Stale' }, { 'if-match': '"1"' });
    expect(stale.statusCode).toBe(409);
    const move = (status: string) => call('pakPlanner', 'POST', `/api/exercises/${made.id}/status`, { status });
    expect((await move('approved')).statusCode).toBe(400);
    expect((await move('planning')).json().status).toBe('planning');
    expect((await move('approved')).json().can.moveTo).toEqual(['planning', 'cancelled']);
    const execute = await move('executing');
    expect([execute.statusCode, execute.json().error.message]).toEqual([409, 'An exercise is started and ended from its control panel.']);
    const cancelled = (await move('cancelled')).json() as Exercise;
    expect(cancelled).toMatchObject({ status: 'cancelled', can: { plan: false, moveTo: [] } });
    expect((await call('pakPlanner', 'PATCH', `/api/exercises/${made.id}`, { title: 'Too late' })).statusCode).toBe(409);
    expect((await exercisesOf('pakPlanner', 'status=cancelled')).map((e) => e.id)).toEqual([made.id]);
  });
});

describe('clashes', () => {
  it('finds the public holidays of the nations taking part, and the clash goes when the dates move', async () => {
    // 21–24 March: Nowruz in Uzbekistan and Kazakhstan, Pakistan Day on the 23rd.
    const spring = await create(
      'pakPlanner',
      plan({
        title: 'Spring staff exercise',
        startsAt: '2027-03-21T03:00:00Z',
        endsAt: '2027-03-24T12:00:00Z',
        milestones: [],
        units: [],
        resources: [],
        venue: { online: true },
      }),
    );
    const holidays = (await clashesOf('pakPlanner', spring.id)).filter((c) => c.with.kind === 'holiday');
    expect(holidays.map((c) => (c.with.kind === 'holiday' ? `${c.with.nation} ${c.with.name}` : ''))).toContain('PAK Pakistan Day');
    expect(holidays.some((c) => c.with.kind === 'holiday' && c.with.nation === 'UZB')).toBe(true);
    const moved = await call('pakPlanner', 'PATCH', `/api/exercises/${spring.id}`, {
      startsAt: '2027-04-12T03:00:00Z',
      endsAt: '2027-04-15T12:00:00Z',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await clashesOf('pakPlanner', spring.id)).filter((c) => c.with.kind === 'holiday')).toEqual([]);
  });

  it('names the unit, venue and resource two readable exercises share, and never an exercise the planner may not read', async () => {
    const first = await create(
      'pakPlanner',
      plan({ title: 'Cordon 1', milestones: [], startsAt: '2027-07-05T03:00:00Z', endsAt: '2027-07-09T12:00:00Z' }),
    );
    // UZB plans with KAZ's brigade at the same range, released to UZB and KAZ only: PAK may not read it.
    const hidden = await create(
      'uzbPlanner',
      plan({
        title: 'Hidden',
        participants: ['KAZ'],
        units: [brigade],
        milestones: [],
        startsAt: '2027-07-06T03:00:00Z',
        endsAt: '2027-07-08T12:00:00Z',
        label: label({ relTo: ['KAZ'] }),
      }),
    );
    const second = await create(
      'pakPlanner',
      plan({ title: 'Cordon 2', milestones: [], startsAt: '2027-07-08T03:00:00Z', endsAt: '2027-07-12T12:00:00Z' }),
    );
    const clashes = (await clashesOf('pakPlanner', second.id)).filter((c) => c.with.kind === 'exercise');
    expect(clashes.map((c) => (c.with.kind === 'exercise' ? c.with.id : ''))).toEqual([first.id]);
    expect(clashes[0]!.reasons.map((r) => r.reason)).toEqual(['unit', 'unit', 'venue', 'resource', 'nation', 'nation', 'nation']);
    expect(JSON.stringify(await clashesOf('pakPlanner', second.id))).not.toContain(hidden.id);
    // KAZ reads all three, and sees the hidden one clash with both.
    const kaz = (await clashesOf('kazPlanner', hidden.id)).filter((c) => c.with.kind === 'exercise');
    expect(kaz.map((c) => (c.with.kind === 'exercise' ? c.with.title : '')).sort()).toEqual(['Cordon 1', 'Cordon 2']);
  });

  it('are checked for a plan not saved yet, leaving out the exercise being edited', async () => {
    const saved = await create(
      'pakPlanner',
      plan({ title: 'Edited', milestones: [], startsAt: '2027-08-02T03:00:00Z', endsAt: '2027-08-04T12:00:00Z' }),
    );
    const draft = {
      venue: range,
      startsAt: '2027-08-03T00:00:00Z',
      endsAt: '2027-08-06T00:00:00Z',
      participants: ['KAZ'],
      units: [brigade],
    };
    expect((await check('pakPlanner', draft)).some((c) => c.with.kind === 'exercise' && c.with.id === saved.id)).toBe(true);
    expect((await check('pakPlanner', { ...draft, exerciseId: saved.id })).some((c) => c.with.kind === 'exercise')).toBe(false);
    const backwards = await call('pakPlanner', 'POST', '/api/exercises/clash-check', { ...draft, endsAt: '2027-08-01T00:00:00Z' });
    expect(backwards.statusCode).toBe(400);
  });
});

describe('busy blocks', () => {
  const kazBlock = (over: object = {}) => ({
    title: 'Unavailable',
    unit: brigade.name,
    timeZone: 'Asia/Almaty',
    allDay: true,
    startDate: '2027-09-06',
    endDate: '2027-09-10',
    label: label({ relTo: ['PAK'] }),
    ...over,
  });
  const september = {
    venue: { online: true },
    startsAt: '2027-09-09T00:00:00Z',
    endsAt: '2027-09-12T00:00:00Z',
    participants: ['KAZ'],
    units: [brigade],
  };

  it('keep a unit from a partner’s plan without showing why, for those the block is released to', async () => {
    const block = await call('kazPlanner', 'POST', '/api/busy-blocks', kazBlock());
    expect(block.statusCode, block.body).toBe(201);
    const made = block.json() as BusyBlockView;
    // Whole days in Almaty (UTC+5).
    expect([made.startsAt, made.endsAt, made.status]).toEqual(['2027-09-05T19:00:00.000Z', '2027-09-10T19:00:00.000Z', 'published']);
    const clashes = (await check('pakPlanner', september)).filter((c) => c.with.kind === 'busy-block');
    expect(clashes).toHaveLength(1);
    expect(clashes[0]).toMatchObject({
      with: { kind: 'busy-block', id: made.id, title: 'Unavailable', nation: 'KAZ' },
      reasons: [{ reason: 'busy', detail: 'KAZ 36th Air Assault Brigade' }],
    });
    // A block released to KAZ alone is UZB's to avoid only if UZB may read it: it may not.
    await call('kazPlanner', 'POST', '/api/busy-blocks', kazBlock({ unit: null, title: 'National exercise', label: label({ relTo: [] }) }));
    expect(
      (await check('uzbPlanner', september))
        .filter((c) => c.with.kind === 'busy-block')
        .map((c) => c.with.kind === 'busy-block' && c.with.id),
    ).toEqual([]);
    expect((await call('pakPlanner', 'POST', `/api/busy-blocks/${made.id}/withdraw`)).statusCode).toBe(403);
    expect((await call('kazPlanner', 'POST', `/api/busy-blocks/${made.id}/withdraw`)).json().status).toBe('withdrawn');
    expect((await check('pakPlanner', september)).filter((c) => c.with.kind === 'busy-block')).toEqual([]);
  });

  it('are imported from an .ics file as drafts that clash with nothing until published', async () => {
    const ics = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Test//EN',
      'BEGIN:VEVENT',
      'UID:leave-1',
      'SUMMARY:Brigade leave',
      'DTSTART;VALUE=DATE:20271004',
      'DTEND;VALUE=DATE:20271009',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:range-day',
      'SUMMARY:Range maintenance',
      'DTSTART;TZID=Asia/Almaty:20271101T090000',
      'DTEND;TZID=Asia/Almaty:20271101T170000',
      'RRULE:FREQ=WEEKLY;COUNT=3',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:past',
      'SUMMARY:Last year',
      'DTSTART;VALUE=DATE:20200101',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:broken',
      'SUMMARY:No end',
      'DTSTART:20271201T090000Z',
      'DTEND:20271201T080000Z',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    const imported = await call('kazPlanner', 'POST', '/api/busy-blocks/import', {
      calendar: ics,
      unit: brigade.name,
      timeZone: 'Asia/Almaty',
      label: label({ relTo: ['PAK'] }),
    });
    expect(imported.statusCode, imported.body).toBe(201);
    const { created, skipped } = imported.json() as { created: string[]; skipped: { uid: string; why: string }[] };
    expect(created).toHaveLength(4);
    expect(skipped).toEqual([
      { uid: 'past', summary: 'Last year', why: 'it is already over' },
      { uid: 'broken', summary: 'No end', why: 'it ends when it starts, or before' },
    ]);
    const blocks = await Promise.all(
      created.map(async (id) => (await call('kazPlanner', 'GET', `/api/busy-blocks/${id}`)).json() as BusyBlockView),
    );
    expect(blocks.map((b) => [b.title, b.allDay, b.startsAt, b.status])).toEqual([
      // Partners see "Unavailable", never the events' own words.
      ['Unavailable', true, '2027-10-03T19:00:00.000Z', 'draft'],
      ['Unavailable', false, '2027-11-01T04:00:00.000Z', 'draft'],
      ['Unavailable', false, '2027-11-08T04:00:00.000Z', 'draft'],
      ['Unavailable', false, '2027-11-15T04:00:00.000Z', 'draft'],
    ]);
    // A draft is KAZ's alone until published under the label proposed for it.
    expect(blocks[0]!.label.relTo).toEqual(['KAZ']);
    expect(blocks[0]!.proposedLabel?.relTo).toEqual(['KAZ', 'PAK']);
    expect((await call('pakPlanner', 'GET', `/api/busy-blocks/${created[0]}`)).statusCode).toBe(404);
    const october = { ...september, startsAt: '2027-10-05T00:00:00Z', endsAt: '2027-10-07T00:00:00Z' };
    expect((await check('pakPlanner', october)).filter((c) => c.with.kind === 'busy-block')).toEqual([]);
    expect((await call('kazPlanner', 'POST', `/api/busy-blocks/${created[0]}/publish`)).json().status).toBe('published');
    expect((await check('pakPlanner', october)).filter((c) => c.with.kind === 'busy-block')).toHaveLength(1);
    const published = (await call('pakPlanner', 'GET', `/api/busy-blocks/${created[0]}`)).json() as BusyBlockView;
    expect([published.label.relTo, published.proposedLabel, published.version]).toEqual([['KAZ', 'PAK'], null, 2]);
    const drafts = (await call('kazPlanner', 'GET', '/api/busy-blocks?status=draft')).json().items as BusyBlockView[];
    expect(drafts.map((b) => b.id)).toEqual(created.slice(1));
    // A draft withdrawn without being published is never published either.
    expect((await call('kazPlanner', 'POST', `/api/busy-blocks/${created[3]}/withdraw`)).json().status).toBe('withdrawn');
    while ((await publishDue(node.ctx)) > 0);
    const objectsOf = async (id: string) =>
      (await node.ctx.database.db.selectFrom('stix_objects').select('record_id').where('record_id', '=', id).execute()).length;
    expect([await objectsOf(created[0]!), await objectsOf(created[3]!)]).toEqual([1, 0]);
  });

  it('take each exception with its own series only, report a rule that cannot be read, and refuse series too long to expand', async () => {
    const body = { unit: null, timeZone: 'UTC', label: label({ relTo: ['PAK'] }) };
    const file = (...lines: string[]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//T//EN', ...lines, 'END:VCALENDAR'].join('\r\n');
    const weekly = (uid: string) => [
      `BEGIN:VEVENT`,
      `UID:${uid}`,
      'SUMMARY:Weekly',
      'DTSTART:20280103T090000Z',
      'DTEND:20280103T100000Z',
      'RRULE:FREQ=WEEKLY;COUNT=3',
      'END:VEVENT',
    ];
    const imported = await call('kazPlanner', 'POST', '/api/busy-blocks/import', {
      ...body,
      calendar: file(
        ...weekly('a'),
        ...weekly('b'),
        // B's second occurrence is cancelled: A's stays.
        'BEGIN:VEVENT',
        'UID:b',
        'RECURRENCE-ID:20280110T090000Z',
        'DTSTART:20280110T090000Z',
        'DTEND:20280110T100000Z',
        'STATUS:CANCELLED',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'UID:bad-rule',
        'SUMMARY:Odd rule',
        'DTSTART:20280103T090000Z',
        'DTEND:20280103T100000Z',
        'RRULE:FREQ=WEEKLY;BYMONTHDAY=1',
        'END:VEVENT',
      ),
    });
    expect(imported.statusCode, imported.body).toBe(201);
    const { created, skipped } = imported.json() as { created: string[]; skipped: { uid: string; why: string }[] };
    expect(created).toHaveLength(5);
    expect(skipped.map((s) => [s.uid, s.why.slice(0, 22)])).toEqual([['bad-rule', 'it cannot be read: For']]);
    // Series wholly in the past: walking them from their first dates would take the node's time and make nothing.
    const daily = Array.from({ length: 30 }, (_, i) => [
      'BEGIN:VEVENT',
      `UID:old-${i}`,
      'DTSTART:20100101T090000Z',
      'DTEND:20100101T100000Z',
      'RRULE:FREQ=DAILY;UNTIL=20251231T000000Z',
      'END:VEVENT',
    ]).flat();
    const tooLong = await call('kazPlanner', 'POST', '/api/busy-blocks/import', { ...body, calendar: file(...daily) });
    expect([tooLong.statusCode, tooLong.json().error.message]).toEqual([400, expect.stringMatching(/repeat more than 50000 times/)]);
  });

  it('refuse a file that is not iCalendar, or too large, whole', async () => {
    const body = { unit: null, timeZone: 'UTC', label: label({ relTo: ['PAK'] }) };
    const before = ((await call('kazPlanner', 'GET', '/api/busy-blocks?limit=200')).json().items as unknown[]).length;
    const text = await call('kazPlanner', 'POST', '/api/busy-blocks/import', {
      ...body,
      calendar: 'Dear colleagues, the brigade is on leave.',
    });
    expect([text.statusCode, text.json().error.message]).toEqual([400, expect.stringMatching(/^This is not an iCalendar file/)]);
    const big = await call('kazPlanner', 'POST', '/api/busy-blocks/import', {
      ...body,
      calendar: `BEGIN:VCALENDAR\r\n${'X'.repeat(2_200_000)}`,
    });
    expect(big.statusCode).toBe(400);
    expect(big.json().error.message).toMatch(/at most 2 MiB/);
    const huge = await call('kazPlanner', 'POST', '/api/busy-blocks/import', { ...body, calendar: 'X'.repeat(50_000_000) });
    expect([huge.statusCode, huge.json().error.message]).toEqual([
      413,
      'The request is larger than this endpoint accepts (3 MiB): send a smaller file or fewer records.',
    ]);
    expect(((await call('kazPlanner', 'GET', '/api/busy-blocks?limit=200')).json().items as unknown[]).length).toBe(before);
  });
});

describe('the calendar', () => {
  it('holds exercises, their milestones and busy blocks with meetings, each under its label, on screen and as .ics', async () => {
    const made = await create(
      'pakPlanner',
      plan({
        title: 'Calendar exercise',
        startsAt: '2027-12-06T03:00:00Z',
        endsAt: '2027-12-08T12:00:00Z',
        milestones: [{ kind: 'final-planning-conference', startsAt: '2027-11-22T04:00:00Z', endsAt: '2027-11-23T12:00:00Z' }],
      }),
    );
    const window = 'from=2027-11-20T00:00:00Z&to=2027-12-31T00:00:00Z';
    const events = ((await call('kazPlanner', 'GET', `/api/calendar?${window}`)).json().items as CalendarEventView[]).filter(
      (e) => e.recordId === made.id,
    );
    expect(events.map((e) => [e.kind, e.title])).toEqual([
      ['milestone', 'Final planning conference — Calendar exercise'],
      ['exercise', 'Calendar exercise'],
    ]);
    expect(
      ((await call('tjkPlanner', 'GET', `/api/calendar?${window}`)).json().items as CalendarEventView[]).some(
        (e) => e.recordId === made.id,
      ),
    ).toBe(false);
    const ics = await call('kazPlanner', 'GET', `/api/exercises/${made.id}/calendar`);
    expect(ics.headers['content-type']).toMatch(/^text\/calendar/);
    const vevents = new ICAL.Component(ICAL.parse(ics.body) as unknown[]).getAllSubcomponents('vevent');
    expect(vevents.map((v) => v.getFirstPropertyValue('summary'))).toEqual([
      'UNCLASSIFIED//REL TO PAK, KAZ, UZB TLP:GREEN] Final planning conference — Calendar exercise'.replace(/^/, '['),
      '[UNCLASSIFIED//REL TO PAK, KAZ, UZB TLP:GREEN] Exercise: Calendar exercise',
    ]);
    expect((await call('tjkPlanner', 'GET', `/api/exercises/${made.id}/calendar`)).statusCode).toBe(404);
    // A busy block of whole days is whole days in the file.
    const block = (
      await call('kazPlanner', 'POST', '/api/busy-blocks', {
        title: 'Stand-down',
        unit: null,
        timeZone: 'Asia/Almaty',
        allDay: true,
        startDate: '2027-12-20',
        endDate: '2027-12-21',
        label: label({ relTo: ['PAK'] }),
      })
    ).json() as BusyBlockView;
    const download = await call('pakPlanner', 'GET', `/api/calendar/download?${window}`);
    const busy = new ICAL.Component(ICAL.parse(download.body) as unknown[])
      .getAllSubcomponents('vevent')
      .find((v) => String(v.getFirstPropertyValue('uid')).startsWith(`busy-${block.id}`))!;
    expect(String(busy.getFirstPropertyValue('dtstart'))).toBe('2027-12-20');
    expect(String(busy.getFirstPropertyValue('dtend'))).toBe('2027-12-22');
  });
});
