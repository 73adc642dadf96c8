import { sql } from 'kysely';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { signCheckpoint } from '../../src/server/domain/audit/audit-checkpoint';
import { verifyAuditLog } from '../../src/server/domain/audit/audit-verify';
import { label, makeNote, makeUser } from '../kit/factories';
import { startTestNode } from '../kit/test-node';
import type { TestNode } from '../kit/test-node';

/** Each test tampers with the log, so each gets its own node. */
let node: TestNode | null = null;
async function nodeWithHistory(): Promise<TestNode> {
  await node?.close();
  node = await startTestNode();
  const author = await makeUser(node.ctx);
  for (let i = 0; i < 6; i++) await makeNote(node.ctx, author, { title: `n${i}`, label: label() });
  return node;
}
afterAll(() => node?.close());

const db = () => node!.ctx.database.db;

describe('the hash-chained audit log', () => {
  let n: TestNode;
  beforeEach(async () => {
    n = await nodeWithHistory();
  });

  it('verifies an untouched log and a signed checkpoint', async () => {
    const checkpoint = await signCheckpoint(n.ctx);
    const result = await verifyAuditLog(n.ctx.database, checkpoint);
    expect(result.problems).toEqual([]);
    expect(result.entries).toBe(6);
  });

  it('detects an edited entry', async () => {
    await db().updateTable('audit_log').set({ actor: 'someone-else' }).where('seq', '=', 3).execute();
    const result = await verifyAuditLog(n.ctx.database);
    expect(result.ok).toBe(false);
    expect(result.problems.join()).toMatch(/Entry 3 was altered/);
  });

  it('detects a deleted entry', async () => {
    await db().deleteFrom('audit_log').where('seq', '=', 2).execute();
    expect((await verifyAuditLog(n.ctx.database)).problems.join()).toMatch(/Entry 2 is missing/);
  });

  it('detects reordered entries', async () => {
    await sql`update audit_log set seq = -2 where seq = 2`.execute(db());
    await sql`update audit_log set seq = 2 where seq = 4`.execute(db());
    await sql`update audit_log set seq = 4 where seq = -2`.execute(db());
    expect((await verifyAuditLog(n.ctx.database)).ok).toBe(false);
  });

  it('detects truncation given a checkpoint, even when the head is rewritten too', async () => {
    const checkpoint = await signCheckpoint(n.ctx);
    const last = await db().selectFrom('audit_log').select(['hash']).where('seq', '=', 4).executeTakeFirstOrThrow();
    await db().deleteFrom('audit_log').where('seq', '>', 4).execute();
    await db().updateTable('audit_head').set({ seq: 4, hash: last.hash }).execute();
    expect((await verifyAuditLog(n.ctx.database)).ok).toBe(true); // without a checkpoint, a clean cut looks whole
    const withCheckpoint = await verifyAuditLog(n.ctx.database, checkpoint);
    expect(withCheckpoint.problems.join()).toMatch(/truncated/);
  });

  it('rejects a forged checkpoint', async () => {
    const checkpoint = await signCheckpoint(n.ctx);
    const result = await verifyAuditLog(n.ctx.database, { ...checkpoint, headHash: 'f'.repeat(64) });
    expect(result.problems.join()).toMatch(/signature/);
  });

  it('writes the audit entry in the same transaction as the change', async () => {
    const notes = Number(
      (
        await db()
          .selectFrom('notes')
          .select((eb) => eb.fn.countAll().as('c'))
          .executeTakeFirstOrThrow()
      ).c,
    );
    const creates = Number(
      (
        await db()
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll().as('c'))
          .where('action', '=', 'note.create')
          .executeTakeFirstOrThrow()
      ).c,
    );
    expect(creates).toBe(notes);
  });
});
