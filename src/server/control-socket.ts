/**
 * The node's control socket: a Unix socket in the data directory (`concord.sock`, 0600) through
 * which the `concord` CLI asks a running node for what only the process holding the embedded
 * database can do — today a backup. Whoever may open it may read the database files anyway, so the
 * file's permissions are its access control. One request per connection: a JSON line in; a JSON
 * line out, followed by `bytes` bytes of payload when there is one.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { backupEmbedded } from './db/embedded-backup';
import type { Context } from './context';

export const controlSocketPath = (dataDir: string) => path.join(dataDir, 'concord.sock');

interface Answer {
  ok: boolean;
  error?: string;
  bytes?: number;
}

export async function startControlSocket(ctx: Context): Promise<() => Promise<void>> {
  const file = controlSocketPath(ctx.config.dataDir);
  // The embedded lock is held: a socket file left here is from a node that died.
  fs.rmSync(file, { force: true });
  const server = net.createServer((socket) => {
    let request = '';
    socket.setEncoding('utf8');
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: string) => {
      request += chunk;
      if (!request.includes('\n')) {
        if (request.length > 1024) socket.destroy();
        return;
      }
      socket.removeAllListeners('data');
      void answer(ctx, request.slice(0, request.indexOf('\n'))).then(({ head, payload }) => {
        socket.write(`${JSON.stringify(head)}\n`);
        if (payload) socket.end(payload);
        else socket.end();
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(file, () => resolve());
  });
  fs.chmodSync(file, 0o600);
  return () =>
    new Promise<void>((resolve) =>
      server.close(() => {
        fs.rmSync(file, { force: true });
        resolve();
      }),
    );
}

async function answer(ctx: Context, line: string): Promise<{ head: Answer; payload?: Buffer }> {
  let command: unknown;
  try {
    command = (JSON.parse(line) as { command?: unknown }).command;
  } catch {
    return { head: { ok: false, error: 'The request is not JSON.' } };
  }
  if (command !== 'backup') return { head: { ok: false, error: `Unknown command ${JSON.stringify(command)}.` } };
  try {
    const archive = await backupEmbedded(ctx.database);
    ctx.logger.info({ bytes: archive.length }, 'backup taken through the control socket');
    return { head: { ok: true, bytes: archive.length }, payload: archive };
  } catch (error) {
    ctx.logger.error({ err: error }, 'backup failed');
    return { head: { ok: false, error: `The node could not take the backup: ${(error as Error).message}` } };
  }
}

/** Asks the node running on `dataDir` for a backup; the archive, or an error saying why not. */
export function askNodeForBackup(dataDir: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(controlSocketPath(dataDir));
    const chunks: Buffer[] = [];
    socket.on('connect', () => socket.write(`${JSON.stringify({ command: 'backup' })}\n`));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error) =>
      reject(new Error(`Could not reach the running node through ${controlSocketPath(dataDir)} (${error.message}).`)),
    );
    socket.on('end', () => {
      const all = Buffer.concat(chunks);
      const newline = all.indexOf(10);
      let head: Answer;
      try {
        head = JSON.parse(all.subarray(0, newline).toString('utf8')) as Answer;
      } catch {
        reject(new Error('The node gave no answer to the backup request.'));
        return;
      }
      const payload = all.subarray(newline + 1);
      if (!head.ok) reject(new Error(head.error ?? 'The node refused the backup.'));
      else if (payload.length !== head.bytes) reject(new Error('The backup was cut short on its way from the node; run it again.'));
      else resolve(payload);
    });
  });
}
