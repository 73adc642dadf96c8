import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { label, makeOrg, makeToken, makeUser } from '../kit/factories';
import { bearer } from '../kit/http';
import { startTestNode } from '../kit/test-node';
import { publishDue } from '../../src/server/domain/taxii/publisher';
import { COLLECTION_ID } from '../../src/server/domain/taxii/taxii-service';
import type { TestNode } from '../kit/test-node';
import type { AgendaAttachmentView, AgendaItemView } from '../../src/shared/contracts/dialogue';

/**
 * Files on agenda items, on one node shared by several nations: PAK hosts staff talks with KAZ and
 * UZB; its organisers attach files to any item, KAZ's delegates to the item KAZ leads. A file is
 * checked as an incident's is, read through its item and meeting, and downloaded as a file only.
 */
let node: TestNode;
const token: Record<string, string> = {};
const DAY = 86_400_000;

const call = (who: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
  node.app.http.inject({ method, url, headers: bearer(token[who]!), ...(payload ? { payload } : {}) });
const attach = (who: string, itemId: string, fileName: string, content: Buffer, extra: object = {}) =>
  call(who, 'POST', `/api/agenda-items/${itemId}/attachments`, { fileName, contentBase64: content.toString('base64'), ...extra });
const itemOf = async (who: string, id: string) => (await call(who, 'GET', `/api/agenda-items/${id}`)).json() as AgendaItemView;
const countIn = async (itemId: string) =>
  Number(
    (
      await node.ctx.database.db
        .selectFrom('agenda_attachments')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('agenda_item_id', '=', itemId)
        .executeTakeFirstOrThrow()
    ).n,
  );

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0'), Buffer.alloc(200)]);

let meetingId = '';
let liaisonId = '';
let kazItemId = '';
let sidebarId = '';

beforeAll(async () => {
  node = await startTestNode();
  const { ctx } = node;
  const pakMod = await makeOrg(ctx, 'PAK', 'PAK ministry of defence');
  const users = {
    pakOrganiser: await makeUser(ctx, { nation: 'PAK', org: pakMod, roles: ['dialogue-officer'] }),
    pakAnalyst: await makeUser(ctx, { nation: 'PAK', org: pakMod, roles: ['analyst'] }),
    kazOfficer: await makeUser(ctx, { nation: 'KAZ', roles: ['dialogue-officer'] }),
    uzbHead: await makeUser(ctx, { nation: 'UZB', roles: ['delegation-head'] }),
    tjkHead: await makeUser(ctx, { nation: 'TJK', roles: ['delegation-head'] }),
  };
  for (const [name, user] of Object.entries(users)) token[name] = await makeToken(ctx, user);
  const starts = new Date(ctx.clock.now().getTime() + 7 * DAY);
  const created = await call('pakOrganiser', 'POST', '/api/meetings', {
    title: 'Staff talks on border security',
    kind: 'staff-talks',
    venue: { online: true },
    timeZone: 'Asia/Karachi',
    startsAt: starts.toISOString(),
    endsAt: new Date(starts.getTime() + DAY).toISOString(),
    participants: ['KAZ', 'UZB'],
    label: label({ relTo: ['KAZ', 'UZB'] }),
  });
  expect(created.statusCode, created.body).toBe(201);
  meetingId = created.json().id;
  const item = async (title: string, ownerNation: string, relTo?: string[]) => {
    const made = await call('pakOrganiser', 'POST', `/api/meetings/${meetingId}/agenda`, {
      title,
      ownerNation,
      ...(relTo ? { label: label({ relTo }) } : {}),
    });
    expect(made.statusCode, made.body).toBe(201);
    return made.json().id as string;
  };
  liaisonId = await item('Border liaison', 'PAK');
  kazItemId = await item('Counter-narcotics cooperation', 'KAZ');
  sidebarId = await item('Sidebar: Wakhan', 'KAZ', ['KAZ']);
});
afterAll(() => node.close());

describe('attaching a file to an agenda item', () => {
  it('is the host organisers’ on any item and the leading nation’s delegates’ on theirs; others are refused', async () => {
    const added = await attach('pakOrganiser', liaisonId, 'Liaison briefing.pdf', PDF);
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toMatchObject({
      agendaItemId: liaisonId,
      fileName: 'Liaison briefing.pdf',
      mediaType: 'application/pdf',
      size: PDF.length,
      sha256: crypto.createHash('sha256').update(PDF).digest('hex'),
      nation: 'PAK',
    });
    // Under the item's audience: the meeting's nations.
    expect([...added.json().label.relTo].sort()).toEqual(['KAZ', 'PAK', 'UZB']);
    const byKaz = await attach('kazOfficer', kazItemId, 'seizures.txt', Buffer.from('Seizures 2026: 1.2 t of heroin.\n'));
    expect(byKaz.statusCode, byKaz.body).toBe(201);
    expect(byKaz.json()).toMatchObject({ nation: 'KAZ', mediaType: 'text/plain' });

    const refusals = [
      await attach('kazOfficer', liaisonId, 'not-ours.txt', Buffer.from('x')),
      await attach('uzbHead', kazItemId, 'not-ours.txt', Buffer.from('x')),
      await attach('pakAnalyst', liaisonId, 'analyst.txt', Buffer.from('x')),
    ];
    expect(refusals.map((r) => r.statusCode)).toEqual([403, 403, 403]);
    expect(refusals[0]!.json().error.message).toBe(
      'Only the host nation’s organisers and the delegates of PAK, which leads this item, attach files to it.',
    );
    expect(await countIn(liaisonId)).toBe(1);
    expect(await countIn(kazItemId)).toBe(1);
  });

  it('checks the file as an incident attachment is: the type from its content, a name to match, no empty or foreign file', async () => {
    const html = await attach('pakOrganiser', liaisonId, 'agenda.html', Buffer.from('<script>alert(1)</script>\n'));
    expect(html.json()).toMatchObject({ fileName: 'agenda.html.txt', mediaType: 'text/plain' });
    const exe = await attach('pakOrganiser', liaisonId, 'slides.pdf', EXE);
    expect(exe.statusCode).toBe(400);
    expect(exe.json().error).toMatchObject({ issues: [{ path: 'contentBase64', message: 'Type not accepted.' }] });
    const empty = await attach('pakOrganiser', liaisonId, 'empty.txt', Buffer.alloc(0));
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toBe('The file is empty.');
    expect(await countIn(liaisonId)).toBe(2);
  });

  it('takes the item’s audience unless given a label, which must reach the host nation', async () => {
    const kazOnly = await attach('kazOfficer', kazItemId, 'kaz-only.txt', Buffer.from('For KAZ.\n'), { label: label({ relTo: [] }) });
    expect(kazOnly.statusCode).toBe(400);
    expect(kazOnly.json().error).toMatchObject({
      message: 'The host nation PAK must be able to read the file.',
      issues: [{ path: 'label.relTo', message: 'Add PAK.' }],
    });
    expect(await countIn(kazItemId)).toBe(1);
  });

  it('takes at most 20 files of one nation per item', async () => {
    const item = (await call('pakOrganiser', 'POST', `/api/meetings/${meetingId}/agenda`, { title: 'Annexes', ownerNation: 'PAK' })).json();
    for (let i = 0; i < 20; i++)
      expect((await attach('pakOrganiser', item.id, `annex-${i}.txt`, Buffer.from(`Annex ${i}\n`))).statusCode).toBe(201);
    const full = await attach('pakOrganiser', item.id, 'one-more.txt', Buffer.from('One more\n'));
    expect(full.statusCode).toBe(409);
    expect(full.json().error.message).toBe('A nation attaches at most 20 files to an agenda item.');
    expect((await itemOf('uzbHead', item.id)).attachments).toHaveLength(20);
  });
});

describe('reading agenda files', () => {
  let briefing: AgendaAttachmentView;
  let sidebarFile = '';
  let narrowFile = '';
  beforeAll(async () => {
    briefing = (await itemOf('uzbHead', liaisonId)).attachments[0]!;
    sidebarFile = (await attach('pakOrganiser', sidebarId, 'wakhan.txt', Buffer.from('Wakhan corridor posts.\n'))).json().id;
    narrowFile = (
      await attach('pakOrganiser', liaisonId, 'pak-kaz.txt', Buffer.from('For PAK and KAZ.\n'), { label: label({ relTo: ['KAZ'] }) })
    ).json().id;
  });

  it('lists them with their item, for every reader of the item, and says who may attach', async () => {
    const onUzb = await itemOf('uzbHead', liaisonId);
    expect(onUzb.attachments.map((a) => a.fileName)).toEqual(['Liaison briefing.pdf', 'agenda.html.txt']);
    expect(onUzb.can).toEqual({ edit: false, attach: false });
    expect((await itemOf('kazOfficer', kazItemId)).can).toEqual({ edit: false, attach: true });
    const meeting = (await call('kazOfficer', 'GET', `/api/meetings/${meetingId}`)).json();
    const files = Object.fromEntries(meeting.agenda.map((i: AgendaItemView) => [i.title, i.attachments.map((a) => a.fileName)] as const));
    expect(files['Border liaison']).toEqual(['Liaison briefing.pdf', 'agenda.html.txt', 'pak-kaz.txt']);
    expect(files['Sidebar: Wakhan']).toEqual(['wakhan.txt']);
  });

  it('downloads a file as a file, never inline', async () => {
    const file = await call('uzbHead', 'GET', `/api/agenda-attachments/${briefing.id}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toBe(
      `attachment; filename="Liaison briefing.pdf"; filename*=UTF-8''Liaison%20briefing.pdf`,
    );
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.rawPayload.equals(PDF)).toBe(true);
  });

  it('answers a file its reader may not read — its own label, its item’s or its meeting’s — exactly as a missing one', async () => {
    const missing = await call('uzbHead', 'GET', `/api/agenda-attachments/${crypto.randomUUID()}`);
    expect(missing.statusCode).toBe(404);
    for (const [who, id] of [
      ['uzbHead', sidebarFile],
      ['uzbHead', narrowFile],
      ['tjkHead', briefing.id],
    ] as const) {
      const hidden = await call(who, 'GET', `/api/agenda-attachments/${id}`);
      expect(hidden.statusCode).toBe(404);
      expect(hidden.json()).toEqual(missing.json());
    }
    expect((await itemOf('uzbHead', liaisonId)).attachments.map((a) => a.id)).not.toContain(narrowFile);
    expect((await call('kazOfficer', 'GET', `/api/agenda-attachments/${narrowFile}`)).statusCode).toBe(200);
  });

  it('hides an item’s files from a reader the item is narrowed away from', async () => {
    const narrowed = await call('pakOrganiser', 'PATCH', `/api/agenda-items/${liaisonId}`, { label: label({ relTo: ['KAZ'] }) });
    expect(narrowed.statusCode, narrowed.body).toBe(200);
    expect((await call('uzbHead', 'GET', `/api/agenda-attachments/${briefing.id}`)).statusCode).toBe(404);
    expect((await call('kazOfficer', 'GET', `/api/agenda-attachments/${briefing.id}`)).statusCode).toBe(200);
    const widened = await call('pakOrganiser', 'PATCH', `/api/agenda-items/${liaisonId}`, {
      label: label({ relTo: ['KAZ', 'UZB'] }),
    });
    expect(widened.statusCode, widened.body).toBe(200);
    expect((await call('uzbHead', 'GET', `/api/agenda-attachments/${briefing.id}`)).statusCode).toBe(200);
  });
});

describe('agenda files and their writers', () => {
  it('shows a file of the nation leading the item, and hides it while another nation leads it', async () => {
    const seizures = (await itemOf('uzbHead', kazItemId)).attachments.find((a) => a.nation === 'KAZ')!;
    expect(seizures.fileName).toBe('seizures.txt');
    const lead = (ownerNation: string) => call('pakOrganiser', 'PATCH', `/api/agenda-items/${kazItemId}`, { ownerNation });
    expect((await lead('UZB')).statusCode).toBe(200);
    expect((await itemOf('uzbHead', kazItemId)).attachments.map((a) => a.id)).not.toContain(seizures.id);
    expect((await call('kazOfficer', 'GET', `/api/agenda-attachments/${seizures.id}`)).statusCode).toBe(404);
    expect((await lead('KAZ')).statusCode).toBe(200);
    expect((await call('kazOfficer', 'GET', `/api/agenda-attachments/${seizures.id}`)).statusCode).toBe(200);
  });
});

describe('agenda files over TAXII', () => {
  it('end a page once it holds 8 MiB of object text, however well the files compress, and the next page goes on from there', async () => {
    const item = (await call('pakOrganiser', 'POST', `/api/meetings/${meetingId}/agenda`, { title: 'Maps', ownerNation: 'PAK' })).json();
    // A JPEG's signature, then 3.5 MiB of zeros: stored in a few KiB, served as 4.7 MiB of base64 each.
    const jpeg = (i: number) => Buffer.concat([Buffer.from('ffd8ffe000104a46494600', 'hex'), Buffer.alloc(3.5 * 1_048_576 + i)]);
    const big: string[] = [];
    for (let i = 0; i < 3; i++) {
      const added = await attach('pakOrganiser', item.id, `map-${i}.jpg`, jpeg(i));
      expect(added.statusCode, added.body).toBe(201);
      big.push(added.json().id);
    }
    while ((await publishDue(node.ctx)) > 0);
    const pages: { ids: string[]; more: boolean }[] = [];
    let next: string | undefined;
    do {
      const query = new URLSearchParams({ limit: '1000', 'match[type]': 'x-concord-agenda-attachment', ...(next ? { next } : {}) });
      const page = await node.app.http.inject({
        method: 'GET',
        url: `/taxii2/api/collections/${COLLECTION_ID}/objects/?${query}`,
        headers: { ...bearer(token.uzbHead!), accept: 'application/taxii+json;version=2.1' },
      });
      expect(page.statusCode, page.body).toBe(200);
      const body = page.json() as { more: boolean; next?: string; objects?: { id: string }[] };
      pages.push({ ids: (body.objects ?? []).map((o) => o.id.split('--')[1]!), more: body.more });
      next = body.more ? body.next : undefined;
    } while (next);
    // A page takes objects while what comes before them is under 8 MiB: two of these files, then the third on the next page; nothing twice.
    expect(pages.map((p) => p.ids.filter((id) => big.includes(id)))).toEqual([[big[0], big[1]], [big[2]]]);
    expect(pages[0]!.more).toBe(true);
    const all = pages.flatMap((p) => p.ids);
    expect(new Set(all).size).toBe(all.length);
    expect(pages.at(-1)!.more).toBe(false);
  });
});
