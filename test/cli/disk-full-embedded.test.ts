/**
 * A node on the embedded database in a folder whose disk fills: the file system itself answers
 * ENOSPC when the database's relation files grow (node's `fs`, under PGlite's file system layer).
 * The write-ahead log keeps its preallocated segment, as on a real disk that fills: PostgreSQL stops
 * rather than lose a commit when even that cannot be written (OPERATIONS.md, A full disk).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/main';
import { readConfig } from '../../src/server/config';
import { DISK_FULL_MESSAGE } from '../../src/server/db/disk-full';
import { startNode } from '../../src/server/main';
import type { Output } from '../../src/cli/cli-kit';

let dataDir: string;
let node: Awaited<ReturnType<typeof startNode>>;
let token: string;
let diskFull = false;

const realFs = { openSync: fs.openSync, closeSync: fs.closeSync, writeSync: fs.writeSync };
const openFiles = new Map<number, string>();

/** Writes to the database's relation files (base/) fail with ENOSPC while `diskFull` is set. */
function installFullDisk(): void {
  const relationFiles = path.join(dataDir, 'pglite', 'base');
  fs.openSync = ((...args: unknown[]) => {
    const fd = Reflect.apply(realFs.openSync, fs, args) as number;
    openFiles.set(fd, String(args[0]));
    return fd;
  }) as typeof fs.openSync;
  fs.closeSync = (fd: number) => {
    openFiles.delete(fd);
    realFs.closeSync(fd);
  };
  fs.writeSync = ((...args: unknown[]) => {
    if (diskFull && openFiles.get(args[0] as number)?.startsWith(relationFiles))
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28 });
    return Reflect.apply(realFs.writeSync, fs, args) as number;
  }) as typeof fs.writeSync;
  syncBuiltinESMExports();
}

const cli = async (...argv: string[]) => {
  const out: string[] = [];
  const output: Output = { out: (l) => out.push(l), err: (l) => out.push(l) };
  const code = await runCli([...argv, '--data-dir', dataDir], output);
  expect(code, out.join('\n')).toBe(0);
  return out;
};

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-disk-full-'));
  await cli('directory', 'nation-add', 'PAK', 'Pakistan');
  await cli('directory', 'org-add', 'PAK', 'PAK Disk Directorate');
  await cli(
    'user',
    'add',
    '--username',
    'pak.writer',
    '--name',
    'Writer',
    '--org',
    'PAK Disk Directorate',
    '--role',
    'analyst',
    '--clearance',
    'SECRET',
    '--password',
    'a long enough password',
  );
  token = (await cli('token', 'create', '--user', 'pak.writer', '--name', 'writer', '--scope', 'read,write')).at(-1)!;
  installFullDisk();
  node = await startNode(
    readConfig({ ...process.env, CONCORD_DATA_DIR: dataDir, CONCORD_DEMO: '0', PORT: '0', HOST: '127.0.0.1', CONCORD_LOG_LEVEL: 'silent' }),
  );
});
afterAll(async () => {
  diskFull = false;
  await node?.stop();
  Object.assign(fs, realFs);
  syncBuiltinESMExports();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

// Incompressible text, stored out of line: every note needs new pages in the relation files.
const createNote = (title: string) =>
  fetch(`${node.url}/api/notes`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      title,
      body: crypto.randomBytes(12_000).toString('base64').slice(0, 16_000),
      label: { classification: 'UNCLASSIFIED', relTo: [], caveats: [], tlp: 'GREEN', recipients: { orgs: [], users: [] } },
    }),
  });
const health = async () => (await fetch(`${node.url}/healthz`)).json() as Promise<{ status: string; cause?: string; message?: string }>;
const titles = async () => {
  const response = await fetch(`${node.url}/api/notes`, { headers: { authorization: `Bearer ${token}` } });
  return ((await response.json()) as { items: { title: string }[] }).items.map((n) => n.title);
};

describe('the embedded database on a disk that fills', () => {
  it('answers 503 "disk is full", keeps nothing of the refused writes, says so on /healthz and in the log, and writes again once space is back', async () => {
    const errors = vi.spyOn(node.ctx.logger, 'error');
    expect((await createNote('Before')).status).toBe(201);

    diskFull = true;
    for (const title of ['Refused 1', 'Refused 2', 'Refused 3']) {
      const refused = await createNote(title);
      expect(refused.status).toBe(503);
      expect(await refused.json()).toEqual({ error: { code: 'SERVICE_UNAVAILABLE', message: DISK_FULL_MESSAGE } });
      // A small transaction still commits (as a background job's may) while larger writes fail.
      if (title === 'Refused 1') await node.ctx.database.transaction(async (tx) => void (await sql`select 1`.execute(tx.db)));
    }
    expect(await health()).toMatchObject({
      status: 'degraded',
      cause: 'disk-full',
      message: expect.stringMatching(/No space left on device/),
    });
    // Said once at error level, though the state came and went with that small commit.
    expect(errors.mock.calls.filter(([fields]) => (fields as { cause?: string }).cause === 'disk-full')).toHaveLength(1);

    diskFull = false;
    expect((await createNote('After')).status).toBe(201);
    expect((await health()).status).toBe('ok');
    expect((await health()).cause).toBeUndefined();
    const stored = await titles();
    expect(stored).toEqual(expect.arrayContaining(['Before', 'After']));
    expect(stored.filter((t) => t.startsWith('Refused'))).toEqual([]);
  });
});
