/** Attachments: type from content, named and served as that type, size limit, read exactly when the incident is, downloads only. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { label, makeOrg, makeToken, makeUser } from '../kit/factories';
import { bearer } from '../kit/http';
import { startTestNode } from '../kit/test-node';
import type { TestNode } from '../kit/test-node';

let node: TestNode;
const token: Record<string, string> = {};
let incident = '';

beforeAll(async () => {
  node = await startTestNode();
  const org = await makeOrg(node.ctx, 'PAK', 'PAK ops');
  token.analyst = await makeToken(node.ctx, await makeUser(node.ctx, { nation: 'PAK', org, roles: ['analyst'] }));
  token.releaser = await makeToken(node.ctx, await makeUser(node.ctx, { nation: 'PAK', org, roles: ['releasing-officer'] }));
  token.kaz = await makeToken(node.ctx, await makeUser(node.ctx, { nation: 'KAZ', roles: ['analyst'] }));
  token.tjk = await makeToken(node.ctx, await makeUser(node.ctx, { nation: 'TJK', roles: ['analyst'] }));
  const created = await call('analyst', 'POST', '/api/incidents', {
    domain: 'border-incident',
    subtype: 'incursion',
    title: 'Incursion with photographs',
    occurredAt: '2026-11-20T00:00:00Z',
    timePrecision: 'day',
    place: { country: 'TJK', precision: 'country' },
    label: label({ relTo: ['KAZ'] }),
  });
  incident = created.json().id;
  await call('releaser', 'POST', `/api/incidents/${incident}/release`, {});
});
afterAll(() => node.close());

const call = (who: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  node.app.http.inject({ method, url, headers: bearer(token[who]!), ...(payload ? { payload } : {}) });
const attach = (who: string, fileName: string, content: Buffer) =>
  call(who, 'POST', `/api/incidents/${incident}/attachments`, { fileName, contentBase64: content.toString('base64') });

const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(64)]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0'), Buffer.alloc(200)]);

describe('attachments', () => {
  it('accept documents, images and text by their content, and refuse the rest with a message', async () => {
    const pdf = await attach('analyst', 'report.pdf', PDF);
    expect(pdf.statusCode, pdf.body).toBe(201);
    expect(pdf.json()).toMatchObject({ fileName: 'report.pdf', mediaType: 'application/pdf', size: PDF.length });
    // The content decides, not the name; the name's extension follows the content.
    expect((await attach('analyst', 'photo.jpg', PNG)).json()).toMatchObject({ mediaType: 'image/png', fileName: 'photo.jpg.png' });
    expect((await attach('analyst', 'notes.txt', Buffer.from('Ишкашим: two vehicles seen.\n'))).json().mediaType).toBe('text/plain');
    const exe = await attach('analyst', 'photo.pdf', EXE);
    expect(exe.statusCode).toBe(400);
    expect(exe.json().error.message).toMatch(/not an accepted type/);
    expect((await attach('analyst', 'binary.txt', Buffer.from([0, 1, 2, 3, 255, 254]))).statusCode).toBe(400);
    const big = await attach('analyst', 'big.txt', Buffer.alloc(10 * 1_048_576 + 1, 'a'));
    expect(big.statusCode).toBe(400);
    expect(big.json().error.message).toMatch(/limit is 10 MiB/);
    expect(
      (await call('analyst', 'POST', `/api/incidents/${incident}/attachments`, { fileName: 'x', contentBase64: 'not base64!' })).statusCode,
    ).toBe(400);
    expect((await attach('kaz', 'mine.pdf', PDF)).statusCode).toBe(403);
  });

  it('are read exactly where the incident is, as downloads only', async () => {
    const list = (await call('kaz', 'GET', `/api/incidents/${incident}/attachments`)).json().items;
    expect(list.map((a: { fileName: string }) => a.fileName)).toEqual(['report.pdf', 'photo.jpg.png', 'notes.txt']);
    const download = await call('kaz', 'GET', `/api/attachments/${list[0].id}`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toBe(`attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.rawPayload.equals(PDF)).toBe(true);

    expect((await call('tjk', 'GET', `/api/incidents/${incident}/attachments`)).statusCode).toBe(404);
    const refused = await call('tjk', 'GET', `/api/attachments/${list[0].id}`);
    const missing = await call('tjk', 'GET', '/api/attachments/00000000-0000-4000-8000-000000000000');
    expect(refused.statusCode).toBe(404);
    expect(refused.body).toBe(missing.body);
  });

  it('are named and served as what their content is: a page or a drawing that is text is a .txt file', async () => {
    const cases = [
      ['page.html', '<html><body><script>alert(document.cookie)</script></body></html>', 'page.html.txt'],
      ['drawing.SVG', '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', 'drawing.SVG.txt'],
      ['list.csv', '=HYPERLINK("https://evil.example")\n', 'list.csv.txt'],
      ['notes.TXT', 'two vehicles seen', 'notes.TXT'],
      ['bidi\u202Etxt.exe', 'text', 'bidi_txt.exe.txt'],
      ['trailing.txt. . ', 'text', 'trailing.txt'],
    ] as const;
    for (const [name, content, stored] of cases) {
      const added = await attach('analyst', name, Buffer.from(content));
      expect(added.statusCode, added.body).toBe(201);
      expect(added.json()).toMatchObject({ fileName: stored, mediaType: 'text/plain' });
      const download = await call('kaz', 'GET', `/api/attachments/${added.json().id}`);
      expect(download.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(download.headers['content-disposition']).toBe(
        `attachment; filename="${stored.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(stored)}`,
      );
      expect(download.headers['x-content-type-options']).toBe('nosniff');
    }
    // Quotes are never stored; non-ASCII letters: an ASCII fallback and the exact name (RFC 5987, its reserved characters escaped).
    const quoted = await attach('analyst', `Отчёт "final" (v2)'s.pdf`, PDF);
    const download = await call('kaz', 'GET', `/api/attachments/${quoted.json().id}`);
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="_____ _final_ (v2)'s.pdf"; filename*=UTF-8''%D0%9E%D1%82%D1%87%D1%91%D1%82%20_final_%20%28v2%29%27s.pdf`,
    );
  });

  it('stored under a name of another type before names followed content are offered under a consistent one', async () => {
    const id = '6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
    await node.ctx.database.db
      .insertInto('attachments')
      .values({
        id,
        incident_id: incident,
        file_name: 'old.html',
        media_type: 'text/plain',
        size: 4,
        sha256: '0'.repeat(64),
        content: Buffer.from('<b>'),
        created_by: (await node.ctx.database.db.selectFrom('users').select('id').executeTakeFirstOrThrow()).id,
        created_at: new Date(),
      })
      .execute();
    const list = (await call('kaz', 'GET', `/api/incidents/${incident}/attachments`)).json().items as { id: string; fileName: string }[];
    expect(list.find((a) => a.id === id)?.fileName).toBe('old.html.txt');
    const download = await call('kaz', 'GET', `/api/attachments/${id}`);
    expect(download.headers['content-disposition']).toMatch(/^attachment; filename="old\.html\.txt"/);
  });
});
