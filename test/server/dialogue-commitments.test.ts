import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remindCommitmentOwners } from '../../src/server/domain/dialogue/commitment-reminders';
import { label, makeOrg, makeToken, makeUser } from '../kit/factories';
import { bearer } from '../kit/http';
import { startTestNode } from '../kit/test-node';
import type { MadeUser } from '../kit/factories';
import type { TestNode } from '../kit/test-node';
import type { Commitment, CommitmentSummary, CommitmentTracker } from '../../src/shared/contracts/commitments';
import type { Notification } from '../../src/shared/contracts/saved-searches';

/**
 * Commitments on one node shared by several nations: PAK hosts staff talks with KAZ and UZB and
 * records what they committed to; each owner nation's delegates report progress with evidence; the
 * trackers count per nation and status; reminders go to the owners before and after the due date.
 */
let node: TestNode;
const users: Record<string, MadeUser> = {};
const token: Record<string, string> = {};
const DAY = 86_400_000;

type Method = 'GET' | 'POST' | 'PATCH';
const call = (who: string, method: Method, url: string, payload?: object, headers: Record<string, string> = {}) =>
  node.app.http.inject({ method, url, headers: { ...bearer(token[who]!), ...headers }, ...(payload ? { payload } : {}) });
const commitmentOf = async (who: string, id: string) => (await call(who, 'GET', `/api/commitments/${id}`)).json() as Commitment;
const listOf = async (who: string, query = '') =>
  ((await call(who, 'GET', `/api/commitments?${query}`)).json() as { items: CommitmentSummary[] }).items;
const day = (offsetDays: number) => new Date(node.clock.now().getTime() + offsetDays * DAY).toISOString().slice(0, 10);

let meetingId = '';
let kazOnlyMeetingId = '';
let itemId = '';

async function meeting(participants: string[], relTo: string[]) {
  const starts = new Date(node.clock.now().getTime() - 2 * DAY);
  const created = await call('pakOrganiser', 'POST', '/api/meetings', {
    title: `Staff talks with ${participants.join(' and ')}`,
    kind: 'staff-talks',
    venue: { online: true },
    timeZone: 'Asia/Karachi',
    startsAt: starts.toISOString(),
    endsAt: new Date(starts.getTime() + DAY).toISOString(),
    participants,
    label: label({ relTo }),
  });
  expect(created.statusCode).toBe(201);
  return created.json().id as string;
}

const record = (body: object, who = 'pakOrganiser', id = meetingId) => call(who, 'POST', `/api/meetings/${id}/commitments`, body);

beforeAll(async () => {
  node = await startTestNode();
  const { ctx } = node;
  const pakMod = await makeOrg(ctx, 'PAK', 'PAK ministry of defence');
  users.pakOrganiser = await makeUser(ctx, { nation: 'PAK', org: pakMod, roles: ['dialogue-officer'] });
  users.pakAnalyst = await makeUser(ctx, { nation: 'PAK', org: pakMod, roles: ['analyst'] });
  users.kazOfficer = await makeUser(ctx, { nation: 'KAZ', roles: ['dialogue-officer'] });
  users.kazAnalyst = await makeUser(ctx, { nation: 'KAZ', roles: ['analyst'] });
  users.uzbHead = await makeUser(ctx, { nation: 'UZB', roles: ['delegation-head'] });
  users.tjkHead = await makeUser(ctx, { nation: 'TJK', roles: ['delegation-head'] });
  for (const [name, user] of Object.entries(users)) token[name] = await makeToken(ctx, user);
  meetingId = await meeting(['KAZ', 'UZB'], ['KAZ', 'UZB']);
  kazOnlyMeetingId = await meeting(['KAZ'], ['KAZ']);
  const item = await call('pakOrganiser', 'POST', `/api/meetings/${meetingId}/agenda`, { title: 'Border liaison', ownerNation: 'KAZ' });
  expect(item.statusCode).toBe(201);
  itemId = item.json().id;
});
afterAll(() => node.close());

describe('recording a commitment', () => {
  it('is the host organisers’; bad input is refused naming the field, and nothing is written', async () => {
    const body = { text: 'Open a border liaison office.', ownerNations: ['KAZ'], dueOn: day(30) };
    expect((await record(body, 'pakAnalyst')).statusCode).toBe(403);
    expect((await record(body, 'kazOfficer')).statusCode).toBe(403);
    const stranger = await record({ ...body, ownerNations: ['TJK'] });
    expect(stranger.statusCode).toBe(400);
    expect(stranger.json().error.issues).toEqual([
      { path: 'ownerNations', message: 'Owners are the meeting’s nations (KAZ, PAK, UZB): not TJK.' },
      { path: 'label.relTo', message: 'The label must release the commitment to every owner nation: add TJK.' },
    ]);
    const noDate = await record({ ...body, dueOn: '2027-02-30' });
    expect(noDate.statusCode).toBe(400);
    expect(JSON.stringify(noDate.json())).toMatch(/No such date/);
    const hidden = await record({ ...body, ownerNations: ['KAZ', 'UZB'], label: label({ relTo: ['KAZ'] }) });
    expect(hidden.statusCode).toBe(400);
    expect(hidden.json().error.message).toMatch(/every owner nation: add UZB/);
    const elsewhere = await record({ ...body, source: { kind: 'minutes', id: node.ctx.ids.uuid() } });
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.json().error.issues).toEqual([
      { path: 'source.id', message: 'No agenda item of this meeting you may read has this id.' },
    ]);
    expect(await listOf('pakOrganiser')).toEqual([]);
  });

  it('is read by its owners through the meeting; a reader of neither gets what a missing one gets', async () => {
    const created = await record({
      text: 'Open a border liaison office.',
      ownerNations: ['KAZ', 'UZB'],
      dueOn: day(30),
      source: { kind: 'minutes', id: itemId },
    });
    expect(created.statusCode).toBe(201);
    const c = created.json() as Commitment;
    expect(c).toMatchObject({
      host: 'PAK',
      ownerNations: ['KAZ', 'UZB'],
      status: 'planned',
      overdue: false,
      source: { kind: 'minutes', id: itemId, title: 'Border liaison' },
      reports: [],
      can: { edit: true, report: false },
    });
    expect((await commitmentOf('kazOfficer', c.id)).can).toEqual({ edit: false, report: true });
    expect((await commitmentOf('kazAnalyst', c.id)).can).toEqual({ edit: false, report: false });
    const unreadable = await call('tjkHead', 'GET', `/api/commitments/${c.id}`);
    const missing = await call('tjkHead', 'GET', `/api/commitments/${node.ctx.ids.uuid()}`);
    expect(unreadable.statusCode).toBe(404);
    expect(unreadable.body).toBe(missing.body);
    expect(await listOf('tjkHead')).toEqual([]);
  });
});

describe('progress reports', () => {
  let id = '';
  beforeAll(async () => {
    id = (await record({ text: 'Hold a joint border exercise.', ownerNations: ['KAZ', 'UZB'], dueOn: day(60) })).json().id;
  });

  it('are the owners’ delegates’; evidence must be a record the reporter may read', async () => {
    const report = { status: 'in-progress', text: 'Planning conference held.' };
    expect((await call('pakOrganiser', 'POST', `/api/commitments/${id}/reports`, report)).statusCode).toBe(403);
    expect((await call('kazAnalyst', 'POST', `/api/commitments/${id}/reports`, report)).statusCode).toBe(403);
    const unseen = await call('uzbHead', 'POST', `/api/commitments/${id}/reports`, {
      ...report,
      evidence: [{ kind: 'meeting', id: kazOnlyMeetingId }],
    });
    expect(unseen.statusCode).toBe(400);
    expect(unseen.json().error.issues).toEqual([
      { path: 'evidence.0.id', message: `No meeting you may read has the id ${kazOnlyMeetingId}.` },
    ]);
    expect((await commitmentOf('uzbHead', id)).reports).toEqual([]);
  });

  it('set where the commitment stands; evidence must reach every reader of the report, and shows only to readers who may read it', async () => {
    // KAZ may read the KAZ-only meeting, but the report reaches UZB too: citing it is refused.
    const narrower = await call('kazOfficer', 'POST', `/api/commitments/${id}/reports`, {
      status: 'in-progress',
      text: 'Planning conference held.',
      evidence: [
        { kind: 'meeting', id: meetingId },
        { kind: 'meeting', id: kazOnlyMeetingId },
      ],
    });
    expect(narrower.statusCode).toBe(400);
    expect(narrower.json().error.issues).toEqual([
      {
        path: 'evidence.1.id',
        message: 'This meeting is released more narrowly than the report: cite only records every reader of the commitment may read.',
      },
    ]);
    const later = await meeting(['KAZ', 'UZB'], ['KAZ', 'UZB']);
    const given = await call('kazOfficer', 'POST', `/api/commitments/${id}/reports`, {
      status: 'in-progress',
      text: 'Planning conference held.',
      evidence: [
        { kind: 'meeting', id: later },
        { kind: 'meeting', id: meetingId },
      ],
    });
    expect(given.statusCode).toBe(201);
    const asKaz = given.json() as Commitment;
    expect(asKaz.status).toBe('in-progress');
    expect(asKaz.reports).toHaveLength(1);
    expect(asKaz.reports[0]!.evidence.map((e) => e.id)).toEqual([later, meetingId]);
    // The cited meeting is narrowed to KAZ afterwards: for UZB it is left out, unmarked.
    const narrowed = await call('pakOrganiser', 'PATCH', `/api/meetings/${later}`, {
      participants: ['KAZ'],
      label: label({ relTo: ['KAZ'] }),
    });
    expect(narrowed.statusCode, narrowed.body).toBe(200);
    expect((await commitmentOf('kazOfficer', id)).reports[0]!.evidence.map((e) => e.id)).toEqual([later, meetingId]);
    const asUzb = await commitmentOf('uzbHead', id);
    expect(asUzb.reports[0]!.evidence.map((e) => e.id)).toEqual([meetingId]);
    const reportId = asKaz.reports[0]!.id;
    expect((await call('uzbHead', 'GET', `/api/commitment-reports/${reportId}`)).json().evidence).toHaveLength(1);
    expect((await call('tjkHead', 'GET', `/api/commitment-reports/${reportId}`)).statusCode).toBe(404);
    const done = await call('uzbHead', 'POST', `/api/commitments/${id}/reports`, { status: 'done', text: 'Exercise held in May.' });
    expect((done.json() as Commitment).status).toBe('done');
    expect((await listOf('pakOrganiser', 'status=done')).map((c) => c.id)).toEqual([id]);
  });
});

describe('changing a commitment', () => {
  it('takes the version it was read at, and refuses a stale one naming the current', async () => {
    const c = (await record({ text: 'Exchange liaison officers.', ownerNations: ['UZB'], dueOn: day(90) })).json() as Commitment;
    const changed = await call('pakOrganiser', 'PATCH', `/api/commitments/${c.id}`, { dueOn: day(100) }, { 'if-match': '"1"' });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ dueOn: day(100), version: 2 });
    const stale = await call('pakOrganiser', 'PATCH', `/api/commitments/${c.id}`, { text: 'Other.' }, { 'if-match': '"1"' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.message).toMatch(/at version 2, not 1/);
    expect((await call('kazOfficer', 'PATCH', `/api/commitments/${c.id}`, { text: 'Other.' })).statusCode).toBe(403);
    expect((await call('uzbHead', 'PATCH', `/api/commitments/${c.id}`, { text: 'Other.' })).statusCode).toBe(403);
  });
});

describe('trackers', () => {
  it('count per owner nation and status, overdue ones too, over what the reader may read', async () => {
    const late = (await record({ text: 'Share the seizure statistics.', ownerNations: ['KAZ'], dueOn: day(-3) })).json() as Commitment;
    expect(late).toMatchObject({ overdue: true, status: 'planned' });
    expect((await listOf('kazOfficer', 'overdue=true')).map((c) => c.id)).toEqual([late.id]);
    expect((await listOf('kazOfficer', 'nation=UZB')).every((c) => c.ownerNations.includes('UZB'))).toBe(true);
    const all = await listOf('pakOrganiser', `meetingId=${meetingId}`);
    const tracker = (await call('pakOrganiser', 'GET', `/api/commitments/tracker?meetingId=${meetingId}`)).json() as CommitmentTracker;
    expect(tracker.total).toBe(all.length);
    const kaz = tracker.nations.find((n) => n.nation === 'KAZ')!;
    const kazOwned = all.filter((c) => c.ownerNations.includes('KAZ'));
    expect(kaz.planned + kaz.inProgress + kaz.done + kaz.dropped).toBe(kazOwned.length);
    expect(kaz.overdue).toBe(1);
    expect(kaz.done).toBe(kazOwned.filter((c) => c.status === 'done').length);
    expect(((await call('tjkHead', 'GET', '/api/commitments/tracker')).json() as CommitmentTracker).total).toBe(0);
  });

  it('pages through every commitment once, soonest due first', async () => {
    const seen: CommitmentSummary[] = [];
    let cursor: string | null = null;
    do {
      const page = (await call('pakOrganiser', 'GET', `/api/commitments?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json() as {
        items: CommitmentSummary[];
        next: string | null;
      };
      seen.push(...page.items);
      cursor = page.next;
    } while (cursor);
    expect(seen.map((c) => c.id)).toEqual((await listOf('pakOrganiser', 'limit=200')).map((c) => c.id));
    expect(seen.map((c) => c.dueOn)).toEqual([...seen.map((c) => c.dueOn)].sort());
    expect((await call('pakOrganiser', 'GET', '/api/commitments?cursor=nonsense')).statusCode).toBe(400);
  });
});

describe('reminders', () => {
  const notices = async (who: string) => {
    const response = await call(who, 'GET', '/api/notifications');
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as { items: Notification[] }).items.filter((n) => n.kind === 'commitment');
  };

  it('tell each owner’s delegates once before and once after the due date; a new due date arms them again', async () => {
    const soon = (await record({ text: 'Publish the joint threat picture.', ownerNations: ['UZB'], dueOn: day(3) })).json() as Commitment;
    await remindCommitmentOwners(node.ctx);
    const first = (await notices('uzbHead')).filter((n) => n.kind === 'commitment' && n.commitmentId === soon.id);
    expect(first).toMatchObject([{ event: 'due-soon', line: `A commitment of your nation is due on ${day(3)}.` }]);
    // Not the host's, nor another owner's delegates.
    expect((await notices('pakOrganiser')).some((n) => n.kind === 'commitment' && n.commitmentId === soon.id)).toBe(false);
    expect((await notices('kazOfficer')).some((n) => n.kind === 'commitment' && n.commitmentId === soon.id)).toBe(false);
    await remindCommitmentOwners(node.ctx);
    expect((await notices('uzbHead')).filter((n) => n.kind === 'commitment' && n.commitmentId === soon.id)).toHaveLength(1);
    // Past its due date (moved there: a new due date arms the reminders again), it is overdue.
    expect((await call('pakOrganiser', 'PATCH', `/api/commitments/${soon.id}`, { dueOn: day(-1) })).statusCode).toBe(200);
    await remindCommitmentOwners(node.ctx);
    const after = (await notices('uzbHead')).filter((n) => n.kind === 'commitment' && n.commitmentId === soon.id);
    expect(after.map((n) => n.kind === 'commitment' && n.event).sort()).toEqual(['due-soon', 'overdue']);
    // KAZ's overdue commitment is KAZ's delegates' business: the officer is told, the analyst is not.
    expect((await notices('kazOfficer')).some((n) => n.kind === 'commitment' && n.event === 'overdue')).toBe(true);
    expect(await notices('kazAnalyst')).toEqual([]);
    expect((await call('pakOrganiser', 'PATCH', `/api/commitments/${soon.id}`, { dueOn: day(2) })).statusCode).toBe(200);
    await remindCommitmentOwners(node.ctx);
    expect((await notices('uzbHead')).filter((n) => n.kind === 'commitment' && n.commitmentId === soon.id)).toHaveLength(3);
  });

  it('stop once the commitment is reported done, and vanish for a reader who may no longer read it', async () => {
    const c = (await record({ text: 'Brief the partners on drills.', ownerNations: ['UZB'], dueOn: day(1) })).json() as Commitment;
    await call('uzbHead', 'POST', `/api/commitments/${c.id}/reports`, { status: 'done', text: 'Briefed.' });
    await remindCommitmentOwners(node.ctx);
    expect((await notices('uzbHead')).some((n) => n.kind === 'commitment' && n.commitmentId === c.id)).toBe(false);
    const other = (await record({ text: 'Name a point of contact.', ownerNations: ['KAZ'], dueOn: day(2) })).json() as Commitment;
    await remindCommitmentOwners(node.ctx);
    expect((await notices('kazOfficer')).some((n) => n.kind === 'commitment' && n.commitmentId === other.id)).toBe(true);
    // The host narrows the label to PAK and UZB... which must still reach the owner: refused.
    const narrowed = await call('pakOrganiser', 'PATCH', `/api/commitments/${other.id}`, { label: label({ relTo: ['UZB'] }) });
    expect(narrowed.statusCode).toBe(400);
    // Taking KAZ off the owners and the label: the reminder is no longer shown to KAZ.
    const moved = await call('pakOrganiser', 'PATCH', `/api/commitments/${other.id}`, {
      ownerNations: ['UZB'],
      label: label({ relTo: ['UZB'] }),
    });
    expect(moved.statusCode).toBe(200);
    expect((await notices('kazOfficer')).some((n) => n.kind === 'commitment' && n.commitmentId === other.id)).toBe(false);
  });
});
