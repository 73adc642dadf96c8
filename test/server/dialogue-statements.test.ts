import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceStatement, giveSilenceWords } from '../../src/server/domain/dialogue/statement-service';
import { verifyStatementDocument } from '../../src/server/domain/dialogue/statement-document';
import { label, makeOrg, makeToken, makeUser } from '../kit/factories';
import { bearer } from '../kit/http';
import { startTestNode } from '../kit/test-node';
import type { MadeUser } from '../kit/factories';
import type { TestNode } from '../kit/test-node';
import type { Statement } from '../../src/shared/contracts/statements';

/**
 * Joint statements on one node shared by several nations (no peers: this node speaks for each):
 * PAK holds the pen for staff talks with KAZ and UZB. Clauses are versioned and a change voids the
 * positions given on the version before; amendments race and the pen-holder decides; only a head of
 * delegation gives the nation's position; the text is adopted by concurrence, or under silence once
 * every nation's node has sent its signed word — and waits for one that has not. The adopted text
 * is a signed document that verifies, and fails to once tampered with.
 */
let node: TestNode;
const users: Record<string, MadeUser> = {};
const token: Record<string, string> = {};
const DAY = 86_400_000;

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const call = (who: string, method: Method, url: string, payload?: object) =>
  node.app.http.inject({ method, url, headers: bearer(token[who]!), ...(payload ? { payload } : {}) });
const statementOf = async (who: string, id: string) => (await call(who, 'GET', `/api/statements/${id}`)).json() as Statement;

let meetingId = '';

beforeAll(async () => {
  node = await startTestNode();
  const { ctx } = node;
  const pakMod = await makeOrg(ctx, 'PAK', 'PAK ministry of defence');
  users.pakPen = await makeUser(ctx, { nation: 'PAK', org: pakMod, roles: ['dialogue-officer'] });
  users.pakHead = await makeUser(ctx, { nation: 'PAK', org: pakMod, roles: ['delegation-head'] });
  users.pakAnalyst = await makeUser(ctx, { nation: 'PAK', org: pakMod, roles: ['analyst'] });
  users.kazHead = await makeUser(ctx, { nation: 'KAZ', roles: ['delegation-head'] });
  users.kazOfficer = await makeUser(ctx, { nation: 'KAZ', roles: ['dialogue-officer'] });
  users.uzbHead = await makeUser(ctx, { nation: 'UZB', roles: ['delegation-head'] });
  users.tjkHead = await makeUser(ctx, { nation: 'TJK', roles: ['delegation-head'] });
  for (const [name, user] of Object.entries(users)) token[name] = await makeToken(ctx, user);
  const starts = new Date(Date.now() + 10 * DAY);
  const meeting = await call('pakPen', 'POST', '/api/meetings', {
    title: 'Regional staff talks',
    kind: 'staff-talks',
    venue: { online: true },
    timeZone: 'Asia/Karachi',
    startsAt: starts.toISOString(),
    endsAt: new Date(starts.getTime() + DAY).toISOString(),
    participants: ['KAZ', 'UZB'],
    // Released to TJK too, which does not take part: it reads, but may not give a position.
    label: label({ relTo: ['KAZ', 'UZB', 'TJK'] }),
  });
  expect(meeting.statusCode).toBe(201);
  meetingId = meeting.json().id;
  for (const who of ['kazHead', 'uzbHead'])
    expect((await call(who, 'PUT', `/api/meetings/${meetingId}/answer`, { answer: 'accepted' })).statusCode).toBe(200);
});
afterAll(() => node.close());

const draft = (clauses: string[], title = 'Joint statement of the staff talks') =>
  call('pakPen', 'POST', `/api/meetings/${meetingId}/statements`, { title, preamble: 'The participants,', clauses });

/** Every participant concurs on every clause and on the whole, as the statement stands. */
async function everyoneConcurs(id: string, skip: string[] = []) {
  for (const who of ['pakHead', 'kazHead', 'uzbHead'].filter((w) => !skip.includes(w))) {
    const s = await statementOf(who, id);
    const positions = [
      ...s.clauses.map((c) => ({ clause: c.id, ofVersion: c.version, stance: 'concur' })),
      { clause: null, ofVersion: s.textVersion, stance: 'concur' },
    ];
    expect((await call(who, 'POST', `/api/statements/${id}/positions`, { positions })).statusCode).toBe(200);
  }
}

describe('drafting a statement', () => {
  it('is the host organisers’; bad input is refused naming the field, and nothing is written', async () => {
    expect((await call('pakAnalyst', 'POST', `/api/meetings/${meetingId}/statements`, { title: 'x', clauses: ['a'] })).statusCode).toBe(
      403,
    );
    expect((await call('kazOfficer', 'POST', `/api/meetings/${meetingId}/statements`, { title: 'x', clauses: ['a'] })).statusCode).toBe(
      403,
    );
    const empty = await draft(['  ']);
    expect(empty.statusCode).toBe(400);
    expect(JSON.stringify(empty.json())).toMatch(/A clause has text/);
    expect((await call('pakPen', 'GET', `/api/statements?meetingId=${meetingId}`)).json().items).toEqual([]);
  });

  it('numbers the clauses, shows every participant’s empty column, and lists the statement for its readers', async () => {
    const created = await draft(['We deepen military-to-military cooperation.', 'We meet again next year.']);
    expect(created.statusCode).toBe(201);
    const s = created.json() as Statement;
    expect(s).toMatchObject({ host: 'PAK', status: 'drafting', textVersion: 1, participants: ['KAZ', 'PAK', 'UZB'] });
    expect(s.clauses.map((c) => [c.number, c.version])).toEqual([
      [1, 1],
      [2, 1],
    ]);
    expect(s.matrix.whole).toEqual({ KAZ: { state: 'none' }, PAK: { state: 'none' }, UZB: { state: 'none' } });
    const none = { draft: false, translate: false, publish: false, concur: false, amend: false };
    expect(s.can).toEqual({ ...none, draft: true, amend: true });
    expect((await statementOf('kazHead', s.id)).can).toEqual({ ...none, concur: true, amend: true });
    expect((await statementOf('kazOfficer', s.id)).can).toEqual({ ...none, amend: true });
    expect((await statementOf('tjkHead', s.id)).can).toEqual(none);
    const listed = (await call('uzbHead', 'GET', `/api/statements?meetingId=${meetingId}`)).json().items;
    expect(listed.map((x: { id: string }) => x.id)).toEqual([s.id]);
  });

  it('moves, adds and removes clauses, each a new version of the text; a bad place is refused naming the field', async () => {
    const s = (await draft(['A.', 'B.', 'C.'], 'Reordered')).json() as Statement;
    const [a, b, c] = s.clauses;
    const first = await call('pakPen', 'POST', `/api/statements/${s.id}/clauses/${c!.id}/move`, { after: null });
    expect((first.json() as Statement).clauses.map((x) => x.text)).toEqual(['C.', 'A.', 'B.']);
    const down = await call('pakPen', 'POST', `/api/statements/${s.id}/clauses/${c!.id}/move`, { after: a!.id });
    expect((down.json() as Statement).clauses.map((x) => x.text)).toEqual(['A.', 'C.', 'B.']);
    const nowhere = await call('pakPen', 'POST', `/api/statements/${s.id}/clauses/${a!.id}/move`, { after: node.ctx.ids.uuid() });
    expect(nowhere.statusCode).toBe(400);
    expect(nowhere.json().error.issues).toEqual([{ path: 'after', message: 'Another clause of this statement.' }]);
    const added = await call('pakPen', 'POST', `/api/statements/${s.id}/clauses`, { text: 'D.', after: b!.id });
    expect((added.json() as Statement).clauses.map((x) => x.text)).toEqual(['A.', 'C.', 'B.', 'D.']);
    const removed = await call('pakPen', 'DELETE', `/api/statements/${s.id}/clauses/${b!.id}`);
    expect(removed.json()).toMatchObject({ textVersion: 5, clauses: [{ text: 'A.' }, { text: 'C.' }, { text: 'D.' }] });
    // Nothing changed, nothing written: the title as it is keeps the text's version.
    expect((await call('pakPen', 'PATCH', `/api/statements/${s.id}`, { title: 'Reordered' })).json().textVersion).toBe(5);
    expect((await call('pakPen', 'PATCH', `/api/statements/${s.id}`, { title: 'Reordered text' })).json().textVersion).toBe(6);
  });
});

describe('positions', () => {
  let id = '';
  beforeAll(async () => {
    id = (await draft(['First clause.', 'Second clause.'], 'Positions')).json().id;
  });

  it('are given only by a participant’s head of delegation; others are refused and audited', async () => {
    const s = await statementOf('kazHead', id);
    const body = { positions: [{ clause: s.clauses[0]!.id, ofVersion: 1, stance: 'concur' }] };
    const officer = await call('kazOfficer', 'POST', `/api/statements/${id}/positions`, body);
    expect(officer.statusCode).toBe(403);
    expect(officer.json().error.message).toMatch(/head of delegation/);
    const outsider = await call('tjkHead', 'POST', `/api/statements/${id}/positions`, body);
    expect(outsider.statusCode).toBe(403);
    expect(outsider.json().error.message).toMatch(/nations taking part/);
    const audited = await node.ctx.database.db
      .selectFrom('audit_log')
      .select(['actor_id', 'details'])
      .where('action', '=', 'access.denied')
      .where('actor_id', 'in', [users.kazOfficer!.id, users.tjkHead!.id])
      .execute();
    expect(
      audited.filter((a) => (a.details as { route?: string }).route === 'POST /api/statements/:id/positions').map((a) => a.actor_id),
    ).toEqual([users.kazOfficer!.id, users.tjkHead!.id]);
    expect((await statementOf('kazHead', id)).matrix.clauses[s.clauses[0]!.id]).toEqual({
      KAZ: { state: 'none' },
      PAK: { state: 'none' },
      UZB: { state: 'none' },
    });
  });

  it('are refused on an outdated version, naming the current one; a reservation needs its text', async () => {
    const s = await statementOf('kazHead', id);
    const stale = await call('kazHead', 'POST', `/api/statements/${id}/positions`, {
      positions: [{ clause: null, ofVersion: s.textVersion + 1, stance: 'concur' }],
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.message).toMatch(`give the position on version ${s.textVersion}`);
    const bare = await call('kazHead', 'POST', `/api/statements/${id}/positions`, {
      positions: [{ clause: s.clauses[0]!.id, ofVersion: 1, stance: 'reservation' }],
    });
    expect(bare.statusCode).toBe(400);
    expect(JSON.stringify(bare.json())).toMatch(/Write the reservation/);
  });

  it('on a clause are void, visibly, once the clause changes — and on the whole too', async () => {
    const s = await statementOf('kazHead', id);
    const [first] = s.clauses;
    const given = await call('kazHead', 'POST', `/api/statements/${id}/positions`, {
      positions: [
        { clause: first!.id, ofVersion: 1, stance: 'reservation', reservation: 'KAZ reads “cooperation” as bilateral.' },
        { clause: null, ofVersion: s.textVersion, stance: 'concur' },
      ],
    });
    expect(given.statusCode).toBe(200);
    expect(given.json().matrix.clauses[first!.id].KAZ).toMatchObject({ state: 'current', stance: 'reservation' });
    expect(given.json().reservations).toEqual([{ nation: 'KAZ', clause: first!.id, text: 'KAZ reads “cooperation” as bilateral.' }]);
    const stale = await call('pakPen', 'PUT', `/api/statements/${id}/clauses/${first!.id}`, {
      text: 'First clause, changed.',
      ofVersion: 9,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.message).toMatch(/Clause 1 is at version 1, not 9/);
    const changed = await call('pakPen', 'PUT', `/api/statements/${id}/clauses/${first!.id}`, {
      text: 'First clause, changed.',
      ofVersion: 1,
    });
    expect(changed.statusCode).toBe(200);
    const after = changed.json() as Statement;
    expect(after.clauses[0]).toMatchObject({
      version: 2,
      text: 'First clause, changed.',
      history: [{ version: 1, text: 'First clause.' }],
    });
    expect(after.matrix.clauses[first!.id]!.KAZ).toEqual({ state: 'void', stance: 'reservation', ofVersion: 1 });
    expect(after.matrix.whole.KAZ).toEqual({ state: 'void', stance: 'concur', ofVersion: s.textVersion });
    expect(after.reservations).toEqual([]);
  });
});

describe('amendments', () => {
  it('racing on one clause are both kept; the pen-holder accepts one (a new version) and rejects the other', async () => {
    const id = (await draft(['Counter-terrorism coordination continues.'], 'Amendments')).json().id as string;
    const clause = (await statementOf('uzbHead', id)).clauses[0]!;
    const uzb = await call('uzbHead', 'POST', `/api/statements/${id}/positions`, {
      positions: [
        {
          clause: clause.id,
          ofVersion: 1,
          stance: 'non-concur',
          reason: 'Too vague.',
          amendment: 'Counter-terrorism coordination continues through liaison desks.',
        },
      ],
    });
    expect(uzb.statusCode).toBe(200);
    const kaz = await call('kazOfficer', 'POST', `/api/statements/${id}/amendments`, {
      clause: clause.id,
      ofVersion: 1,
      text: 'Counter-terrorism coordination continues and deepens.',
    });
    expect(kaz.statusCode).toBe(200);
    const both = (kaz.json() as Statement).amendments;
    expect(both.map((a) => [a.nation, a.baseText, a.decision])).toEqual([
      ['KAZ', 'Counter-terrorism coordination continues.', null],
      ['UZB', 'Counter-terrorism coordination continues.', null],
    ]);
    const uzbAmendment = both.find((a) => a.nation === 'UZB')!;
    const kazAmendment = both.find((a) => a.nation === 'KAZ')!;
    expect(
      (
        await call('kazHead', 'POST', `/api/statements/${id}/amendments/${uzbAmendment.id}/decision`, {
          nation: 'UZB',
          decision: 'accepted',
        })
      ).statusCode,
    ).toBe(403);
    const accepted = await call('pakPen', 'POST', `/api/statements/${id}/amendments/${uzbAmendment.id}/decision`, {
      nation: 'UZB',
      decision: 'accepted',
    });
    expect(accepted.statusCode).toBe(200);
    expect((accepted.json() as Statement).clauses[0]).toMatchObject({
      version: 2,
      text: 'Counter-terrorism coordination continues through liaison desks.',
    });
    expect(
      (
        await call('pakPen', 'POST', `/api/statements/${id}/amendments/${uzbAmendment.id}/decision`, {
          nation: 'UZB',
          decision: 'rejected',
        })
      ).statusCode,
    ).toBe(409);
    // KAZ's was written on version 1: accepting it now would overwrite the wording just accepted.
    const outdated = await call('pakPen', 'POST', `/api/statements/${id}/amendments/${kazAmendment.id}/decision`, {
      nation: 'KAZ',
      decision: 'accepted',
    });
    expect(outdated.statusCode).toBe(409);
    expect(outdated.json().error.message).toMatch(/changed since this amendment was written \(on version 1, now 2\)/);
    // Named by its nation and id: KAZ's id under UZB's name is no amendment of UZB's.
    const misnamed = await call('pakPen', 'POST', `/api/statements/${id}/amendments/${kazAmendment.id}/decision`, {
      nation: 'UZB',
      decision: 'rejected',
    });
    expect(misnamed.statusCode).toBe(404);
    const rejected = await call('pakPen', 'POST', `/api/statements/${id}/amendments/${kazAmendment.id}/decision`, {
      nation: 'KAZ',
      decision: 'rejected',
      note: 'Covered by the UZB wording.',
    });
    expect((rejected.json() as Statement).amendments.map((a) => [a.nation, a.decision?.decision])).toEqual([
      ['KAZ', 'rejected'],
      ['UZB', 'accepted'],
    ]);
    // KAZ's amendment was on version 1: its diff is still shown against version 1.
    expect((rejected.json() as Statement).amendments[0]!.baseText).toBe('Counter-terrorism coordination continues.');
  });
});

describe('adoption by concurrence', () => {
  let id = '';
  it('comes when every participant concurs on every clause and the whole; the text is then frozen', async () => {
    id = (await draft(['We share the picture of transnational threats.', 'We train together.'], 'Adopted by concurrence')).json().id;
    await everyoneConcurs(id, ['uzbHead']);
    expect((await statementOf('pakPen', id)).status).toBe('drafting');
    const s = await statementOf('uzbHead', id);
    expect(
      (
        await call('uzbHead', 'POST', `/api/statements/${id}/positions`, {
          positions: [
            { clause: s.clauses[0]!.id, ofVersion: 1, stance: 'concur' },
            { clause: s.clauses[1]!.id, ofVersion: 1, stance: 'reservation', reservation: 'Subject to national approval.' },
            { clause: null, ofVersion: s.textVersion, stance: 'concur' },
          ],
        })
      ).statusCode,
    ).toBe(200);
    const adopted = await statementOf('kazHead', id);
    expect(adopted).toMatchObject({ status: 'adopted', procedure: { state: 'adopted', adoptedBy: 'concurrence' } });
    expect(adopted.can).toEqual({ draft: false, translate: false, publish: false, concur: false, amend: false });
    expect((await statementOf('pakPen', id)).can).toMatchObject({ draft: false, translate: true, publish: false });
    const frozen = await call('pakPen', 'PUT', `/api/statements/${id}/clauses/${adopted.clauses[0]!.id}`, {
      text: 'Changed.',
      ofVersion: 1,
    });
    expect(frozen.statusCode).toBe(409);
    expect(frozen.json().error.message).toMatch(/frozen/);
  });

  it('exports as a signed document that verifies offline, and as Markdown with the reservation as a footnote', async () => {
    const json = await call('kazHead', 'GET', `/api/statements/${id}/export?format=json`);
    expect(json.statusCode).toBe(200);
    const check = verifyStatementDocument(json.json());
    expect(check.problems).toEqual([]);
    expect(check.ok).toBe(true);
    // One node speaks for all three nations here: its key signed each one's positions and the whole.
    expect(check.keys.map((k) => [k.nation, k.node]).sort()).toEqual(['KAZ', 'PAK', 'UZB'].map((n) => [n, node.ctx.node.nodeId]));
    const md = await call('kazHead', 'GET', `/api/statements/${id}/export?format=md`);
    expect(md.headers['content-type']).toMatch(/text\/markdown/);
    expect(md.body).toContain('2. We train together.[^1]');
    expect(md.body).toContain('[^1]: UZB reserves: Subject to national approval.');
    expect(md.body).toMatch(/Adopted \d{4}-\d\d-\d\d by the concurrence of every participant: KAZ, PAK, UZB\./);
    const pdf = await call('kazHead', 'GET', `/api/statements/${id}/export?format=pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toBe(`attachment; filename="statement-${id}.pdf"`);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('fails verification once tampered with: a clause’s words, a nation’s stance, the host’s signature', async () => {
    const doc = (await call('kazHead', 'GET', `/api/statements/${id}/export?format=json`)).json();
    const clause = structuredClone(doc);
    clause.clauses[1].text = 'We train together, and share all intelligence.';
    expect(verifyStatementDocument(clause).problems).toEqual(
      expect.arrayContaining(['the host node’s signature does not hold: the document was altered', 'the text does not match its digest']),
    );
    const stance = structuredClone(doc);
    const uzb = stance.positions.find((p: { nation: string; stance: string }) => p.nation === 'UZB' && p.stance === 'reservation');
    uzb.stance = 'concur';
    uzb.reservation = '';
    const stanceCheck = verifyStatementDocument(stance);
    expect(stanceCheck.ok).toBe(false);
    expect(stanceCheck.problems.some((p) => p.startsWith('UZB: the signature on its position'))).toBe(true);
    expect(verifyStatementDocument({ ...doc, signature: doc.signature.replace(/^./, (c: string) => (c === 'A' ? 'B' : 'A')) }).ok).toBe(
      false,
    );
    expect(verifyStatementDocument({ format: 'something else' }).ok).toBe(false);
  });
});

describe('the silence procedure', () => {
  it('is broken by a non-concurrence during the silence, and says by whom', async () => {
    const id = (await draft(['We keep the hotline open.'], 'Broken silence')).json().id as string;
    const until = new Date(node.ctx.clock.now().getTime() + 3600_000).toISOString();
    expect((await call('pakPen', 'PUT', `/api/statements/${id}/silence`, { until })).statusCode).toBe(200);
    const s = await statementOf('kazHead', id);
    expect(s).toMatchObject({ status: 'silence', procedure: { state: 'running' } });
    const clauseChange = await call('pakPen', 'PUT', `/api/statements/${id}/clauses/${s.clauses[0]!.id}`, { text: 'x', ofVersion: 1 });
    expect(clauseChange.statusCode).toBe(409);
    await call('kazHead', 'POST', `/api/statements/${id}/positions`, {
      positions: [{ clause: s.clauses[0]!.id, ofVersion: 1, stance: 'non-concur', reason: 'Not without a schedule.' }],
    });
    const broken = await statementOf('pakPen', id);
    expect(broken).toMatchObject({ status: 'drafting', silence: null, procedure: { state: 'drafting', broken: { by: 'KAZ', until } } });
  });

  it('ends in adoption once the deadline passed and every other participant’s node sent its signed word; it waits for a node not heard from', async () => {
    const id = (await draft(['We meet again in Tashkent.'], 'Adopted under silence')).json().id as string;
    const until = new Date(node.ctx.clock.now().getTime() + 2 * 3600_000);
    expect((await call('pakPen', 'PUT', `/api/statements/${id}/silence`, { until: until.toISOString() })).statusCode).toBe(200);
    // Before the deadline, no word is given and nothing moves.
    expect(await giveSilenceWords(node.ctx)).toBe(0);
    expect(await advanceStatement(node.ctx, id)).toBe('unchanged');
    // UZB now has a node of its own: this node no longer speaks for it.
    await node.ctx.database.db
      .insertInto('peers')
      .values({
        node_id: 'uzb-node',
        nation: 'UZB',
        url: 'http://127.0.0.1:9/',
        public_key: node.ctx.node.publicKey,
        added_by: users.pakPen!.id,
        added_at: new Date(),
        accreditation: 'UNCLASSIFIED',
        caveats: [],
      })
      .execute();
    node.clock.advance(3 * 3600_000);
    expect(await giveSilenceWords(node.ctx)).toBe(1);
    expect(await giveSilenceWords(node.ctx)).toBe(0);
    expect(await advanceStatement(node.ctx, id)).toBe('waiting');
    // Run again (as after a restart): it still waits, for the same reason.
    expect(await advanceStatement(node.ctx, id)).toBe('waiting');
    const waiting = await statementOf('kazHead', id);
    expect(waiting).toMatchObject({ status: 'silence', procedure: { state: 'waiting', waitingFor: ['UZB'] } });
    await node.ctx.database.db.deleteFrom('peers').where('node_id', '=', 'uzb-node').execute();
    expect(await giveSilenceWords(node.ctx)).toBe(1);
    expect(await advanceStatement(node.ctx, id)).toBe('adopted');
    const doc = (await call('kazHead', 'GET', `/api/statements/${id}/export?format=json`)).json();
    expect(doc.statement.adoptedBy).toBe('silence');
    expect(doc.words.map((w: { nation: string }) => w.nation).sort()).toEqual(['KAZ', 'UZB']);
    expect(verifyStatementDocument(doc).problems).toEqual([]);
  });
});

describe('reading', () => {
  it('answers an unreadable statement and a nation’s word exactly as missing ones', async () => {
    const id = (await draft(['Unseen.'], 'Sidebar')).json().id as string;
    await everyoneConcurs(id, ['pakHead', 'uzbHead']);
    const word = (await statementOf('kazHead', id)).id;
    expect(word).toBe(id);
    const positions = await node.ctx.database.db.selectFrom('statement_positions').select('id').where('statement_id', '=', id).execute();
    expect(positions).toHaveLength(1);
    const outsider = await makeUser(node.ctx, { nation: 'KGZ', roles: ['delegation-head'] });
    token.outsider = await makeToken(node.ctx, outsider);
    for (const url of [`/api/statements/${id}`, `/api/statement-positions/${positions[0]!.id}`]) {
      const hidden = await call('outsider', 'GET', url);
      const missing = await call('outsider', 'GET', url.replace(/[0-9a-f-]{36}$/, node.ctx.ids.uuid()));
      expect(hidden.statusCode).toBe(404);
      expect(hidden.body).toBe(missing.body);
    }
    expect((await call('kazHead', 'GET', `/api/statement-positions/${positions[0]!.id}`)).json()).toMatchObject({ nation: 'KAZ' });
    const draftExport = await call('kazHead', 'GET', `/api/statements/${id}/export?format=md`);
    expect(draftExport.body).toContain('**Draft — not adopted.**');
    const draftPdf = await call('kazHead', 'GET', `/api/statements/${id}/export?format=pdf`);
    expect(draftPdf.statusCode).toBe(409);
    expect(draftPdf.json().error.message).toBe('Only an adopted statement is exported as PDF: export this draft as Markdown or JSON.');
  });
});

describe('the silence procedure, when a nation objects or learns of it late', () => {
  it('cannot start while a participant’s objection stands on the text', async () => {
    const id = (await draft(['We patrol jointly.'], 'Standing objection')).json().id as string;
    const s = await statementOf('uzbHead', id);
    await call('uzbHead', 'POST', `/api/statements/${id}/positions`, {
      positions: [{ clause: s.clauses[0]!.id, ofVersion: 1, stance: 'non-concur', reason: 'Not yet.' }],
    });
    const until = new Date(node.ctx.clock.now().getTime() + 3600_000).toISOString();
    const refused = await call('pakPen', 'PUT', `/api/statements/${id}/silence`, { until });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toMatch(/UZB does not concur on the text as it stands/);
    // Withdrawn by a concurrence on the same clause: the silence may start.
    await call('uzbHead', 'POST', `/api/statements/${id}/positions`, {
      positions: [{ clause: s.clauses[0]!.id, ofVersion: 1, stance: 'concur' }],
    });
    expect((await call('pakPen', 'PUT', `/api/statements/${id}/silence`, { until })).statusCode).toBe(200);
  });

  it('gets no word by itself from a node that learnt of it after its deadline: a head of delegation gives it', async () => {
    const id = (await draft(['We share liaison rosters.'], 'Learnt of late')).json().id as string;
    const until = new Date(node.ctx.clock.now().getTime() + 3600_000);
    expect((await call('pakPen', 'PUT', `/api/statements/${id}/silence`, { until: until.toISOString() })).statusCode).toBe(200);
    const early = await call('kazHead', 'POST', `/api/statements/${id}/word`);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toMatch(/The silence runs until/);
    // As if this node had been offline over the whole silence.
    await node.ctx.database.db
      .updateTable('statements')
      .set({ silence_seen_at: new Date(until.getTime() + 60_000) })
      .where('id', '=', id)
      .execute();
    node.clock.advance(2 * 3600_000);
    await giveSilenceWords(node.ctx);
    const words = await node.ctx.database.db.selectFrom('statement_positions').select('id').where('statement_id', '=', id).execute();
    expect(words).toEqual([]);
    expect(await advanceStatement(node.ctx, id)).toBe('waiting');
    expect((await call('kazOfficer', 'POST', `/api/statements/${id}/word`)).statusCode).toBe(403);
    expect((await call('kazHead', 'POST', `/api/statements/${id}/word`)).statusCode).toBe(200);
    const twice = await call('kazHead', 'POST', `/api/statements/${id}/word`);
    expect(twice.statusCode).toBe(409);
    // The last word in: the host's node adopts at once.
    expect((await call('uzbHead', 'POST', `/api/statements/${id}/word`)).statusCode).toBe(200);
    expect(await statementOf('kazHead', id)).toMatchObject({ status: 'adopted', procedure: { adoptedBy: 'silence' } });
    const positionsLate = await call('kazHead', 'POST', `/api/statements/${id}/positions`, {
      positions: [{ clause: null, ofVersion: 1, stance: 'concur' }],
    });
    expect(positionsLate.statusCode).toBe(409);
  });
});

describe('translations and public release', () => {
  let id = '';
  let releaser = '';
  beforeAll(async () => {
    const pakMod = (
      await node.ctx.database.db.selectFrom('users').select('org_id').where('id', '=', users.pakPen!.id).executeTakeFirstOrThrow()
    ).org_id;
    const officer = await makeUser(node.ctx, { nation: 'PAK', org: pakMod, roles: ['releasing-officer'] });
    token.pakReleaser = await makeToken(node.ctx, officer);
    releaser = officer.id;
    id = (await draft(['We exchange liaison officers.', 'We meet every year.'], 'Joint statement for the public')).json().id;
    const s = await statementOf('kazHead', id);
    await call('kazHead', 'POST', `/api/statements/${id}/positions`, {
      positions: [
        { clause: s.clauses[0]!.id, ofVersion: 1, stance: 'reservation', reservation: 'Within national law.' },
        { clause: s.clauses[1]!.id, ofVersion: 1, stance: 'concur' },
        { clause: null, ofVersion: s.textVersion, stance: 'concur' },
      ],
    });
    await everyoneConcurs(id, ['kazHead']);
    expect((await statementOf('pakPen', id)).status).toBe('adopted');
  });

  it('translations are the host organisers’, of the adopted text, one per clause', async () => {
    const before = await draft(['Not adopted.'], 'Draft');
    const notYet = await call('pakPen', 'PUT', `/api/statements/${before.json().id}/translations/ru`, {
      status: 'unofficial',
      title: 'Т',
      clauses: ['Т'],
    });
    expect(notYet.statusCode).toBe(409);
    const short = await call('pakPen', 'PUT', `/api/statements/${id}/translations/ru`, {
      status: 'authentic',
      title: 'Совместное заявление',
      clauses: ['Один.'],
    });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.message).toMatch(/has 2 clauses/);
    expect(
      (await call('kazHead', 'PUT', `/api/statements/${id}/translations/ru`, { status: 'authentic', title: 'X', clauses: ['a', 'b'] }))
        .statusCode,
    ).toBe(403);
    const ru = await call('pakPen', 'PUT', `/api/statements/${id}/translations/ru`, {
      status: 'authentic',
      title: 'Совместное заявление для общественности',
      clauses: ['Мы обмениваемся офицерами связи.', 'Мы встречаемся каждый год.'],
    });
    expect(ru.statusCode).toBe(200);
    expect((ru.json() as Statement).translations.map((t) => [t.language, t.status])).toEqual([['ru', 'authentic']]);
    const ur = await call('pakPen', 'PUT', `/api/statements/${id}/translations/ur`, {
      status: 'unofficial',
      title: 'عوام کے لیے مشترکہ اعلامیہ',
      clauses: ['ہم رابطہ افسران کا تبادلہ کرتے ہیں۔', 'ہم ہر سال ملتے ہیں۔'],
    });
    expect(ur.statusCode).toBe(200);
  });

  it('is a releasing officer’s of the host; before it, the public address answers as for a missing statement', async () => {
    const missing = await node.app.http.inject({ method: 'GET', url: `/public/statements/${node.ctx.ids.uuid()}` });
    const unreleased = await node.app.http.inject({ method: 'GET', url: `/public/statements/${id}` });
    expect(unreleased.statusCode).toBe(404);
    expect(unreleased.body).toBe(missing.body);
    expect((await call('pakPen', 'PUT', `/api/statements/${id}/public`)).statusCode).toBe(403);
    const released = await call('pakReleaser', 'PUT', `/api/statements/${id}/public`);
    expect(released.statusCode).toBe(200);
    expect((released.json() as Statement).publicAt).not.toBeNull();
    const audit = await node.ctx.database.db.selectFrom('audit_log').select('actor_id').where('action', '=', 'statement.publish').execute();
    expect(audit.map((a) => a.actor_id)).toEqual([releaser]);
    // Released, a translation would be published at once: not an organiser's alone to add.
    const late = await call('pakPen', 'PUT', `/api/statements/${id}/translations/kk`, {
      status: 'unofficial',
      title: 'Т',
      clauses: ['а', 'б'],
    });
    expect(late.statusCode).toBe(403);
    expect(late.json().error.message).toMatch(/Withdraw the release first/);
  });

  it('serves the text signed out, in each language, as PDF and in the Atom feed — and nothing of its meeting', async () => {
    const page = await node.app.http.inject({ method: 'GET', url: `/public/statements/${id}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('<html lang="en" dir="ltr">');
    expect(page.body).toContain('<li>We exchange liaison officers.<sup>');
    expect(page.body).toContain('KAZ reserves: Within national law.');
    expect(page.body).toContain('KAZ, PAK, UZB');
    expect(page.body).not.toContain('Regional staff talks');
    const ru = await node.app.http.inject({ method: 'GET', url: `/public/statements/${id}?lang=ru` });
    expect(ru.body).toContain('<html lang="ru" dir="ltr">');
    expect(ru.body).toContain('Аутентичный текст');
    expect(ru.body).toContain('Мы встречаемся каждый год.');
    const ur = await node.app.http.inject({ method: 'GET', url: `/public/statements/${id}?lang=ur` });
    expect(ur.body).toContain('<html lang="ur" dir="rtl">');
    expect(ur.body).toContain('غیر سرکاری ترجمہ');
    // No PDF in Urdu (its page prints correctly): said so, with the page to print.
    expect(ur.body).not.toContain('/pdf?lang=ur');
    const urPdf = await node.app.http.inject({ method: 'GET', url: `/public/statements/${id}/pdf?lang=ur` });
    expect(urPdf.statusCode).toBe(404);
    expect(urPdf.json().error.message).toMatch(/print the page/);
    const font = await node.app.http.inject({ method: 'GET', url: '/public/fonts/nastaliq-400.woff2' });
    expect(font.headers['content-type']).toBe('font/woff2');
    expect((await node.app.http.inject({ method: 'GET', url: '/public/fonts/..%2Fpackage.json' })).statusCode).toBe(404);
    expect((await node.app.http.inject({ method: 'GET', url: `/public/statements/${id}?lang=kk` })).statusCode).toBe(404);
    const pdf = await node.app.http.inject({ method: 'GET', url: `/public/statements/${id}/pdf?lang=ru` });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const atom = await node.app.http.inject({ method: 'GET', url: '/public/statements.atom' });
    expect(atom.headers['content-type']).toMatch(/^application\/atom\+xml/);
    expect(atom.body).toContain(`<id>urn:uuid:${id}</id>`);
    expect(atom.body).not.toContain('Regional staff talks');
    // Withdrawn: gone again, as if it had never been.
    expect((await call('pakReleaser', 'DELETE', `/api/statements/${id}/public`)).statusCode).toBe(200);
    const gone = await node.app.http.inject({ method: 'GET', url: `/public/statements/${id}` });
    expect(gone.statusCode).toBe(404);
    expect((await node.app.http.inject({ method: 'GET', url: '/public/statements.atom' })).body).not.toContain(id);
  });

  it('leaves no other route of the API reachable without sign-in (the web app’s files, the API description and metrics aside)', () => {
    const open = node.app.routes.filter((r) => r.auth === 'public').map((r) => `${r.method} ${r.url}`);
    expect(open.sort()).toEqual(
      [
        'GET /healthz',
        'GET /api/node',
        'GET /calendar/:file',
        'GET /public/fonts/:file',
        'GET /public/statement.css',
        'GET /public/statements.atom',
        'GET /public/statements/:id',
        'GET /public/statements/:id/pdf',
        'POST /api/session',
      ].sort(),
    );
  });
});

describe('minutes adopted like a statement', () => {
  it('puts the draft minutes every participant may read to adoption; a correction is an amendment; adoption freezes each item’s minutes', async () => {
    const starts = new Date(Date.now() + 20 * DAY);
    const talks = await call('pakPen', 'POST', '/api/meetings', {
      title: 'Border talks',
      kind: 'staff-talks',
      venue: { online: true },
      timeZone: 'Asia/Karachi',
      startsAt: starts.toISOString(),
      endsAt: new Date(starts.getTime() + DAY).toISOString(),
      participants: ['KAZ', 'UZB'],
      label: label({ relTo: ['KAZ', 'UZB'] }),
    });
    const talksId = talks.json().id as string;
    const nothing = await call('pakPen', 'POST', `/api/meetings/${talksId}/minutes/adoption`);
    expect(nothing.statusCode).toBe(409);
    expect(nothing.json().error.message).toMatch(/No draft minutes every participant may read/);
    const item = async (title: string, relTo: string[], minutes: string) => {
      const created = await call('pakPen', 'POST', `/api/meetings/${talksId}/agenda`, {
        title,
        ownerNation: 'PAK',
        label: label({ relTo }),
      });
      const id = created.json().id as string;
      const written = await call('pakPen', 'PUT', `/api/agenda-items/${id}/minutes`, { text: minutes });
      expect(written.statusCode).toBe(200);
      return id;
    };
    const liaison = await item('Liaison', ['KAZ', 'UZB'], 'Liaison officers will be exchanged.');
    await item('Sidebar', ['KAZ'], 'PAK and KAZ discussed the corridor.');
    // Released to both, but CONFIDENTIAL: stricter than the meeting's label, so not copied into its statement.
    const amber = await call('pakPen', 'POST', `/api/meetings/${talksId}/agenda`, {
      title: 'Intelligence exchange',
      ownerNation: 'PAK',
      label: label({ relTo: ['KAZ', 'UZB'], classification: 'CONFIDENTIAL' }),
    });
    expect(amber.statusCode, amber.body).toBe(201);
    expect(
      (await call('pakPen', 'PUT', `/api/agenda-items/${amber.json().id}/minutes`, { text: 'Sources were discussed.' })).statusCode,
    ).toBe(200);
    const patrols = await item('Patrols', ['KAZ', 'UZB'], 'Patrols are coordinated monthly.');
    expect((await call('kazOfficer', 'POST', `/api/meetings/${talksId}/minutes/adoption`)).statusCode).toBe(403);
    const put = await call('pakPen', 'POST', `/api/meetings/${talksId}/minutes/adoption`);
    expect(put.statusCode).toBe(201);
    const s = put.json() as Statement;
    // The sidebar's minutes, released to KAZ alone, are not put to UZB.
    expect(s.title).toBe('Minutes of the Border talks');
    expect(s.clauses.map((c) => c.text)).toEqual(['Liaison officers will be exchanged.', 'Patrols are coordinated monthly.']);
    expect(s.minutesOf).toEqual([
      { clauseId: s.clauses[0]!.id, agendaItemId: liaison },
      { clauseId: s.clauses[1]!.id, agendaItemId: patrols },
    ]);
    expect((await call('pakPen', 'POST', `/api/meetings/${talksId}/minutes/adoption`)).statusCode).toBe(409);
    // Under adoption, the minutes change only through it.
    const rewrite = await call('pakPen', 'PUT', `/api/agenda-items/${patrols}/minutes`, { text: 'Something else.' });
    expect(rewrite.statusCode).toBe(409);
    expect(rewrite.json().error.message).toMatch(/under adoption/);
    // Minutes keep one clause per item: corrected, never added, removed or moved.
    const added = await call('pakPen', 'POST', `/api/statements/${s.id}/clauses`, { text: 'An extra clause.' });
    expect(added.statusCode).toBe(409);
    expect(added.json().error.message).toMatch(/These are minutes/);
    expect((await call('pakPen', 'DELETE', `/api/statements/${s.id}/clauses/${s.clauses[0]!.id}`)).statusCode).toBe(409);
    // UZB proposes a correction; the secretariat accepts it.
    const corrected = await call('uzbHead', 'POST', `/api/statements/${s.id}/amendments`, {
      clause: s.clauses[1]!.id,
      ofVersion: 1,
      text: 'Patrols are coordinated every week.',
    });
    expect(corrected.statusCode).toBe(200);
    const amendment = (corrected.json() as Statement).amendments.find((a) => a.nation === 'UZB')!;
    const decided = await call('pakPen', 'POST', `/api/statements/${s.id}/amendments/${amendment.id}/decision`, {
      nation: 'UZB',
      decision: 'accepted',
    });
    expect(decided.statusCode).toBe(200);
    await everyoneConcurs(s.id);
    expect((await statementOf('pakPen', s.id)).status).toBe('adopted');
    const meeting = (await call('kazHead', 'GET', `/api/meetings/${talksId}`)).json() as {
      agenda: { id: string; minutes: { text: string; status: string } | null }[];
    };
    const minutesOf = (id: string) => meeting.agenda.find((i) => i.id === id)!.minutes;
    expect(minutesOf(liaison)).toMatchObject({ text: 'Liaison officers will be exchanged.', status: 'adopted' });
    expect(minutesOf(patrols)).toMatchObject({ text: 'Patrols are coordinated every week.', status: 'adopted' });
    // Adopted minutes are the participants' record: not released publicly.
    const publish = await call('pakReleaser', 'PUT', `/api/statements/${s.id}/public`);
    expect(publish.statusCode).toBe(409);
    expect(publish.json().error.message).toMatch(/not released publicly/);
  });
});
