// Starts a throwaway PostgreSQL cluster from the machine's server binaries (Debian's
// `postgresql` packages) in a temporary folder, listening on 127.0.0.1 only.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

function findBinDir() {
  const candidates = [];
  for (const dir of (process.env.PATH ?? '').split(':')) if (fs.existsSync(path.join(dir, 'pg_ctl'))) candidates.push(dir);
  if (fs.existsSync('/usr/lib/postgresql')) {
    for (const version of fs.readdirSync('/usr/lib/postgresql').sort().reverse()) candidates.push(`/usr/lib/postgresql/${version}/bin`);
  }
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'pg_ctl'))) ?? null;
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export async function startThrowawayPostgres() {
  const bin = findBinDir();
  if (!bin) {
    throw new Error(
      'PostgreSQL server binaries (initdb, pg_ctl) were not found. Install them: apt-get update && apt-get install -y postgresql',
    );
  }
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-pg-'));
  const dataDir = path.join(root, 'data');
  const asRoot = process.getuid?.() === 0;
  // PostgreSQL refuses to run as root; run it as the `postgres` system user then.
  const run = (cmd, args) => {
    const full = path.join(bin, cmd);
    const result = asRoot
      ? spawnSync('runuser', ['-u', 'postgres', '--', full, ...args], { encoding: 'utf8' })
      : spawnSync(full, args, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${cmd} failed: ${result.stderr || result.stdout}`);
  };
  if (asRoot) {
    try {
      execFileSync('id', ['postgres'], { stdio: 'ignore' });
    } catch {
      throw new Error('Running as root, PostgreSQL needs the `postgres` system user: apt-get install -y postgresql creates it.');
    }
    fs.chmodSync(root, 0o755);
    execFileSync('chown', ['postgres', root]);
  }
  const port = await freePort();
  run('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const start = () =>
    run('pg_ctl', [
      '-D',
      dataDir,
      '-l',
      path.join(root, 'server.log'),
      '-w',
      '-t',
      '60',
      'start',
      '-o',
      `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c max_connections=200`,
    ]);
  start();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    /** kill -9 of the server (a crash: no shutdown, no checkpoint); its backends die with it. */
    kill() {
      const pid = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      // Its backends would exit once they see it gone; a restart waits for that, so they go too.
      const backends = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
        .stdout.split('\n')
        .filter(Boolean);
      process.kill(pid, 'SIGKILL');
      for (const backend of backends) {
        try {
          process.kill(Number(backend), 'SIGKILL');
        } catch {
          /* gone already */
        }
      }
    },
    /** Starts the server again on its files and port after kill(): crash recovery runs first. */
    async restart() {
      for (let attempt = 1; ; attempt++) {
        try {
          return start();
        } catch (error) {
          // The old shared memory is released once the last backend has gone.
          if (attempt >= 20) throw error;
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      }
    },
    stop() {
      try {
        run('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    },
  };
}
