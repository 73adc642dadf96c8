import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { labelToColumns } from '../../src/shared/labels/label-columns';
import { liveFeedOf } from '../../src/server/domain/live/live-feed';
import { loadUserActor } from '../../src/server/domain/auth/load-actor';
import { addEntry, closeCrisis, declareCrisis } from '../../src/server/domain/crisis/crisis-service';
import { verifyAuditLog } from '../../src/server/domain/audit/audit-verify';
import { publishDue } from '../../src/server/domain/taxii/publisher';
import { COLLECTION_ID } from '../../src/server/domain/taxii/taxii-service';
import { stixObjectRepository } from '../../src/server/db/repositories/stix-object-repository';
import { label, makeOrg, makeToken, makeUser } from '../kit/factories';
import { bearer } from '../kit/http';
import { startTestNode } from '../kit/test-node';
import type { MadeUser } from '../kit/factories';
import type { TestNode } from '../kit/test-node';
import type { LiveEvent } from '../../src/server/domain/live/live-feed';

/**
 * Crisis rooms on one node shared by several nations: PAK declares a crisis with KAZ and UZB; the
 * log, situation reports, requests and offers, tasks, the status board, closure and the report —
 * each reader seeing exactly the entries released to them, TJK nothing at all.
 */
let node: TestNode;
const users: Record<string, MadeUser> = {};
const token: Record<string, string> = {};
const HOUR = 3600_000;

const call = (who: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  node.app.http.inject({ method, url, headers: bearer(token[who]!), ...(payload ? { payload } : {}) });

beforeAll(async () => {
  node = await startTestNode();
  const { ctx } = node;
  const pakOps = await makeOrg(ctx, 'PAK', 'PAK operations');
  const kazBorder = await makeOrg(ctx, 'KAZ', 'KAZ border service');
  users.pakDuty = await makeUser(ctx, { nation: 'PAK', org: pakOps, roles: ['duty-officer'] });
  users.pakAnalyst = await makeUser(ctx, { nation: 'PAK', org: pakOps, roles: ['analyst'] });
  users.kazDuty = await makeUser(ctx, { nation: 'KAZ', org: kazBorder, roles: ['duty-officer'] });
  users.kazAnalyst = await makeUser(ctx, { nation: 'KAZ', org: kazBorder, roles: ['analyst'] });
  users.kazViewer = await makeUser(ctx, { nation: 'KAZ', org: kazBorder, roles: ['viewer'] });
  users.uzbDuty = await makeUser(ctx, { nation: 'UZB', roles: ['duty-officer'] });
  users.tjkDuty = await makeUser(ctx, { nation: 'TJK', roles: ['duty-officer'] });
  users.kazLow = await makeUser(ctx, { nation: 'KAZ', org: kazBorder, roles: ['analyst'], clearance: 'UNCLASSIFIED' });
  for (const [name, user] of Object.entries(users)) token[name] = await makeToken(ctx, user);
});
afterAll(() => node.close());

const crisisLabel = label({ classification: 'RESTRICTED', relTo: ['KAZ', 'UZB'], tlp: 'GREEN' });
const declare = (who: string, over: object = {}) =>
  call(who, 'POST', '/api/crises', { title: 'Border post overrun', summary: 'Armed group at the post.', label: crisisLabel, ...over });

let crisisId = '';
let requestId = '';
let pakOfferId = '';
let uzbOfferId = '';
let taskId = '';

/** Writes an entry of `kind` in the crisis, released to `relTo` (TLP:GREEN). */
const write = (who: string, kind: string, relTo: string[], fields: object) =>
  call(who, 'POST', '/api/crisis-entries', { crisisId, kind, label: label({ relTo, tlp: 'GREEN' }), ...fields });

const entries = async (who: string, crisis = crisisId) => {
  const items: { id: string; kind: string; [k: string]: unknown }[] = [];
  let cursor: string | null = null;
  do {
    const response = await call(who, 'GET', `/api/crisis-entries?crisis=${crisis}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
    expect(response.statusCode).toBe(200);
    items.push(...response.json().items);
    cursor = response.json().next;
  } while (cursor);
  return items;
};

describe('declaring a crisis', () => {
  it('is for duty and releasing officers; the nations of its label take part; TJK cannot tell it exists', async () => {
    expect((await declare('pakAnalyst')).statusCode).toBe(403);
    const noAlert = await declare('pakDuty', { alertId: node.ctx.ids.uuid() });
    expect(noAlert.statusCode).toBe(400);
    expect(noAlert.json().error.message).toMatch(/No alert with this id/);
    const bad = await declare('pakDuty', { title: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/Name the crisis/);

    const declared = await declare('pakDuty');
    expect(declared.statusCode).toBe(201);
    crisisId = declared.json().id;
    expect(declared.json()).toMatchObject({
      status: 'open',
      participants: ['KAZ', 'PAK', 'UZB'],
      exercise: false,
      can: { contribute: true, close: true },
      board: { entries: 0, participants: [{ nation: 'KAZ', level: null }, { nation: 'PAK' }, { nation: 'UZB' }] },
    });
    const atKaz = (await call('kazDuty', 'GET', `/api/crises/${crisisId}`)).json();
    expect(atKaz.can).toEqual({ contribute: true, close: false });
    expect((await call('kazViewer', 'GET', `/api/crises/${crisisId}`)).json().can).toEqual({ contribute: false, close: false });

    const hidden = await call('tjkDuty', 'GET', `/api/crises/${crisisId}`);
    const missing = await call('tjkDuty', 'GET', `/api/crises/${node.ctx.ids.uuid()}`);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.body).toBe(missing.body);
    expect((await call('tjkDuty', 'GET', '/api/crises')).json().items).toEqual([]);
    expect((await call('tjkDuty', 'GET', `/api/crises/${crisisId}/report`)).statusCode).toBe(404);
  });
});

describe('the crisis log', () => {
  it('takes entries from participants in order, no wider than the crisis', async () => {
    const log = await write('kazAnalyst', 'log', ['PAK', 'UZB'], { text: 'Post commander reports contact lost at 02:55.' });
    expect(log.statusCode).toBe(201);
    expect(log.json()).toMatchObject({
      kind: 'log',
      nation: 'KAZ',
      text: 'Post commander reports contact lost at 02:55.',
      can: { actions: [] },
    });

    const wider = await write('kazAnalyst', 'log', ['PAK', 'TJK'], { text: 'x' });
    expect(wider.statusCode).toBe(400);
    expect(wider.json().error.message).toMatch(/no wider than its crisis: TJK/);
    expect((await call('kazViewer', 'POST', '/api/crisis-entries', { crisisId, kind: 'log', text: 'x', label: label() })).statusCode).toBe(
      403,
    );
    expect((await call('tjkDuty', 'POST', '/api/crisis-entries', { crisisId, kind: 'log', text: 'x', label: label() })).statusCode).toBe(
      400,
    );
    const badSitrep = await write('kazAnalyst', 'sitrep', ['PAK', 'UZB'], {
      sitrep: { asOf: 'yesterday', level: 'bad', situation: '' },
    });
    expect(badSitrep.statusCode).toBe(400);

    node.clock.advance(60_000);
    const sitrep = await call('kazDuty', 'POST', '/api/crisis-entries', {
      crisisId,
      kind: 'sitrep',
      label: label({ relTo: ['PAK', 'UZB'], tlp: 'GREEN' }),
      sitrep: {
        asOf: node.clock.now().toISOString(),
        level: 'critical',
        situation: 'Post overrun; 4 wounded evacuated.',
        needs: 'Medical evacuation helicopter.',
      },
    });
    expect(sitrep.statusCode).toBe(201);
    expect(sitrep.json().sitrep).toMatchObject({ level: 'critical', actionsTaken: '' });

    const kinds = (await entries('uzbDuty')).map((e) => e.kind);
    expect(kinds).toEqual(['log', 'sitrep']);
    const board = (await call('uzbDuty', 'GET', `/api/crises/${crisisId}`)).json().board;
    expect(board.participants.find((p: { nation: string }) => p.nation === 'KAZ')).toMatchObject({
      level: 'critical',
      sitrepId: sitrep.json().id,
    });
    expect(board.entries).toBe(2);
  });

  it('matches offers to requests; each reader sees a request moved only by offers they may read', async () => {
    node.clock.advance(60_000);
    const request = await call('kazDuty', 'POST', '/api/crisis-entries', {
      crisisId,
      kind: 'request',
      what: 'Medical evacuation helicopter',
      quantity: '1',
      label: label({ relTo: ['PAK', 'UZB'], tlp: 'GREEN' }),
    });
    expect(request.statusCode).toBe(201);
    requestId = request.json().id;
    expect(request.json().request).toMatchObject({ state: 'open', offers: 0 });

    // UZB offers to KAZ only: PAK must not learn of it, even from the request's state.
    node.clock.advance(60_000);
    const uzbOffer = await write('uzbDuty', 'offer', ['KAZ'], { what: 'Mi-8 from Termez, 3 hours', requestId });
    expect(uzbOffer.statusCode).toBe(201);
    uzbOfferId = uzbOffer.json().id;
    const notToRequester = await write('pakDuty', 'offer', ['UZB'], { what: 'x', requestId });
    expect(notToRequester.statusCode).toBe(400);
    expect(notToRequester.json().error.message).toMatch(/must be released to KAZ/);

    const seenByPak = (await call('pakDuty', 'GET', `/api/crisis-entries/${requestId}`)).json();
    expect(seenByPak.request).toMatchObject({ state: 'open', offers: 0 });
    const seenByKaz = (await call('kazDuty', 'GET', `/api/crisis-entries/${requestId}`)).json();
    expect(seenByKaz.request).toMatchObject({ state: 'matched', offers: 1 });
    expect((await call('pakDuty', 'GET', `/api/crisis-entries/${uzbOfferId}`)).statusCode).toBe(404);
    expect((await entries('pakDuty')).map((e) => e.id)).not.toContain(uzbOfferId);
    expect((await call('pakDuty', 'GET', `/api/crises/${crisisId}`)).json().board.offers.offered).toBe(0);
    expect((await call('kazDuty', 'GET', `/api/crises/${crisisId}`)).json().board.offers.offered).toBe(1);

    node.clock.advance(60_000);
    const pakOffer = await write('pakAnalyst', 'offer', ['KAZ', 'UZB'], { what: 'Two helicopters with medical teams', requestId });
    expect(pakOffer.statusCode).toBe(201);
    pakOfferId = pakOffer.json().id;
    expect(pakOffer.json().can.actions).toEqual(['withdraw']);
    expect((await call('kazDuty', 'GET', `/api/crisis-entries/${pakOfferId}`)).json().can.actions).toEqual(['accept', 'decline']);
  });

  it('moves offers by the requesting nation; the same move twice is one, a contrary move a conflict', async () => {
    expect((await call('pakDuty', 'POST', `/api/crisis-entries/${pakOfferId}/actions`, { action: 'accept' })).statusCode).toBe(403);
    expect((await call('kazDuty', 'POST', `/api/crisis-entries/${pakOfferId}/actions`, { action: 'done' })).statusCode).toBe(403);
    const accepts = await Promise.all(
      ['kazDuty', 'kazAnalyst', 'kazDuty'].map((who) =>
        call(who, 'POST', `/api/crisis-entries/${pakOfferId}/actions`, { action: 'accept', note: 'Land at the district hospital.' }),
      ),
    );
    expect(accepts.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect(accepts[0]!.json().offer.state).toBe('accepted');
    const updates = await sql<{ n: number }>`select count(*)::int as n from crisis_entries where subject_id = ${pakOfferId}`.execute(
      node.ctx.database.db,
    );
    expect(updates.rows[0]?.n).toBe(1);
    const declined = await call('kazDuty', 'POST', `/api/crisis-entries/${pakOfferId}/actions`, { action: 'decline' });
    expect(declined.statusCode).toBe(409);
    expect(declined.json().error.message).toMatch(/accepted/);

    // The acceptance is an entry of KAZ with the offer's audience: UZB reads it, the offer and the acceptance.
    const uzbLog = await entries('uzbDuty');
    const acceptance = uzbLog.find((e) => e.kind === 'update');
    expect(acceptance).toMatchObject({
      nation: 'KAZ',
      update: { subjectId: pakOfferId, action: 'accept', note: 'Land at the district hospital.' },
    });
    expect((await call('pakDuty', 'GET', `/api/crisis-entries/${requestId}`)).json().request.state).toBe('accepted');

    expect((await call('pakAnalyst', 'POST', `/api/crisis-entries/${pakOfferId}/actions`, { action: 'fulfil' })).json().offer.state).toBe(
      'fulfilled',
    );
    expect((await call('kazDuty', 'POST', `/api/crisis-entries/${requestId}/actions`, { action: 'fulfil' })).json().request.state).toBe(
      'fulfilled',
    );
    expect((await call('kazDuty', 'POST', `/api/crisis-entries/${uzbOfferId}/actions`, { action: 'decline' })).json().offer.state).toBe(
      'declined',
    );
    const offerToClosed = await write('uzbDuty', 'offer', ['KAZ'], { what: 'x', requestId });
    expect(offerToClosed.statusCode).toBe(409);
  });

  it('sets tasks for a participating nation with a deadline; the owner nation takes and completes them', async () => {
    const badOwner = await write('pakDuty', 'task', ['KAZ'], {
      title: 'Secure landing zone',
      ownerNation: 'KAZ',
      ownerUserId: users.uzbDuty!.id,
      deadline: new Date(node.clock.now().getTime() + HOUR).toISOString(),
    });
    expect(badOwner.statusCode).toBe(400);
    const lowClearance = await write('pakDuty', 'task', ['KAZ'], {
      title: 'Secure landing zone',
      ownerNation: 'KAZ',
      ownerUserId: users.kazLow!.id,
      deadline: new Date(node.clock.now().getTime() + HOUR).toISOString(),
      label: label({ classification: 'RESTRICTED', relTo: ['KAZ'], tlp: 'GREEN' }),
    });
    expect(lowClearance.statusCode).toBe(400);
    expect(lowClearance.json().error.message).toMatch(/who may read the task/);
    expect(
      (
        await call('pakDuty', 'POST', '/api/crisis-entries', {
          crisisId,
          kind: 'task',
          title: 'x',
          ownerNation: 'TJK',
          deadline: node.clock.now().toISOString(),
        })
      ).statusCode,
    ).toBe(400);

    const task = await write('pakDuty', 'task', ['KAZ', 'UZB'], {
      title: 'Secure landing zone',
      details: 'Grid 42T VL 1234 5678.',
      ownerNation: 'KAZ',
      deadline: new Date(node.clock.now().getTime() + HOUR).toISOString(),
    });
    expect(task.statusCode).toBe(201);
    taskId = task.json().id;
    expect(task.json().task).toMatchObject({ ownerNation: 'KAZ', owner: null, state: 'open', overdue: false });
    expect(task.json().can.actions).toEqual(['cancel']);

    node.clock.advance(2 * HOUR);
    const board = (await call('kazDuty', 'GET', `/api/crises/${crisisId}`)).json().board;
    expect(board.tasks).toMatchObject({ open: 1, overdue: 1, done: 0 });
    const taken = await call('kazAnalyst', 'POST', `/api/crisis-entries/${taskId}/actions`, { action: 'take' });
    expect(taken.json().task).toMatchObject({ owner: { id: users.kazAnalyst!.id }, overdue: true });
    expect((await call('kazAnalyst', 'POST', `/api/crisis-entries/${taskId}/actions`, { action: 'take' })).statusCode).toBe(200);
    expect((await call('pakDuty', 'POST', `/api/crisis-entries/${taskId}/actions`, { action: 'done' })).statusCode).toBe(403);
    const done = await call('kazAnalyst', 'POST', `/api/crisis-entries/${taskId}/actions`, {
      action: 'done',
      note: 'Landing zone marked.',
    });
    expect(done.json().task).toMatchObject({ state: 'done', overdue: false });
    expect((await call('pakDuty', 'POST', `/api/crisis-entries/${taskId}/actions`, { action: 'cancel' })).statusCode).toBe(409);
  });

  it('never names a request to a reader of an offer who may not read the request', async () => {
    const toUzbOnly = await write('kazDuty', 'request', ['UZB'], { what: 'Fuel for the generators' });
    const offer = await write('uzbDuty', 'offer', ['KAZ', 'PAK'], { what: 'Two tankers', requestId: toUzbOnly.json().id });
    expect(offer.statusCode).toBe(201);
    expect((await call('kazDuty', 'GET', `/api/crisis-entries/${offer.json().id}`)).json().offer.requestId).toBe(toUzbOnly.json().id);
    const atPak = (await call('pakDuty', 'GET', `/api/crisis-entries/${offer.json().id}`)).json();
    expect(atPak.offer).toMatchObject({ what: 'Two tankers', requestId: null });
    expect(JSON.stringify(atPak)).not.toContain(toUzbOnly.json().id);
  });

  it('reads an entry through its crisis: an entry whose own label admits a reader stays hidden if the crisis does not', async () => {
    const kazOnly = (
      await call('pakDuty', 'POST', '/api/crises', { title: 'PAK–KAZ only', label: label({ relTo: ['KAZ'], tlp: 'GREEN' }) })
    ).json().id as string;
    const entryId = node.ctx.ids.uuid();
    const now = node.clock.now();
    // Written behind the service's back: the service refuses an entry wider than its crisis.
    await node.ctx.database.db
      .insertInto('crisis_entries')
      .values({
        id: entryId,
        crisis_id: kazOnly,
        version: 1,
        kind: 'log',
        content: JSON.stringify({ text: 'for UZB too' }),
        entered_by: users.pakDuty!.id,
        entered_at: now,
        updated_at: now,
        ...labelToColumns({
          originator: { nation: 'PAK', org: users.pakDuty!.org },
          classification: 'UNCLASSIFIED',
          relTo: ['KAZ', 'UZB'],
          caveats: [],
          tlp: 'CLEAR',
          recipients: { orgs: [], users: [] },
          state: 'active',
          version: 1,
        }),
      })
      .execute();
    expect((await call('uzbDuty', 'GET', `/api/crisis-entries/${entryId}`)).statusCode).toBe(404);
    expect((await call('kazDuty', 'GET', `/api/crisis-entries/${entryId}`)).statusCode).toBe(200);
    const all = (await call('uzbDuty', 'GET', '/api/crisis-entries?limit=200')).json().items as { id: string }[];
    expect(all.map((e) => e.id)).not.toContain(entryId);
  });

  it('serves an entry over TAXII and to peers only where its crisis is readable too', async () => {
    // An UNCLASSIFIED entry, readable on its own by every KAZ reader, in the RESTRICTED crisis.
    const entry = await write('kazDuty', 'log', ['PAK'], { text: 'Road to the post is open.' });
    expect(entry.statusCode).toBe(201);
    const id = entry.json().id as string;
    while ((await publishDue(node.ctx)) > 0);
    const stixId = `x-concord-crisis-entry--${id}`;
    const objects = `/taxii2/api/collections/${COLLECTION_ID}/objects/`;
    // kazLow is not cleared for the crisis: every path answers as for a missing entry.
    expect((await call('kazLow', 'GET', `/api/crisis-entries/${id}`)).statusCode).toBe(404);
    const hidden = await call('kazLow', 'GET', `${objects}${stixId}/`);
    const missing = await call('kazLow', 'GET', `${objects}x-concord-crisis-entry--${node.ctx.ids.uuid()}/`);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.body).toBe(missing.body);
    expect((await call('kazLow', 'GET', `${objects}${stixId}/versions/`)).statusCode).toBe(404);
    const page = JSON.parse((await call('kazLow', 'GET', `${objects}?limit=1000&match[type]=x-concord-crisis-entry`)).body);
    expect((page.objects ?? []).map((o: { id: string }) => o.id)).not.toContain(stixId);
    const manifest = JSON.parse((await call('kazLow', 'GET', `/taxii2/api/collections/${COLLECTION_ID}/manifest/?limit=1000`)).body);
    expect((manifest.objects ?? []).map((o: { id: string }) => o.id)).not.toContain(stixId);
    expect((await call('kazAnalyst', 'GET', `${objects}${stixId}/`)).statusCode).toBe(200);
    // A peer node is served what it may receive under the node rule, the crisis included.
    const served = async (accreditation: 'UNCLASSIFIED' | 'RESTRICTED') =>
      (
        await stixObjectRepository(node.ctx.database.db).receivable(
          node.ctx.ids.uuid(),
          { nation: 'KAZ', communities: [], accreditation, caveats: [], orgs: [], users: [] },
          'KAZ',
          { versions: 'last', ids: [stixId] },
          10,
        )
      ).map((row) => row.stix_id);
    expect(await served('RESTRICTED')).toEqual([stixId]);
    expect(await served('UNCLASSIFIED')).toEqual([]);
  });

  it('streams entries to the readers of both the entry and its crisis, and to nobody else', async () => {
    const feed = await liveFeedOf(node.ctx);
    const seen: Record<string, LiveEvent[]> = { kazDuty: [], uzbDuty: [], tjkDuty: [], pakDuty: [] };
    const after = (await sql<{ seq: number }>`select coalesce(max(seq), 0)::int as seq from changes`.execute(node.ctx.database.db)).rows[0]!
      .seq;
    const live: (() => void)[] = [];
    for (const who of Object.keys(seen))
      live.push(
        await feed.subscribe(
          users[who]!.actor.reader,
          after,
          (e) => seen[who]!.push(e),
          () => undefined,
        ),
      );
    const entry = await write('kazDuty', 'log', ['PAK'], { text: 'Helicopter landed.' });
    const id = entry.json().id as string;
    await feed.wake();
    const got = (who: string) => seen[who]!.filter((e) => e.id === id).map((e) => e.kind);
    expect(got('kazDuty')).toEqual(['crisis-entry']);
    expect(got('pakDuty')).toEqual(['crisis-entry']);
    expect(got('uzbDuty')).toEqual([]);
    expect(got('tjkDuty')).toEqual([]);
    for (const close of live) close();
  });
});

describe('closing a crisis', () => {
  it('is for its declaring nation; the log then takes nothing, and the report carries only what its reader may read', async () => {
    expect((await call('kazDuty', 'POST', `/api/crises/${crisisId}/close`, { summary: 'x' })).statusCode).toBe(403);
    expect((await call('pakDuty', 'POST', `/api/crises/${crisisId}/close`, { summary: '' })).statusCode).toBe(400);
    const closed = await call('pakDuty', 'POST', `/api/crises/${crisisId}/close`, {
      summary: 'Post retaken; wounded evacuated by PAK helicopters.',
      lessons: 'Agree landing zones in advance.',
    });
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({
      status: 'closed',
      closingSummary: 'Post retaken; wounded evacuated by PAK helicopters.',
      can: { contribute: false, close: false },
    });
    expect((await call('pakDuty', 'POST', `/api/crises/${crisisId}/close`, { summary: 'again' })).statusCode).toBe(409);
    expect(
      (await call('kazDuty', 'POST', '/api/crisis-entries', { crisisId, kind: 'log', text: 'late', label: label({ relTo: ['PAK'] }) }))
        .statusCode,
    ).toBe(409);
    expect((await call('kazDuty', 'POST', `/api/crisis-entries/${taskId}/actions`, { action: 'take' })).statusCode).toBe(409);
    expect((await call('kazDuty', 'GET', `/api/crises?status=closed`)).json().items.map((c: { id: string }) => c.id)).toContain(crisisId);
    expect((await call('kazDuty', 'GET', `/api/crises?status=open`)).json().items.map((c: { id: string }) => c.id)).not.toContain(crisisId);

    const kazReport = await call('kazDuty', 'GET', `/api/crises/${crisisId}/report?format=markdown`);
    expect(kazReport.statusCode).toBe(200);
    expect(kazReport.headers['content-type']).toMatch(/text\/markdown/);
    expect(kazReport.headers['content-disposition']).toMatch(/after-action-.*\.md/);
    const kazText = kazReport.body;
    expect(kazText).toMatch(/^# After-action report: Border post overrun/);
    expect(kazText).toContain('Post retaken; wounded evacuated by PAK helicopters.');
    expect(kazText).toContain('Agree landing zones in advance.');
    expect(kazText).toContain('Mi-8 from Termez, 3 hours');
    expect(kazText).toContain('Two helicopters with medical teams');
    expect(kazText).toContain('| Secure landing zone |');
    expect(kazText).toMatch(/Situation report — KAZ.*\(critical\)/);
    expect(kazText).toMatch(/KAZ, .*: accepted offer “Two helicopters with medical teams” — Land at the district hospital\./);

    const uzbText = (await call('uzbDuty', 'GET', `/api/crises/${crisisId}/report`)).body;
    expect(uzbText).toContain('Two helicopters with medical teams');
    expect(uzbText).toContain('Mi-8 from Termez');
    const pakText = (await call('pakDuty', 'GET', `/api/crises/${crisisId}/report`)).body;
    expect(pakText).toMatch(/\| Offer \(UZB\) \| Two tankers \| offered \|/);
    expect(pakText).not.toContain('Fuel for the generators');
    expect(pakText).not.toContain('Mi-8 from Termez');
    expect(pakText).toContain('Helicopter landed.');
    expect(uzbText).not.toContain('Helicopter landed.');

    const pdf = await call('pakDuty', 'GET', `/api/crises/${crisisId}/report?format=pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const pdfText = await pdfToText(pdf.rawPayload);
    expect(pdfText).toContain('After-action report: Border post overrun');
    expect(pdfText).toContain('Two helicopters with medical teams');
    expect(pdfText).toContain('Agree landing zones in advance.');
    expect(pdfText).not.toContain('Mi-8');
    expect(pdfText).not.toContain('EXERCISE');
    expect((await verifyAuditLog(node.ctx.database)).ok).toBe(true);
  });
});

describe('exercises', () => {
  it('are marked in every report and never counted on the dashboard', async () => {
    const before = (await call('kazDuty', 'GET', '/api/crises/summary')).json();
    const drill = await declare('pakDuty', { title: 'Drill: border post', exercise: true });
    expect(drill.json().exercise).toBe(true);
    const live = await declare('pakDuty', { title: 'Second live crisis' });
    expect(live.statusCode).toBe(201);
    const after = (await call('kazDuty', 'GET', '/api/crises/summary')).json();
    expect(after.total).toBe(before.total + 1);
    expect(after.openCrises).toBe(before.openCrises + 1);
    expect((await call('tjkDuty', 'GET', '/api/crises/summary')).json()).toMatchObject({ total: 0, openCrises: 0 });

    const report = (await call('kazDuty', 'GET', `/api/crises/${drill.json().id}/report`)).body;
    expect(report.split('\n')[2]).toBe('**EXERCISE EXERCISE EXERCISE**  ');
    const pdfText = await pdfToText((await call('kazDuty', 'GET', `/api/crises/${drill.json().id}/report?format=pdf`)).rawPayload);
    expect(pdfText).toContain('EXERCISE EXERCISE EXERCISE');
    const entry = await call('kazDuty', 'POST', '/api/crisis-entries', {
      crisisId: drill.json().id,
      kind: 'log',
      text: 'Drill started.',
      label: label({ relTo: ['PAK'] }),
    });
    expect(entry.json().exercise).toBe(true);
  });
});

async function pdfToText(data: Buffer): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const pdf = await pdfjs.getDocument({ data: new Uint8Array(data), verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const content = await (await pdf.getPage(i)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  return pages.join('\n');
}

describe('the crisis domain called directly', () => {
  // Inside a transaction the embedded database has one connection: a read through another waits forever.
  it('declares, writes in and closes a crisis for an actor read without its label directory', async () => {
    const actor = await loadUserActor(node.ctx.database.db, users.pakDuty!.id, 'session');
    expect(actor).not.toBeNull();
    expect(actor!.labelDirectory).toBeUndefined();
    const id = await declareCrisis(node.ctx, actor!, {
      title: 'Called directly',
      summary: '',
      label: label({ relTo: ['KAZ'] }),
      exercise: false,
    });
    await addEntry(node.ctx, actor!, {
      crisisId: id,
      kind: 'log',
      text: 'Written without the HTTP layer.',
      label: label({ relTo: ['KAZ'] }),
    });
    await closeCrisis(node.ctx, actor!, id, { summary: 'Closed without the HTTP layer.', lessons: '' });
    const closed = await call('kazDuty', 'GET', `/api/crises/${id}`);
    expect(closed.statusCode).toBe(200);
    expect(closed.json().status).toBe('closed');
  }, 60_000);
});
