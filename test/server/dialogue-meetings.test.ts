import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meetingRepository } from '../../src/server/db/repositories/meeting-repository';
import { label, makeCaveat, makeOrg, makeToken, makeUser } from '../kit/factories';
import { bearer } from '../kit/http';
import { startTestNode } from '../kit/test-node';
import type { MadeUser } from '../kit/factories';
import type { TestNode } from '../kit/test-node';

/**
 * Meetings of the strategic dialogue on one node shared by several nations: PAK hosts staff talks
 * with KAZ and UZB; each answers the invitation and names its delegation; the agenda holds a
 * bilateral sidebar for PAK and KAZ that UZB cannot see, nor tell is missing; minutes are read
 * through their item and its meeting. TJK sees nothing at all.
 */
let node: TestNode;
const users: Record<string, MadeUser> = {};
const token: Record<string, string> = {};
const DAY = 86_400_000;

const call = (who: string, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object, headers: object = {}) =>
  node.app.http.inject({ method, url, headers: { ...bearer(token[who]!), ...headers }, ...(payload ? { payload } : {}) });

beforeAll(async () => {
  node = await startTestNode();
  const { ctx } = node;
  const pakMod = await makeOrg(ctx, 'PAK', 'PAK ministry of defence');
  await makeCaveat(ctx, 'NARC');
  users.pakOrganiser = await makeUser(ctx, { nation: 'PAK', org: pakMod, roles: ['dialogue-officer'] });
  users.pakAnalyst = await makeUser(ctx, { nation: 'PAK', org: pakMod, roles: ['analyst'] });
  users.kazHead = await makeUser(ctx, { nation: 'KAZ', roles: ['delegation-head'] });
  users.kazViewer = await makeUser(ctx, { nation: 'KAZ', roles: ['viewer'] });
  users.uzbOfficer = await makeUser(ctx, { nation: 'UZB', roles: ['dialogue-officer'] });
  users.tjkOfficer = await makeUser(ctx, { nation: 'TJK', roles: ['dialogue-officer'] });
  for (const [name, user] of Object.entries(users)) token[name] = await makeToken(ctx, user);
});
afterAll(() => node.close());

const starts = new Date(Date.now() + 10 * DAY);
const at = (hours: number) => new Date(starts.getTime() + hours * 3600_000).toISOString();
const meetingBody = (over: object = {}) => ({
  title: 'Regional staff talks on border security',
  kind: 'staff-talks',
  summary: 'Annual staff talks.',
  venue: { online: false, name: 'Joint Staff Headquarters, Rawalpindi', country: 'PAK', lat: 33.6, lon: 73.05 },
  timeZone: 'Asia/Karachi',
  startsAt: at(0),
  endsAt: at(32),
  participants: ['KAZ', 'UZB'],
  answerBy: at(-72),
  label: label({ classification: 'RESTRICTED', relTo: ['KAZ', 'UZB'] }),
  ...over,
});

let meetingId = '';
const itemIds: string[] = [];

describe('organising a meeting', () => {
  it('is for the nation’s organisers; bad input is refused naming each field, and nothing is written', async () => {
    expect((await call('pakAnalyst', 'POST', '/api/meetings', meetingBody())).statusCode).toBe(403);
    const backwards = await call('pakOrganiser', 'POST', '/api/meetings', meetingBody({ endsAt: at(-1) }));
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.issues).toEqual([{ path: 'endsAt', message: 'The meeting must end after it starts.' }]);
    const unreleased = await call('pakOrganiser', 'POST', '/api/meetings', meetingBody({ participants: ['KAZ', 'UZB', 'TJK'] }));
    expect(unreleased.statusCode).toBe(400);
    expect(unreleased.json().error.issues[0].message).toMatch(/add TJK/);
    const zone = await call('pakOrganiser', 'POST', '/api/meetings', meetingBody({ timeZone: 'Mars/Olympus' }));
    expect(zone.statusCode).toBe(400);
    expect(JSON.stringify(zone.json())).toMatch(/IANA time zone/);
    const late = await call('pakOrganiser', 'POST', '/api/meetings', meetingBody({ answerBy: at(1) }));
    expect(late.statusCode).toBe(400);
    expect((await call('pakOrganiser', 'GET', '/api/meetings')).json().items).toEqual([]);
  });

  it('makes a meeting of the host nation with its participants; TJK cannot tell it exists', async () => {
    const created = await call('pakOrganiser', 'POST', '/api/meetings', meetingBody());
    expect(created.statusCode).toBe(201);
    const meeting = created.json();
    meetingId = meeting.id;
    expect(meeting).toMatchObject({ host: 'PAK', participants: ['KAZ', 'PAK', 'UZB'], status: 'planned', partnerNode: false });
    expect(meeting.can).toEqual({ organise: true, attend: true });
    expect(created.headers.etag).toBe('"1"');
    for (const who of ['kazHead', 'uzbOfficer']) {
      const seen = await call(who, 'GET', `/api/meetings/${meetingId}`);
      expect(seen.statusCode).toBe(200);
      expect(seen.json().can).toEqual({ organise: false, attend: true });
      expect((await call(who, 'GET', '/api/meetings')).json().items.map((m: { id: string }) => m.id)).toEqual([meetingId]);
    }
    const hidden = await call('tjkOfficer', 'GET', `/api/meetings/${meetingId}`);
    const missing = await call('tjkOfficer', 'GET', `/api/meetings/${node.ctx.ids.uuid()}`);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.body).toBe(missing.body);
    expect((await call('tjkOfficer', 'GET', '/api/meetings')).json().items).toEqual([]);
  });

  it('is changed by its host only, at the version named', async () => {
    expect((await call('kazHead', 'PATCH', `/api/meetings/${meetingId}`, { title: 'Renamed' })).statusCode).toBe(403);
    const stale = await call('pakOrganiser', 'PATCH', `/api/meetings/${meetingId}`, { title: 'Renamed' }, { 'if-match': '"7"' });
    expect(stale.statusCode).toBe(409);
    const changed = await call(
      'pakOrganiser',
      'PATCH',
      `/api/meetings/${meetingId}`,
      { summary: 'Annual staff talks, second round.' },
      { 'if-match': '"1"' },
    );
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ version: 2, summary: 'Annual staff talks, second round.' });
    // A label that names organisations is checked (reading the directory) without holding the write's connection.
    const named = await call('pakOrganiser', 'PATCH', `/api/meetings/${meetingId}`, {
      label: label({
        classification: 'RESTRICTED',
        relTo: ['KAZ', 'UZB'],
        tlp: 'AMBER',
        recipients: { orgs: [users.pakOrganiser!.org], users: [] },
      }),
    });
    expect(named.statusCode, named.body).toBe(200);
    const back = await call('pakOrganiser', 'PATCH', `/api/meetings/${meetingId}`, {
      label: label({ classification: 'RESTRICTED', relTo: ['KAZ', 'UZB'] }),
    });
    expect(back.json().version).toBe(4);
    // A label beyond the organiser's clearance is refused (and audited) without holding it either.
    const above = await call('pakOrganiser', 'POST', `/api/meetings/${meetingId}/agenda`, {
      title: 'Above',
      ownerNation: 'PAK',
      label: label({ relTo: ['KAZ'], caveats: ['NARC'] }),
    });
    expect(above.statusCode).toBe(400);
    expect(above.json().error.message).toMatch(/NARC/);
    expect((await call('kazHead', 'GET', `/api/meetings/${meetingId}`)).statusCode).toBe(200);
  });
});

describe('invitations and delegations', () => {
  it('each participant answers for its nation and the host sees who answered; others are refused', async () => {
    expect((await call('kazViewer', 'PUT', `/api/meetings/${meetingId}/answer`, { answer: 'accepted' })).statusCode).toBe(403);
    expect((await call('tjkOfficer', 'PUT', `/api/meetings/${meetingId}/answer`, { answer: 'accepted' })).statusCode).toBe(404);
    const hostBlind = await call('kazHead', 'PUT', `/api/meetings/${meetingId}/answer`, {
      answer: 'accepted',
      label: label({ relTo: ['UZB'] }),
    });
    expect(hostBlind.statusCode).toBe(400);
    expect(hostBlind.json().error.issues).toEqual([{ path: 'label.relTo', message: 'Add PAK.' }]);
    // The nation's word is read by everyone of it who may read the meeting: no stricter label.
    const amber = await call('kazHead', 'PUT', `/api/meetings/${meetingId}/answer`, {
      answer: 'accepted',
      label: label({ relTo: ['PAK'], tlp: 'AMBER', recipients: { orgs: [users.pakOrganiser!.org], users: [] } }),
    });
    expect(amber.statusCode).toBe(400);
    expect(amber.json().error.issues).toEqual([{ path: 'label.tlp', message: 'TLP:CLEAR or TLP:GREEN.' }]);
    const secret = await call('kazHead', 'PUT', `/api/meetings/${meetingId}/answer`, {
      answer: 'accepted',
      label: label({ classification: 'SECRET' }),
    });
    expect(secret.json().error.issues).toEqual([{ path: 'label.classification', message: 'At most RESTRICTED, the meeting’s.' }]);
    expect((await call('kazHead', 'PUT', `/api/meetings/${meetingId}/answer`, { answer: 'tentative' })).statusCode).toBe(200);
    const kaz = await call('kazHead', 'PUT', `/api/meetings/${meetingId}/answer`, { answer: 'accepted', note: 'Delegation of four.' });
    expect(kaz.statusCode).toBe(200);
    // An answer only for the host: UZB does not see it.
    await call('uzbOfficer', 'PUT', `/api/meetings/${meetingId}/answer`, { answer: 'tentative', label: label({ relTo: ['PAK'] }) });
    const host = (await call('pakOrganiser', 'GET', `/api/meetings/${meetingId}`)).json();
    expect(host.answers.map((a: { nation: string; answer: string; version: number }) => [a.nation, a.answer, a.version])).toEqual([
      ['KAZ', 'accepted', 2],
      ['UZB', 'tentative', 1],
    ]);
    const uzb = (await call('uzbOfficer', 'GET', `/api/meetings/${meetingId}`)).json();
    expect(uzb.answers.map((a: { nation: string }) => a.nation)).toEqual(['KAZ', 'UZB']);
    const kazView = (await call('kazHead', 'GET', `/api/meetings/${meetingId}`)).json();
    expect(kazView.answers.map((a: { nation: string }) => a.nation)).toEqual(['KAZ']);
    // The answer by id: read through the meeting.
    const uzbAnswer = host.answers.find((a: { nation: string }) => a.nation === 'UZB').id;
    expect((await call('pakOrganiser', 'GET', `/api/meeting-answers/${uzbAnswer}`)).statusCode).toBe(200);
    expect((await call('kazHead', 'GET', `/api/meeting-answers/${uzbAnswer}`)).statusCode).toBe(404);
    // Answered again without a label, UZB's answer keeps the one it had: still the host's alone.
    expect((await call('uzbOfficer', 'PUT', `/api/meetings/${meetingId}/answer`, { answer: 'accepted' })).statusCode).toBe(200);
    expect((await call('kazHead', 'GET', `/api/meeting-answers/${uzbAnswer}`)).statusCode).toBe(404);
    expect((await call('pakOrganiser', 'GET', `/api/meeting-answers/${uzbAnswer}`)).json()).toMatchObject({
      answer: 'accepted',
      version: 2,
    });
  });

  it('each participant names its own delegation', async () => {
    const written = await call('kazHead', 'PUT', `/api/meetings/${meetingId}/delegation`, {
      head: { name: 'Col. A. Nurlanov', rank: 'Colonel', appointment: 'Head of border cooperation' },
      members: [{ name: 'Maj. D. Sarsenbayev', rank: 'Major' }],
    });
    expect(written.statusCode).toBe(200);
    const delegations = written.json().delegations;
    expect(delegations).toHaveLength(1);
    expect(delegations[0]).toMatchObject({
      nation: 'KAZ',
      head: { name: 'Col. A. Nurlanov' },
      members: [{ name: 'Maj. D. Sarsenbayev', appointment: '' }],
    });
    expect((await call('pakOrganiser', 'GET', `/api/delegations/${delegations[0].id}`)).json().head.rank).toBe('Colonel');
    expect((await call('tjkOfficer', 'GET', `/api/delegations/${delegations[0].id}`)).statusCode).toBe(404);
  });
});

describe('the agenda', () => {
  it('is written by the host; an item for two nations is invisible to the third, numbering and all', async () => {
    const add = (who: string, body: object) => call(who, 'POST', `/api/meetings/${meetingId}/agenda`, body);
    expect((await add('kazHead', { title: 'Opening', ownerNation: 'KAZ' })).statusCode).toBe(403);
    const outside = await add('pakOrganiser', { title: 'Opening', ownerNation: 'PAK', slotStart: at(-2) });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.issues[0].path).toBe('slotStart');
    expect((await add('pakOrganiser', { title: 'Opening', ownerNation: 'TJK' })).json().error.issues[0].path).toBe('ownerNation');
    for (const body of [
      { title: 'Opening remarks', ownerNation: 'PAK', slotStart: at(0), slotEnd: at(1) },
      { title: 'Sidebar: joint patrols on the Wakhan', ownerNation: 'KAZ', label: label({ classification: 'RESTRICTED', relTo: ['KAZ'] }) },
      { title: 'Narcotics routes across the region', ownerNation: 'UZB' },
    ]) {
      const added = await add('pakOrganiser', body);
      expect(added.statusCode).toBe(201);
      itemIds.push(added.json().id);
    }
    const numbers = async (who: string) =>
      (await call(who, 'GET', `/api/meetings/${meetingId}`))
        .json()
        .agenda.map((i: { number: number; title: string }) => [i.number, i.title]);
    expect(await numbers('kazHead')).toEqual([
      [1, 'Opening remarks'],
      [2, 'Sidebar: joint patrols on the Wakhan'],
      [3, 'Narcotics routes across the region'],
    ]);
    expect(await numbers('uzbOfficer')).toEqual([
      [1, 'Opening remarks'],
      [2, 'Narcotics routes across the region'],
    ]);
    expect((await call('uzbOfficer', 'GET', `/api/agenda-items/${itemIds[2]}`)).json().number).toBe(2);
    const hidden = await call('uzbOfficer', 'GET', `/api/agenda-items/${itemIds[1]}`);
    const missing = await call('uzbOfficer', 'GET', `/api/agenda-items/${node.ctx.ids.uuid()}`);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.body).toBe(missing.body);
  });

  it('moves items, and places one only after an item the organiser may read', async () => {
    const moved = await call('pakOrganiser', 'PATCH', `/api/agenda-items/${itemIds[2]}`, { after: null });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().number).toBe(1);
    const order = (await call('kazHead', 'GET', `/api/meetings/${meetingId}`)).json().agenda.map((i: { id: string }) => i.id);
    expect(order).toEqual([itemIds[2], itemIds[0], itemIds[1]]);
    const nowhere = await call('pakOrganiser', 'PATCH', `/api/agenda-items/${itemIds[0]}`, { after: node.ctx.ids.uuid() });
    expect(nowhere.statusCode).toBe(400);
    expect(nowhere.json().error.issues[0].path).toBe('after');
  });

  it('has minutes read through their item and its meeting: released to UZB, a sidebar’s minutes still are not', async () => {
    const written = await call('pakOrganiser', 'PUT', `/api/agenda-items/${itemIds[1]}/minutes`, {
      text: 'Both sides agreed to coordinate patrol schedules.',
      label: label({ classification: 'RESTRICTED', relTo: ['KAZ', 'UZB'] }),
    });
    expect(written.statusCode).toBe(200);
    const minutes = written.json().minutes;
    expect(minutes).toMatchObject({ status: 'draft', version: 1, can: { edit: true } });
    expect((await call('kazHead', 'GET', `/api/minutes/${minutes.id}`)).json().text).toMatch(/patrol schedules/);
    const hidden = await call('uzbOfficer', 'GET', `/api/minutes/${minutes.id}`);
    const missing = await call('uzbOfficer', 'GET', `/api/minutes/${node.ctx.ids.uuid()}`);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.body).toBe(missing.body);
    // Rewritten: a new version of the same minutes.
    const again = await call('pakOrganiser', 'PUT', `/api/agenda-items/${itemIds[1]}/minutes`, { text: 'Both sides agreed.' });
    expect(again.json().minutes).toMatchObject({
      id: minutes.id,
      version: 2,
      text: 'Both sides agreed.',
      label: { relTo: minutes.label.relTo },
    });
  });
});

describe('a chain of parents', () => {
  it('keeps an item and its minutes from a nation the meeting is not released to, whatever their own labels say', async () => {
    const wide = label({ relTo: ['KAZ', 'UZB', 'TJK'] });
    const item = await call('pakOrganiser', 'POST', `/api/meetings/${meetingId}/agenda`, {
      title: 'Regional outlook',
      ownerNation: 'PAK',
      label: wide,
    });
    expect(item.statusCode).toBe(201);
    const minutes = (
      await call('pakOrganiser', 'PUT', `/api/agenda-items/${item.json().id}/minutes`, { text: 'Outlook noted.', label: wide })
    ).json().minutes;
    expect((await call('uzbOfficer', 'GET', `/api/minutes/${minutes.id}`)).statusCode).toBe(200);
    // TJK passes the minutes' label and the item's, not the meeting's: the grandparent decides.
    expect((await call('tjkOfficer', 'GET', `/api/agenda-items/${item.json().id}`)).statusCode).toBe(404);
    const hidden = await call('tjkOfficer', 'GET', `/api/minutes/${minutes.id}`);
    const missing = await call('tjkOfficer', 'GET', `/api/minutes/${node.ctx.ids.uuid()}`);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.body).toBe(missing.body);
    // The rule itself asks the chain, not only the routes: the query for the minutes alone finds nothing.
    const repo = meetingRepository(node.ctx.database.db);
    expect(await repo.findMinutesReadable(minutes.id, users.uzbOfficer!.actor.reader)).toBeDefined();
    expect(await repo.findMinutesReadable(minutes.id, users.tjkOfficer!.actor.reader)).toBeUndefined();
  });
});

describe('a cancelled meeting', () => {
  it('takes no more answers or agenda', async () => {
    expect((await call('kazHead', 'POST', `/api/meetings/${meetingId}/cancel`)).statusCode).toBe(403);
    const cancelled = await call('pakOrganiser', 'POST', `/api/meetings/${meetingId}/cancel`);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', can: { organise: false, attend: false } });
    expect((await call('uzbOfficer', 'PUT', `/api/meetings/${meetingId}/answer`, { answer: 'declined' })).statusCode).toBe(409);
    expect(
      (await call('pakOrganiser', 'POST', `/api/meetings/${meetingId}/agenda`, { title: 'Late', ownerNation: 'PAK' })).statusCode,
    ).toBe(409);
  });
});
