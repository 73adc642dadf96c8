/**
 * `concord backup` of a node that runs (a `concord start` process of its own, holding the
 * embedded database) while clients write to it, then `concord restore` into a new folder: the
 * audit chain verifies and every note acknowledged before the backup began is there.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withContext } from '../../src/cli/cli-kit';
import { runCli } from '../../src/cli/main';
import type { ChildProcess } from 'node:child_process';
import type { Output } from '../../src/cli/cli-kit';

let root: string;
let nodeProcess: ChildProcess | null = null;
const liveDir = () => path.join(root, 'live');
const restoredDir = () => path.join(root, 'restored');

const run = async (dataDir: string, ...argv: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const output: Output = { out: (l) => out.push(l), err: (l) => err.push(l) };
  const code = await runCli([...argv, '--data-dir', dataDir], output);
  return { code, out: out.join('\n'), err: err.join('\n') };
};

/** `concord start` in a process of its own; resolves with its address once it serves. */
function startNodeProcess(dataDir: string): Promise<string> {
  const child = spawn(
    process.execPath,
    ['bin/concord.mjs', 'start', '--data-dir', dataDir, '--port', '0', '--host', '127.0.0.1', '--no-demo'],
    { env: { ...process.env, CONCORD_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  nodeProcess = child;
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout?.setEncoding('utf8');
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => (seen += chunk));
    child.stdout?.on('data', (chunk: string) => {
      seen += chunk;
      const match = /serving at (http:\/\/\S+)/.exec(seen);
      if (match?.[1]) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`the node exited (${code}):\n${seen}`)));
  });
}

async function stopNodeProcess(): Promise<void> {
  const child = nodeProcess;
  if (!child || child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
  nodeProcess = null;
}

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-backup-'));
});
afterAll(async () => {
  await stopNodeProcess();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('concord backup and restore of the embedded database', () => {
  it(
    'backs up a running node under writes; the restored copy verifies and holds every acknowledged note',
    { timeout: 300_000 },
    async () => {
      const live = liveDir();
      expect((await run(live, 'directory', 'nation-add', 'PAK', 'Pakistan')).code).toBe(0);
      expect((await run(live, 'directory', 'org-add', 'PAK', 'PAK Backup Directorate')).code).toBe(0);
      const user = ['--username', 'pak.writer', '--name', 'Writer', '--org', 'PAK Backup Directorate', '--role', 'analyst'];
      expect((await run(live, 'user', 'add', ...user, '--clearance', 'SECRET', '--password', 'a long enough password')).code).toBe(0);
      const created = await run(live, 'token', 'create', '--user', 'pak.writer', '--name', 'writer', '--scope', 'read,write');
      expect(created.code).toBe(0);
      const token = created.out.split('\n').at(-1)!;

      const url = await startNodeProcess(live);
      // While the node runs, nothing but the node may open its files.
      expect((await run(live, 'audit', 'verify')).code).toBe(3);

      const acknowledged: string[] = [];
      let writing = true;
      const writer = async (client: number) => {
        for (let n = 0; writing; n++) {
          const response = await fetch(`${url}/api/notes`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({
              title: `Note ${client}-${n}`,
              body: 'Written during the backup',
              label: { classification: 'UNCLASSIFIED', relTo: [], caveats: [], tlp: 'GREEN', recipients: { orgs: [], users: [] } },
            }),
          });
          expect(response.status).toBe(201);
          acknowledged.push(((await response.json()) as { id: string }).id);
        }
      };
      let failure: unknown = null;
      const writers = [0, 1, 2, 3].map((client) => writer(client).catch((error: unknown) => void (failure = error)));
      const waitFor = async (count: number) => {
        while (acknowledged.length < count) {
          if (failure) throw failure;
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      };
      await waitFor(20);

      const before = [...acknowledged];
      const file = path.join(root, 'node.backup');
      const backup = await run(live, 'backup', '--out', file);
      expect(backup.err).toBe('');
      expect(backup.code).toBe(0);
      expect(backup.out).toMatch(/taken by the running node/);
      // The node kept serving writes through and after the backup.
      const duringAndAfter = acknowledged.length;
      await waitFor(duringAndAfter + 5);
      writing = false;
      await Promise.all(writers);
      expect(failure).toBeNull();
      await stopNodeProcess();

      const restored = restoredDir();
      const restore = await run(restored, 'restore', '--from', file);
      expect(restore.code).toBe(0);
      expect(restore.out).toMatch(/key files/);
      // The key files come back from their own backup, as OPERATIONS.md says.
      fs.cpSync(path.join(live, 'keys'), path.join(restored, 'keys'), { recursive: true });
      const verify = await run(restored, 'audit', 'verify');
      expect(verify.err).toBe('');
      expect(verify.code).toBe(0);
      expect(verify.out).toMatch(/audit log intact/);

      const inBackup = await withContext({ CONCORD_DATA_DIR: restored }, async (ctx) => {
        const notes = await ctx.database.db.selectFrom('notes').select('id').execute();
        const audited = await ctx.database.db.selectFrom('audit_log').select('target_id').where('target_kind', '=', 'note').execute();
        return { notes: new Set(notes.map((n) => n.id)), audited: new Set(audited.map((a) => a.target_id)) };
      });
      for (const id of before) expect(inBackup.notes.has(id), `acknowledged note ${id} is in the backup`).toBe(true);
      // Nothing half-written: every note in the copy has its audit entry.
      for (const id of inBackup.notes) expect(inBackup.audited.has(id)).toBe(true);
      expect(inBackup.notes.size).toBeLessThan(acknowledged.length);

      // A restore never writes over a database.
      const again = await run(restored, 'restore', '--from', file);
      expect(again.code).toBe(1);
      expect(again.err).toMatch(/not empty/);
    },
  );

  it('backs up a stopped node the same way, and refuses a file that is not a backup', async () => {
    const file = path.join(root, 'stopped.backup');
    const backup = await run(liveDir(), 'backup', '--out', file);
    expect(backup.code).toBe(0);
    expect(backup.out).toMatch(/not running/);
    fs.writeFileSync(path.join(root, 'junk'), 'not a backup');
    const junk = await run(path.join(root, 'other'), 'restore', '--from', path.join(root, 'junk'));
    expect(junk.code).toBe(1);
    expect(junk.err).toMatch(/not a backup/);
    expect(fs.existsSync(path.join(root, 'other', 'pglite'))).toBe(false);
  });
});
