/**
 * The disk fills during writes. The database itself raises PostgreSQL's own disk-full error
 * (SQLSTATE 53100, worded as PostgreSQL words it) from a trigger on the audit log, so the failure
 * comes mid-transaction, after the record's own row was written, on both databases.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DISK_FULL_MESSAGE } from '../../src/server/db/disk-full';
import { label, makeToken, makeUser } from '../kit/factories';
import { bearer } from '../kit/http';
import { startTestNode } from '../kit/test-node';
import type { TestNode } from '../kit/test-node';

let node: TestNode;
let token: string;

const ENOSPC = 'could not extend file "base/16384/16417": No space left on device';

beforeAll(async () => {
  node = await startTestNode();
  token = await makeToken(node.ctx, await makeUser(node.ctx, { nation: 'PAK', roles: ['analyst'] }));
  // A sequence, not a table, switches the fault: setting it is not a write, so only the node's own
  // writes can tell the node that space is back.
  await sql`create sequence test_disk_full minvalue 0 start 0`.execute(node.ctx.database.db);
  await sql
    .raw(
      `create function test_disk_full_fault() returns trigger language plpgsql as $$
       begin
         if (select last_value from test_disk_full) = 1 then
           raise exception using errcode = 'disk_full', message = '${ENOSPC}',
             hint = 'Check free disk space.';
         end if;
         return new;
       end $$;
       create trigger test_disk_full_fault before insert on audit_log for each row execute function test_disk_full_fault();`,
    )
    .execute(node.ctx.database.db);
});
afterAll(() => node.close());

const createNote = (title: string, headers: Record<string, string> = {}) =>
  node.app.http.inject({
    method: 'POST',
    url: '/api/notes',
    headers: { ...bearer(token), ...headers },
    payload: { title, body: 'Body', label: label() },
  });
const counts = async () => {
  const db = node.ctx.database.db;
  const notes = await db
    .selectFrom('notes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const audit = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { notes: Number(notes.n), audit: Number(audit.n) };
};
const health = async () => (await node.app.http.inject({ method: 'GET', url: '/healthz' })).json();

describe('a full disk', () => {
  it('answers writes with a 503 that says the disk is full, writes nothing, shows on /healthz and in the log, and recovers without a restart', async () => {
    const errors = vi.spyOn(node.ctx.logger, 'error');
    const infos = vi.spyOn(node.ctx.logger, 'info');
    expect((await createNote('Before')).statusCode).toBe(201);
    expect(await health()).toMatchObject({ status: 'ok' });
    expect((await health()).cause).toBeUndefined();
    const before = await counts();

    await sql`select setval('test_disk_full', 1)`.execute(node.ctx.database.db);
    for (const title of ['Lost 1', 'Lost 2']) {
      const refused = await createNote(title);
      expect(refused.statusCode).toBe(503);
      expect(refused.json()).toEqual({ error: { code: 'SERVICE_UNAVAILABLE', message: DISK_FULL_MESSAGE } });
      expect(refused.json().error.message).toMatch(/disk is full/);
    }
    // The note's row was written before the audit entry failed: the whole transaction is gone.
    expect(await counts()).toEqual(before);
    expect(await health()).toEqual(
      expect.objectContaining({ status: 'degraded', cause: 'disk-full', message: expect.stringContaining('No space left on device') }),
    );
    // Said once at error level, with the database's words, however many writes fail.
    const diskErrors = errors.mock.calls.filter(([fields]) => (fields as { cause?: string }).cause === 'disk-full');
    expect(diskErrors).toHaveLength(1);
    expect(diskErrors[0]?.[0]).toMatchObject({ detail: expect.stringContaining('could not extend file') });

    // Space is freed: the next write goes through on the same process and the node is healthy again
    // (sent with an Idempotency-Key, it commits as a unit of work, outside the statements' log hook).
    await sql`select setval('test_disk_full', 0)`.execute(node.ctx.database.db);
    const saved = await createNote('After', { 'idempotency-key': 'after-the-disk-was-freed' });
    expect(saved.statusCode).toBe(201);
    expect(await counts()).toEqual({ notes: before.notes + 1, audit: before.audit + 1 });
    const healthy = await health();
    expect(healthy.status).toBe('ok');
    expect(healthy.cause).toBeUndefined();
    expect(infos.mock.calls.some(([fields]) => (fields as { cause?: string }).cause === 'disk-full')).toBe(true);
    const titles = (await node.app.http.inject({ method: 'GET', url: '/api/notes', headers: bearer(token) }))
      .json()
      .items.map((n: { title: string }) => n.title);
    expect(titles).toEqual(expect.arrayContaining(['Before', 'After']));
    expect(titles).not.toContain('Lost 1');
  });
});
