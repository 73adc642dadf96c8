/**
 * Meetings across nodes. PAK, KAZ and UZB each run a node and share one directory. PAK hosts staff
 * talks with KAZ and UZB: the meeting, its agenda (one item a sidebar for KAZ alone) and minutes
 * are PAK's and travel from PAK's node; KAZ answers the invitation and names its delegation on its
 * own node, and those travel from KAZ's. A third node may hear KAZ's answer before the meeting
 * itself: it keeps it unread until the meeting arrives. The sidebar never reaches UZB's node.
 * Commitments are PAK's; their owner reports progress on its own node. Files on agenda items
 * travel with their bytes from the node of the nation that attached them.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullFrom } from '../../src/server/domain/federation/pull';
import { publishDue } from '../../src/server/domain/taxii/publisher';
import { applyAgendaItem, applyMeeting, applyMeetingAnswer, applyMinutes } from '../../src/server/domain/dialogue/dialogue-from-peers';
import { AGENDA_ITEM_TYPE, MEETING_ANSWER_TYPE, MINUTES_TYPE } from '../../src/server/domain/dialogue/dialogue-stix';
import { EXTENSIONS } from '../../src/server/domain/stix/stix-vocab';
import { applyCommitmentReport } from '../../src/server/domain/dialogue/commitment-from-peers';
import { COMMITMENT_REPORT_TYPE } from '../../src/server/domain/dialogue/commitment-stix';
import { applyAgendaAttachment } from '../../src/server/domain/dialogue/agenda-attachment-from-peers';
import { AGENDA_ATTACHMENT_TYPE } from '../../src/server/domain/dialogue/agenda-attachment-stix';
import { peerRepository } from '../../src/server/db/repositories/peer-repository';
import { labelFromColumns } from '../../src/shared/labels/label-columns';
import type { Received } from '../../src/server/domain/federation/received';
import { label } from '../kit/factories';
import { bearer } from '../kit/http';
import { startThreeNodes } from '../kit/three-nodes';
import type { TestNode } from '../kit/test-node';
import type { NodeKey } from '../kit/three-nodes';

type Key = NodeKey;
let nodes = {} as Record<Key, TestNode>;
let tokens = {} as Record<Key, string>;
const DAY = 86_400_000;

beforeAll(async () => {
  ({ nodes, tokens } = await startThreeNodes({ pak: ['dialogue-officer'], kaz: ['delegation-head'], uzb: ['dialogue-officer'] }));
});
afterAll(async () => {
  for (const node of Object.values(nodes)) await node.close();
});

/** Each person calls their own nation's node. */
const call = (who: Key, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object) =>
  nodes[who].app.http.inject({ method, url, headers: bearer(tokens[who]), ...(payload ? { payload } : {}) });

/** `to` pulls what `from` has published; nothing is refused. */
async function pull(to: Key, from: Key) {
  while ((await publishDue(nodes[from].ctx)) > 0);
  const pulled = await pullFrom(nodes[to].ctx, nodes[from].ctx.node.nodeId);
  expect(pulled.rejected).toBe(0);
  return pulled;
}

const starts = Date.now() + 14 * DAY;
let meetingId = '';
let sidebarId = '';
let answerId = '';

describe('a meeting hosted on PAK’s node', () => {
  beforeAll(async () => {
    const created = await call('pak', 'POST', '/api/meetings', {
      title: 'Staff talks on border security',
      kind: 'staff-talks',
      venue: { online: true },
      timeZone: 'Asia/Karachi',
      startsAt: new Date(starts).toISOString(),
      endsAt: new Date(starts + 6 * 3600_000).toISOString(),
      participants: ['KAZ', 'UZB'],
      label: label({ classification: 'RESTRICTED', relTo: ['KAZ', 'UZB'] }),
    });
    expect(created.statusCode, created.body).toBe(201);
    meetingId = created.json().id;
    const agenda = `/api/meetings/${meetingId}/agenda`;
    expect((await call('pak', 'POST', agenda, { title: 'Border liaison', ownerNation: 'PAK' })).statusCode).toBe(201);
    const sidebar = await call('pak', 'POST', agenda, { title: 'Sidebar: Wakhan', ownerNation: 'KAZ', label: label({ relTo: ['KAZ'] }) });
    sidebarId = sidebar.json().id;
    expect(
      (await call('pak', 'PUT', `/api/agenda-items/${sidebarId}/minutes`, { text: 'Liaison officers to be exchanged.' })).statusCode,
    ).toBe(200);
    await pull('kaz', 'pak');
  });

  it('reaches KAZ’s node as PAK’s, changed only there; KAZ answers and names its delegation on its own node', async () => {
    const onKaz = await call('kaz', 'GET', `/api/meetings/${meetingId}`);
    expect(onKaz.statusCode).toBe(200);
    expect(onKaz.json()).toMatchObject({ host: 'PAK', partnerNode: true, can: { organise: false, attend: true } });
    expect(onKaz.json().agenda.map((i: { number: number; title: string }) => `${i.number}. ${i.title}`)).toEqual([
      '1. Border liaison',
      '2. Sidebar: Wakhan',
    ]);
    expect(onKaz.json().agenda[1].minutes.text).toBe('Liaison officers to be exchanged.');
    const answered = await call('kaz', 'PUT', `/api/meetings/${meetingId}/answer`, { answer: 'accepted', note: 'Two officers.' });
    expect(answered.statusCode, answered.body).toBe(200);
    answerId = answered.json().answers[0].id;
    expect(
      (await call('kaz', 'PUT', `/api/meetings/${meetingId}/delegation`, { head: { name: 'A. Nurlanov', rank: 'Colonel' } })).statusCode,
    ).toBe(200);
  });

  it('shows the host the answers and the delegation once PAK’s node hears from KAZ’s', async () => {
    await pull('pak', 'kaz');
    const onPak = (await call('pak', 'GET', `/api/meetings/${meetingId}`)).json();
    expect(onPak.answers.map((a: { nation: string; answer: string }) => [a.nation, a.answer])).toEqual([['KAZ', 'accepted']]);
    expect(onPak.delegations[0]).toMatchObject({ nation: 'KAZ', head: { name: 'A. Nurlanov' } });
  });

  it('keeps an answer that reaches a third node before its meeting unread, and shows it once the meeting arrives', async () => {
    await pull('uzb', 'kaz');
    expect((await call('uzb', 'GET', `/api/meeting-answers/${answerId}`)).statusCode).toBe(404);
    expect((await call('uzb', 'GET', '/api/meetings')).json().items).toEqual([]);
    await pull('uzb', 'pak');
    const onUzb = (await call('uzb', 'GET', `/api/meetings/${meetingId}`)).json();
    expect(onUzb.answers.map((a: { nation: string }) => a.nation)).toEqual(['KAZ']);
    expect(onUzb.agenda.map((i: { number: number; title: string }) => `${i.number}. ${i.title}`)).toEqual(['1. Border liaison']);
  });

  it('never sends the sidebar or its minutes to UZB’s node', async () => {
    const db = nodes.uzb.ctx.database.db;
    expect(await db.selectFrom('agenda_items').select('id').where('id', '=', sidebarId).executeTakeFirst()).toBeUndefined();
    expect(await db.selectFrom('minutes').select('id').where('agenda_item_id', '=', sidebarId).executeTakeFirst()).toBeUndefined();
  });

  it('carries the host’s changes to every participant’s node, and refuses them anywhere else', async () => {
    expect((await call('kaz', 'PATCH', `/api/meetings/${meetingId}`, { title: 'Renamed on KAZ' })).json().error.message).toMatch(
      /run by its host nation’s node/,
    );
    expect((await call('pak', 'PATCH', `/api/meetings/${meetingId}`, { title: 'Staff talks, second round' })).statusCode).toBe(200);
    await pull('kaz', 'pak');
    await pull('uzb', 'pak');
    for (const who of ['kaz', 'uzb'] as const)
      expect((await call(who, 'GET', `/api/meetings/${meetingId}`)).json()).toMatchObject({
        title: 'Staff talks, second round',
        version: 2,
      });
    // Pulled again: nothing new is applied, nothing refused.
    expect((await pull('kaz', 'pak')).applied).toBe(0);
  });

  it('refuses, from a hostile partner’s node, an agenda item for a meeting it does not run, an answer from a nation not invited, planted minutes and a broken meeting', async () => {
    const pak = nodes.pak.ctx;
    const kazPeer = (await peerRepository(pak.database.db).find(nodes.kaz.ctx.node.nodeId))!;
    const kazLabel = { ...labelFromColumns(await pak.database.db.selectFrom('meeting_answers').selectAll().executeTakeFirstOrThrow()) };
    const forged = (type: string, extension: string, body: object): Received => {
      const id = pak.ids.uuid();
      return {
        stixId: `${type}--${id}`,
        label: kazLabel,
        object: {
          type,
          id: `${type}--${id}`,
          created: new Date().toISOString(),
          modified: new Date().toISOString(),
          extensions: { [extension]: body },
        },
      };
    };
    const item = forged(AGENDA_ITEM_TYPE, EXTENSIONS.agendaItem, {
      version: 1,
      meeting_ref: `x-concord-meeting--${meetingId}`,
      position: 0,
      title: 'Planted item',
      owner_nation: 'KAZ',
      updated_at: new Date().toISOString(),
    });
    await expect(pak.database.transaction((tx) => applyAgendaItem(pak, tx.db, kazPeer, item, new Date()))).rejects.toThrow(
      /only the node running meeting/,
    );
    const outsider = { ...kazPeer, nation: 'TJK' };
    const answer = forged(MEETING_ANSWER_TYPE, EXTENSIONS.meetingAnswer, {
      version: 1,
      meeting_ref: `x-concord-meeting--${meetingId}`,
      answer: 'accepted',
      answered_at: new Date().toISOString(),
    });
    await expect(pak.database.transaction((tx) => applyMeetingAnswer(pak, tx.db, outsider, answer, new Date()))).rejects.toThrow(
      /TJK does not take part/,
    );
    // Minutes for the host's item under a made-up meeting, to hold the place of the host's own: refused.
    const planted = forged(MINUTES_TYPE, EXTENSIONS.minutes, {
      version: 1,
      agenda_item_ref: `x-concord-agenda-item--${sidebarId}`,
      meeting_ref: `x-concord-meeting--${pak.ids.uuid()}`,
      text: 'Planted minutes.',
      status: 'adopted',
      updated_at: new Date().toISOString(),
    });
    await expect(pak.database.transaction((tx) => applyMinutes(pak, tx.db, kazPeer, planted, new Date()))).rejects.toThrow(
      /another meeting’s or another nation’s/,
    );
    // A meeting whose time zone is no time zone would break its page for every reader: refused.
    const meeting = forged('x-concord-meeting', EXTENSIONS.meeting, {
      version: 1,
      title: 'Nowhere',
      kind: 'bilateral',
      venue: { online: true },
      time_zone: 'Mars/Olympus',
      starts_at: new Date(starts).toISOString(),
      ends_at: new Date(starts + 3_600_000).toISOString(),
      participants: ['KAZ', 'PAK'],
      status: 'planned',
      created_at: new Date().toISOString(),
    });
    await expect(pak.database.transaction((tx) => applyMeeting(pak, tx.db, kazPeer, meeting, new Date()))).rejects.toThrow(
      /not a time zone/,
    );
  });
});

describe('commitments across nodes', () => {
  let commitmentId = '';
  let kazOnlyId = '';
  beforeAll(async () => {
    const due = new Date(Date.now() + 30 * DAY).toISOString().slice(0, 10);
    const liaison = await nodes.pak.ctx.database.db
      .selectFrom('agenda_items')
      .select('id')
      .where('title', '=', 'Border liaison')
      .executeTakeFirstOrThrow();
    // Made in the sidebar, it could not name it: UZB reads the commitment, not the sidebar.
    const hidden = await call('pak', 'POST', `/api/meetings/${meetingId}/commitments`, {
      text: 'Exchange liaison officers.',
      ownerNations: ['KAZ'],
      dueOn: due,
      source: { kind: 'minutes', id: sidebarId },
      label: label({ classification: 'RESTRICTED', relTo: ['KAZ', 'UZB'] }),
    });
    expect(hidden.statusCode).toBe(400);
    expect(hidden.json().error.message).toMatch(/released more narrowly than the commitment/);
    const created = await call('pak', 'POST', `/api/meetings/${meetingId}/commitments`, {
      text: 'Exchange liaison officers.',
      ownerNations: ['KAZ'],
      dueOn: due,
      source: { kind: 'minutes', id: liaison.id },
      label: label({ classification: 'RESTRICTED', relTo: ['KAZ', 'UZB'] }),
    });
    expect(created.statusCode, created.body).toBe(201);
    commitmentId = created.json().id;
    const kazOnly = await call('pak', 'POST', `/api/meetings/${meetingId}/commitments`, {
      text: 'Open the Wakhan liaison post.',
      ownerNations: ['KAZ'],
      dueOn: due,
      label: label({ classification: 'RESTRICTED', relTo: ['KAZ'] }),
    });
    expect(kazOnly.statusCode, kazOnly.body).toBe(201);
    kazOnlyId = kazOnly.json().id;
    await pull('kaz', 'pak');
  });

  it('are the host’s, reported on by their owner on its own node; a report reaching a node before its commitment stays unread', async () => {
    const onKaz = (await call('kaz', 'GET', `/api/commitments/${commitmentId}`)).json();
    expect(onKaz).toMatchObject({ host: 'PAK', status: 'planned', can: { edit: false, report: true } });
    expect(onKaz.source).toMatchObject({ kind: 'minutes', title: 'Border liaison' });
    const reported = await call('kaz', 'POST', `/api/commitments/${commitmentId}/reports`, { status: 'done', text: 'Officers exchanged.' });
    expect(reported.statusCode, reported.body).toBe(201);
    const reportId = reported.json().reports[0].id;
    // UZB's node hears KAZ's report first: read by nobody until the commitment arrives.
    await pull('uzb', 'kaz');
    expect((await call('uzb', 'GET', `/api/commitment-reports/${reportId}`)).statusCode).toBe(404);
    await pull('uzb', 'pak');
    const onUzb = (await call('uzb', 'GET', `/api/commitments/${commitmentId}`)).json();
    expect(onUzb).toMatchObject({ status: 'done', can: { edit: false, report: false }, source: { title: 'Border liaison' } });
    await pull('pak', 'kaz');
    expect((await call('pak', 'GET', `/api/commitments/${commitmentId}`)).json()).toMatchObject({
      status: 'done',
      lastReportAt: expect.any(String),
    });
  });

  it('never sends a commitment released to KAZ alone to UZB’s node, and refuses a report from a nation that does not own it', async () => {
    const uzbDb = nodes.uzb.ctx.database.db;
    expect(await uzbDb.selectFrom('commitments').select('id').where('id', '=', kazOnlyId).executeTakeFirst()).toBeUndefined();
    const pak = nodes.pak.ctx;
    const uzbPeer = (await peerRepository(pak.database.db).find(nodes.uzb.ctx.node.nodeId))!;
    const id = pak.ids.uuid();
    const report: Received = {
      stixId: `${COMMITMENT_REPORT_TYPE}--${id}`,
      label: {
        ...labelFromColumns(
          await pak.database.db.selectFrom('commitments').selectAll().where('id', '=', commitmentId).executeTakeFirstOrThrow(),
        ),
        originator: { nation: 'UZB', org: uzbPeer.node_id },
      },
      object: {
        type: COMMITMENT_REPORT_TYPE,
        id: `${COMMITMENT_REPORT_TYPE}--${id}`,
        created: new Date().toISOString(),
        modified: new Date().toISOString(),
        extensions: {
          [EXTENSIONS.commitmentReport]: {
            version: 1,
            commitment_ref: `x-concord-commitment--${commitmentId}`,
            meeting_ref: `x-concord-meeting--${meetingId}`,
            status: 'dropped',
            text: 'Planted.',
            reported_at: new Date().toISOString(),
          },
        },
      },
    };
    await expect(pak.database.transaction((tx) => applyCommitmentReport(pak, tx.db, uzbPeer, report, new Date()))).rejects.toThrow(
      /UZB does not own commitment/,
    );
    // From the owner's node: a report dated far ahead would hold the latest place for good, a second version would rewrite one.
    const kazPeer = (await peerRepository(pak.database.db).find(nodes.kaz.ctx.node.nodeId))!;
    const body = report.object.extensions as Record<string, Record<string, unknown>>;
    const variant = (change: Record<string, unknown>): Received => ({
      ...report,
      object: { ...report.object, extensions: { [EXTENSIONS.commitmentReport]: { ...body[EXTENSIONS.commitmentReport], ...change } } },
    });
    await expect(
      pak.database.transaction((tx) =>
        applyCommitmentReport(pak, tx.db, kazPeer, variant({ reported_at: '2099-01-01T00:00:00Z' }), new Date()),
      ),
    ).rejects.toThrow(/ahead of this node's clock/);
    await expect(
      pak.database.transaction((tx) => applyCommitmentReport(pak, tx.db, kazPeer, variant({ version: 2 }), new Date())),
    ).rejects.toThrow(/never rewritten/);
  });
});

describe('agenda files across nodes', () => {
  const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
  const WAKHAN = Buffer.from('Posts along the Wakhan corridor.\n');
  let liaisonId = '';
  let briefingId = '';
  let wakhanId = '';
  beforeAll(async () => {
    liaisonId = (
      await nodes.pak.ctx.database.db
        .selectFrom('agenda_items')
        .select('id')
        .where('title', '=', 'Border liaison')
        .executeTakeFirstOrThrow()
    ).id;
    const briefing = await call('pak', 'POST', `/api/agenda-items/${liaisonId}/attachments`, {
      fileName: 'Liaison briefing.pdf',
      contentBase64: PDF.toString('base64'),
    });
    expect(briefing.statusCode, briefing.body).toBe(201);
    briefingId = briefing.json().id;
    // KAZ leads the sidebar: its delegates attach to it on KAZ's node, under the item's audience and the host's.
    const wakhan = await call('kaz', 'POST', `/api/agenda-items/${sidebarId}/attachments`, {
      fileName: 'wakhan.txt',
      contentBase64: WAKHAN.toString('base64'),
    });
    expect(wakhan.statusCode, wakhan.body).toBe(201);
    expect([...wakhan.json().label.relTo].sort()).toEqual(['KAZ', 'PAK']);
    wakhanId = wakhan.json().id;
    for (const [to, from] of [
      ['kaz', 'pak'],
      ['uzb', 'pak'],
      ['pak', 'kaz'],
      ['uzb', 'kaz'],
    ] as const)
      await pull(to, from);
  });

  it('carry their bytes to every node whose nation may read them, each file from the node of the nation that attached it', async () => {
    for (const who of ['kaz', 'uzb'] as const) {
      const file = await call(who, 'GET', `/api/agenda-attachments/${briefingId}`);
      expect(file.statusCode).toBe(200);
      expect(file.rawPayload.equals(PDF)).toBe(true);
      expect(file.headers['content-type']).toBe('application/pdf');
    }
    const onPak = await call('pak', 'GET', `/api/agenda-items/${sidebarId}`);
    expect(onPak.json().attachments).toMatchObject([{ id: wakhanId, fileName: 'wakhan.txt', nation: 'KAZ' }]);
    expect((await call('pak', 'GET', `/api/agenda-attachments/${wakhanId}`)).rawPayload.equals(WAKHAN)).toBe(true);
    // The sidebar's file never reaches UZB's node.
    const uzbDb = nodes.uzb.ctx.database.db;
    expect(await uzbDb.selectFrom('agenda_attachments').select('id').where('id', '=', wakhanId).executeTakeFirst()).toBeUndefined();
  });

  it('refuses a file from a nation that neither hosts the meeting nor leads the item, a file that is not what it says, and a second version', async () => {
    const pak = nodes.pak.ctx;
    const peerOf = async (key: Key) => (await peerRepository(pak.database.db).find(nodes[key].ctx.node.nodeId))!;
    const kazLabel = labelFromColumns(
      await pak.database.db.selectFrom('agenda_attachments').selectAll().where('id', '=', wakhanId).executeTakeFirstOrThrow(),
    );
    const forged = (nation: string, itemId: string, content: Buffer, change: Record<string, unknown> = {}): Received => {
      const id = pak.ids.uuid();
      return {
        stixId: `${AGENDA_ATTACHMENT_TYPE}--${id}`,
        label: { ...kazLabel, originator: { ...kazLabel.originator, nation } },
        object: {
          type: AGENDA_ATTACHMENT_TYPE,
          id: `${AGENDA_ATTACHMENT_TYPE}--${id}`,
          created: new Date().toISOString(),
          modified: new Date().toISOString(),
          extensions: {
            [EXTENSIONS.agendaAttachment]: {
              version: 1,
              agenda_item_ref: `x-concord-agenda-item--${itemId}`,
              meeting_ref: `x-concord-meeting--${meetingId}`,
              name: 'planted.txt',
              mime_type: 'text/plain',
              size: content.length,
              hashes: { 'SHA-256': crypto.createHash('sha256').update(content).digest('hex') },
              payload_bin: content.toString('base64'),
              created_at: new Date().toISOString(),
              ...change,
            },
          },
        },
      };
    };
    const apply = async (key: Key, object: Received) => {
      const peer = await peerOf(key);
      return pak.database.transaction((tx) => applyAgendaAttachment(pak, tx.db, peer, object, new Date()));
    };
    const text = Buffer.from('Planted.\n');
    // UZB takes part, but neither hosts the meeting nor leads the item.
    await expect(apply('uzb', forged('UZB', liaisonId, text))).rejects.toThrow(/UZB neither hosts meeting .* nor leads agenda item/);
    // From KAZ, which leads the sidebar: bytes that do not match their hash, a program, a second version.
    await expect(apply('kaz', forged('KAZ', sidebarId, text, { hashes: { 'SHA-256': '0'.repeat(64) } }))).rejects.toThrow(
      /do not match its SHA-256/,
    );
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0'), Buffer.alloc(200)]);
    await expect(apply('kaz', forged('KAZ', sidebarId, exe, { name: 'slides.pdf', mime_type: 'application/pdf' }))).rejects.toThrow(
      /not an accepted type/,
    );
    await expect(apply('kaz', forged('KAZ', sidebarId, text, { version: 2 }))).rejects.toThrow(/never rewritten/);
    // A text file named as a page is kept under a name that says what it is.
    await apply('kaz', forged('KAZ', sidebarId, text, { name: 'page.html' }));
    const kept = await pak.database.db
      .selectFrom('agenda_attachments')
      .select(['file_name', 'media_type'])
      .where('agenda_item_id', '=', sidebarId)
      .where('file_name', 'like', 'page%')
      .executeTakeFirstOrThrow();
    expect(kept).toEqual({ file_name: 'page.html.txt', media_type: 'text/plain' });
  });
});
