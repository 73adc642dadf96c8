/**
 * `concord audit verify` against someone who can rewrite the node's database (an embedded one in
 * a temporary folder): the node key is not in the database, so checkpoints cannot be re-signed;
 * a log cut short or rewritten is caught against an exported checkpoint; without one, verify says
 * what it cannot see. Then the key is rotated and everything it signed before still verifies.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { Database } from '../../src/server/db/database';
import { rewriteAndResign } from '../kit/audit-attacks';
import type { Output } from '../../src/cli/cli-kit';

let dataDir: string;
const run = async (...argv: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const output: Output = { out: (l) => out.push(l), err: (l) => err.push(l) };
  const code = await runCli([...argv, '--data-dir', dataDir], output);
  return { code, out: out.join('\n'), err: err.join('\n') };
};
/** Opens the embedded database directly, as someone with access to its files would. */
async function tamper(work: (database: Database) => Promise<void>): Promise<void> {
  const database = await Database.openPGlite(path.join(dataDir, 'pglite'));
  try {
    await work(database);
  } finally {
    await database.close();
  }
}

beforeEach(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-anchoring-'));
  expect((await run('migrate')).code).toBe(0);
  for (const code of ['MNG', 'KAZ', 'UZB', 'TJK']) expect((await run('directory', 'nation-add', code, `Nation ${code}`)).code).toBe(0);
});
afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('concord audit verify, with the node key outside the database', () => {
  it('keeps the private key out of the database after start', async () => {
    const info = JSON.parse((await run('node', 'info', '--json')).out);
    const keyFile = path.join(dataDir, 'keys', 'node.key');
    expect(info.keyFile).toBe(keyFile);
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    await tamper(async (database) => {
      const identity = await database.db.selectFrom('node_identity').selectAll().executeTakeFirstOrThrow();
      expect(identity.private_key).toBeNull();
      expect(identity.public_key).toBe(info.publicKey);
    });
  });

  it('says what it cannot see without an exported checkpoint, and catches a cut-off tail with one', async () => {
    const file = path.join(dataDir, 'checkpoint.json');
    expect((await run('audit', 'checkpoint', '--out', file)).code).toBe(0);
    const intact = await run('audit', 'verify');
    expect(intact.code).toBe(0);
    expect(intact.out).toMatch(/cannot see: No checkpoint kept off this node was given \(--checkpoint FILE\)/);
    expect(intact.out).toMatch(/cannot see: Entries removed from the end of the log together with the checkpoints that covered them/);

    await tamper(async (database) => {
      const db = database.db;
      const kept = (await db.selectFrom('audit_log').select('hash').where('seq', '=', 2).executeTakeFirstOrThrow()).hash;
      await db.deleteFrom('audit_log').where('seq', '>', 2).execute();
      await db.updateTable('audit_head').set({ seq: 2, hash: kept }).execute();
      await db.deleteFrom('audit_checkpoints').execute();
    });
    expect((await run('audit', 'verify')).code).toBe(0); // what the database alone holds looks whole
    const caught = await run('audit', 'verify', '--checkpoint', file);
    expect(caught.code).toBe(1);
    expect(caught.err).toMatch(/covers entry 4, which is not in the log: the log was truncated/);
  });

  it('catches a log rewritten and its checkpoints re-signed, with or without an exported checkpoint', async () => {
    const file = path.join(dataDir, 'checkpoint.json');
    expect((await run('audit', 'checkpoint', '--out', file)).code).toBe(0);
    await tamper((database) => rewriteAndResign(database, 2));
    const fromDatabase = await run('audit', 'verify');
    expect(fromDatabase.code).toBe(1);
    expect(fromDatabase.err).toMatch(/not signed by this node's key: it was forged/);
    const fromFile = await run('audit', 'verify', '--checkpoint', file);
    expect(fromFile.code).toBe(1);
    expect(fromFile.err).toMatch(/Entry 4 differs from the exported checkpoint .*: history was rewritten/);
  });

  it('rotates the node key; what the old key signed still verifies', async () => {
    const before = JSON.parse((await run('node', 'info', '--json')).out).publicKey as string;
    const file = path.join(dataDir, 'checkpoint.json');
    expect((await run('audit', 'checkpoint', '--out', file)).code).toBe(0);
    const rotated = await run('node', 'rotate-key');
    expect(rotated.code, rotated.err).toBe(0);
    expect(rotated.out).toMatch(/concord peer repin INVITE/);
    const after = JSON.parse((await run('node', 'info', '--json')).out).publicKey as string;
    expect(after).not.toBe(before);
    const verified = await run('audit', 'verify', '--checkpoint', file);
    expect(verified.code, verified.err).toBe(0);
    expect(verified.out).toMatch(/audit log intact/);
    await tamper(async (database) => {
      const rotation = await database.db
        .selectFrom('audit_log')
        .select('details')
        .where('action', '=', 'node.key-rotate')
        .executeTakeFirstOrThrow();
      expect(rotation.details).toEqual({ from: before, to: after });
    });
  });
});
