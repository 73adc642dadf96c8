import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRepository } from '../../src/server/db/repositories/audit-repository';
import { noticeReleasingOfficers } from '../../src/server/domain/release/release-notice';
import { label, makeNation, makeOrg, makeToken, makeUser } from '../kit/factories';
import { bearer } from '../kit/http';
import { startTestNode } from '../kit/test-node';
import type { LabelInput } from '../../src/shared/labels/label';
import type { TestNode } from '../kit/test-node';

let node: TestNode;
const token: Record<string, string> = {};
const userId: Record<string, string> = {};
let orgA = '';
beforeAll(async () => {
  // A second officer approves anything released as TLP:AMBER (so a bulk release meets that rule too).
  // Mail is queued in the outbox (nothing here sends it: no job runs in a test node).
  node = await startTestNode('PAK', { CONCORD_SECOND_APPROVER: 'AMBER', CONCORD_SMTP_URL: 'smtp://127.0.0.1:2525' });
  orgA = await makeOrg(node.ctx, 'PAK', 'PAK intel');
  const orgB = await makeOrg(node.ctx, 'PAK', 'PAK customs');
  const kazOrg = await makeOrg(node.ctx, 'KAZ', 'KAZ intel');
  await makeNation(node.ctx, 'UZB');
  const people = {
    analyst: await makeUser(node.ctx, { org: orgA, roles: ['analyst'], caveats: ['NARC'], username: 'amina' }),
    officer: await makeUser(node.ctx, { org: orgA, roles: ['releasing-officer'], clearance: 'SECRET', username: 'officer-a' }),
    narcOfficer: await makeUser(node.ctx, { org: orgA, roles: ['releasing-officer'], caveats: ['NARC'] }),
    lowOfficer: await makeUser(node.ctx, { org: orgA, roles: ['releasing-officer'], clearance: 'RESTRICTED' }),
    otherOrgOfficer: await makeUser(node.ctx, { org: orgB, roles: ['releasing-officer'] }),
    kazOfficer: await makeUser(node.ctx, { nation: 'KAZ', org: kazOrg, roles: ['releasing-officer'] }),
    kazViewer: await makeUser(node.ctx, { nation: 'KAZ', org: kazOrg, roles: ['viewer'] }),
  };
  for (const [who, user] of Object.entries(people)) {
    token[who] = await makeToken(node.ctx, user);
    userId[who] = user.id;
  }
});
afterAll(() => node.close());

const call = (who: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  node.app.http.inject({ method, url, headers: bearer(token[who]!), ...(payload ? { payload } : {}) });

const incidentDraft = async (title: string, proposed: LabelInput) => {
  node.clock.advance(1_000);
  const created = await call('analyst', 'POST', '/api/incidents', {
    domain: 'cyber',
    subtype: 'ddos',
    title,
    occurredAt: '2026-11-01T10:00:00Z',
    timePrecision: 'day',
    place: { country: 'PAK', precision: 'country' },
    label: proposed,
  });
  expect(created.statusCode, created.body).toBe(201);
  return created.json().id as string;
};

const queue = async (who: string, query = '') => {
  const response = await call(who, 'GET', `/api/release-queue${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as {
    items: { kind: string; id: string; title: string; author: { name: string }; proposedLabel: { marking: string } }[];
    next: string | null;
    total: number;
  };
};
const badge = async (who: string) => (await call(who, 'GET', '/api/release-queue/count')).json().total as number;

describe('the release queue', () => {
  let ids: { incident: string; actor: string; indicator: string; secret: string };
  beforeAll(async () => {
    const incident = await incidentDraft('Portal flooded', label({ relTo: ['KAZ'] }));
    node.clock.advance(1_000);
    const actor = (
      await call('analyst', 'POST', '/api/actors', { kind: 'criminal-network', name: 'Northern Route', label: label() })
    ).json().id as string;
    node.clock.advance(1_000);
    const indicator = (await call('analyst', 'POST', '/api/indicators', { type: 'domain', value: 'bad.example', label: label() })).json()
      .id as string;
    const secret = await incidentDraft('Courier route', label({ classification: 'SECRET', caveats: ['NARC'] }));
    ids = { incident, actor, indicator, secret };
  });

  it("lists every releasable kind of the officer's drafts, newest first, with who asked and the proposed label", async () => {
    const page = await queue('officer');
    expect(page.items.map((i) => [i.kind, i.title])).toEqual([
      ['indicator', 'bad.example'],
      ['actor', 'Northern Route'],
      ['incident', 'Portal flooded'],
    ]);
    expect(page.items[2]).toMatchObject({
      author: { name: 'amina' },
      proposedLabel: { marking: 'UNCLASSIFIED//REL TO PAK, KAZ TLP:GREEN' },
    });
    expect(page.total).toBe(3);
    // Pages by cursor, the same order and nothing twice.
    const first = await queue('officer', '?limit=2');
    const second = await queue('officer', `?limit=2&cursor=${first.next}`);
    expect([...first.items, ...second.items].map((i) => i.id)).toEqual(page.items.map((i) => i.id));
    expect(second.next).toBeNull();
  });

  it('never lists or counts what the officer may not read, and is empty for anyone who does not release', async () => {
    // The SECRET//NARC draft is for the officer holding NARC only; the RESTRICTED officer reads only the unclassified ones.
    expect((await queue('narcOfficer')).items.map((i) => i.id)).toEqual([ids.secret, ids.indicator, ids.actor, ids.incident]);
    expect(await badge('narcOfficer')).toBe(4);
    expect(await badge('officer')).toBe(3);
    expect((await queue('officer')).items.map((i) => i.id)).not.toContain(ids.secret);
    // Another organisation of the nation, another nation, someone who does not release: nothing.
    for (const who of ['otherOrgOfficer', 'kazOfficer', 'kazViewer', 'analyst']) {
      expect(await queue(who)).toEqual({ items: [], next: null, total: 0 });
      expect(await badge(who)).toBe(0);
    }
  });

  it('releases under a label changed at release: validated like any label, audited with what was proposed, and gone from the queue', async () => {
    const id = await incidentDraft('Border post shelled', label({ relTo: ['KAZ', 'UZB'] }));
    expect(await badge('lowOfficer')).toBeGreaterThan(0);
    const before = await badge('officer');
    // A label the officer could not read is refused, as on any write.
    const tooHigh = await call('lowOfficer', 'POST', `/api/incidents/${id}/release`, { label: label({ classification: 'SECRET' }) });
    expect(tooHigh.statusCode).toBe(400);
    const narrowed = await call('officer', 'POST', `/api/incidents/${id}/release`, { label: label({ relTo: ['KAZ'] }) });
    expect(narrowed.statusCode, narrowed.body).toBe(200);
    expect(narrowed.json()).toMatchObject({ releaseState: 'released', label: { marking: 'UNCLASSIFIED//REL TO PAK, KAZ TLP:GREEN' } });
    expect((await call('kazViewer', 'GET', `/api/incidents/${id}`)).statusCode).toBe(200);
    const [entry] = await auditRepository(node.ctx.database.db).latest(1, { action: 'incident.release' });
    expect(entry?.details).toMatchObject({ relTo: ['PAK', 'KAZ'], proposed: { relTo: ['PAK', 'KAZ', 'UZB'] } });
    expect(await badge('officer')).toBe(before - 1);
    expect((await queue('officer')).items.map((i) => i.id)).not.toContain(id);
  });

  it('bulk-releases a mix: each record decided on its own, the refused ones untouched and said why', async () => {
    const good = await incidentDraft('Convoy stopped', label());
    const narrowedAtRelease = await incidentDraft('Depot raided', label({ relTo: ['KAZ', 'UZB'] }));
    const needsSecond = await incidentDraft('Open advisory', label({ tlp: 'AMBER', recipients: { orgs: [orgA], users: [] } }));
    const unreadable = await incidentDraft('Informant met', label({ classification: 'SECRET', caveats: ['NARC'] }));
    const kazDraft = (
      await node.app.http.inject({
        method: 'GET',
        url: '/api/release-queue',
        headers: bearer(token.kazOfficer!),
      })
    ).json().items as unknown[];
    expect(kazDraft).toEqual([]);
    const answer = await call('officer', 'POST', '/api/release-queue/release', {
      items: [
        { kind: 'incident', id: good },
        { kind: 'incident', id: narrowedAtRelease, label: label({ relTo: ['KAZ'] }) },
        { kind: 'incident', id: needsSecond },
        { kind: 'incident', id: unreadable },
        { kind: 'actor', id: ids.actor, version: 7 },
        { kind: 'incident', id: '00000000-0000-4000-8000-000000000000' },
        { kind: 'indicator', id: ids.indicator, label: label({ classification: 'SECRET', caveats: ['CT'] }) },
      ],
    });
    expect(answer.statusCode, answer.body).toBe(200);
    const outcome = Object.fromEntries(
      (answer.json().items as { id: string; outcome: string; reason?: { code: string } }[]).map((i) => [i.id, [i.outcome, i.reason?.code]]),
    );
    expect(outcome).toEqual({
      [good]: ['released', undefined],
      [narrowedAtRelease]: ['released', undefined],
      [needsSecond]: ['awaiting-second-approval', undefined],
      [unreadable]: ['refused', 'NOT_FOUND'],
      [ids.actor]: ['refused', 'CONFLICT'],
      '00000000-0000-4000-8000-000000000000': ['refused', 'NOT_FOUND'],
      [ids.indicator]: ['refused', 'VALIDATION_FAILED'],
    });
    // The unreadable record answers exactly as the missing one.
    const items = answer.json().items as { id: string; reason?: unknown }[];
    expect(items.find((i) => i.id === unreadable)?.reason).toEqual(items.find((i) => i.id.startsWith('00000000'))?.reason);
    expect((await call('kazViewer', 'GET', `/api/incidents/${narrowedAtRelease}`)).json().label.marking).toBe(
      'UNCLASSIFIED//REL TO PAK, KAZ TLP:GREEN',
    );
    // Refused records are as they were: still drafts, still in the queue.
    for (const [kind, id] of [
      ['actors', ids.actor],
      ['indicators', ids.indicator],
    ] as const) {
      const record = (await call('officer', 'GET', `/api/${kind}/${id}`)).json();
      expect(record).toMatchObject({ releaseState: 'draft', version: 1 });
    }
    const left = (await queue('officer')).items.map((i) => i.id);
    expect(left).toEqual(expect.arrayContaining([ids.actor, ids.indicator]));
    expect(left).not.toContain(good);
    // What the officer approved first waits for another officer: not in their queue, in the other's.
    expect(left).not.toContain(needsSecond);
    const other = (await queue('narcOfficer')).items.find((i) => i.id === needsSecond);
    expect(other).toMatchObject({ approval: { by: { id: userId.officer } } });
    expect(
      (await call('narcOfficer', 'POST', '/api/release-queue/release', { items: [{ kind: 'incident', id: needsSecond }] })).json(),
    ).toEqual({
      items: [{ kind: 'incident', id: needsSecond, outcome: 'released' }],
    });
  });

  it('refuses an empty or oversized request with what to fix', async () => {
    const empty = await call('officer', 'POST', '/api/release-queue/release', { items: [] });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toContain('at least one');
    const many = Array.from({ length: 101 }, () => ({ kind: 'incident', id: '00000000-0000-4000-8000-000000000000' }));
    const tooMany = await call('officer', 'POST', '/api/release-queue/release', { items: many });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.message).toContain('at most 100');
  });
});

describe('telling releasing officers of new drafts', () => {
  const releaseNotices = async (who: string) => {
    const response = await call(who, 'GET', '/api/notifications');
    expect(response.statusCode, response.body).toBe(200);
    return (response.json().items as { kind: string; count?: number }[]).filter((n) => n.kind === 'release');
  };

  it('tells each officer once how many drafts they may release arrived, and only of what is new since', async () => {
    await incidentDraft('Border post', label());
    node.clock.advance(1_000);
    const before = { officer: await badge('officer'), narcOfficer: await badge('narcOfficer'), lowOfficer: await badge('lowOfficer') };
    await noticeReleasingOfficers(node.ctx);
    expect(before.officer).toBeGreaterThan(0);
    for (const who of ['officer', 'narcOfficer', 'lowOfficer'] as const) {
      expect((await releaseNotices(who)).map((n) => n.count)).toEqual([before[who]]);
    }
    // Nothing new: nobody is told again.
    node.clock.advance(1_000);
    expect(await noticeReleasingOfficers(node.ctx)).toBe(0);
    expect((await releaseNotices('officer')).length).toBe(1);

    // One new draft under NARC: the officer without the caveat is not told of it; the one with it is.
    await incidentDraft('Night convoy', label({ caveats: ['NARC'] }));
    node.clock.advance(1_000);
    await noticeReleasingOfficers(node.ctx);
    expect((await releaseNotices('narcOfficer'))[0]?.count).toBe(1);
    expect((await releaseNotices('officer')).length).toBe(1);
    // Other nations' officers and people who do not release are never told.
    expect(await releaseNotices('kazOfficer')).toEqual([]);
    expect(await releaseNotices('analyst')).toEqual([]);
  });

  it('does not tell officers of their own drafts', async () => {
    node.clock.advance(1_000);
    const created = await call('officer', 'POST', '/api/indicators', { type: 'domain', value: 'own.example', label: label() });
    expect(created.statusCode, created.body).toBe(201);
    const countBefore = (await releaseNotices('officer')).length;
    node.clock.advance(1_000);
    await noticeReleasingOfficers(node.ctx);
    expect((await releaseNotices('officer')).length).toBe(countBefore);
    // Another officer of the same organisation hears of it.
    expect((await releaseNotices('narcOfficer'))[0]?.count).toBe(1);
  });
});

describe('a release notice in the officer’s own language', () => {
  it('says how many drafts wait in Russian, with its plural, in the app and by mail', async () => {
    const ru = await makeUser(node.ctx, {
      org: orgA,
      roles: ['releasing-officer'],
      clearance: 'SECRET',
      language: 'ru',
      email: 'vypusk@pak.example',
    });
    await noticeReleasingOfficers(node.ctx); // what was there before this officer: one notice
    node.clock.advance(1_000);
    for (const title of ['Convoy one', 'Convoy two', 'Convoy three']) await incidentDraft(title, label());
    node.clock.advance(1_000);
    await noticeReleasingOfficers(node.ctx);
    const db = node.ctx.database.db;
    const lines = await db.selectFrom('notifications').select('line').where('user_id', '=', ru.id).orderBy('created_at').execute();
    expect(lines.at(-1)?.line).toBe('3 новых черновика ожидают вашего выпуска.');
    const mail = await db
      .selectFrom('mail_outbox')
      .select(['subject', 'body'])
      .where('to_address', '=', 'vypusk@pak.example')
      .orderBy('created_at')
      .execute();
    expect(mail.at(-1)?.subject).toBe('3 новых черновика ожидают вашего выпуска.');
    expect(mail.at(-1)?.body).toMatch(/Открыть очередь: http\S+\/release/);
  });
});
