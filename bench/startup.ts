/** P8: time from starting the node process to serving /healthz, first start and restart (embedded database). */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { median } from './stats';

async function timeToServing(dataDir: string): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, ['bin/concord.mjs', 'start', '--port', '0', '--data-dir', dataDir], {
    env: { ...process.env, CONCORD_DEMO: '1', CONCORD_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /serving at (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
  });
  const response = await fetch(`${url}/healthz`);
  if (!response.ok) throw new Error(`healthz ${response.status}`);
  const elapsed = performance.now() - started;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
  return elapsed;
}

export async function startupBenchmark(runs: number): Promise<string> {
  const first: number[] = [];
  const restart: number[] = [];
  for (let i = 0; i < runs; i++) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-bench-start-'));
    first.push(await timeToServing(dataDir));
    restart.push(await timeToServing(dataDir));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  const fmt = (values: number[]) => values.map((v) => Math.round(v)).join(', ');
  return [
    '| measure | median | runs (ms) | budget |',
    '|---|---|---|---|',
    `| first start (creates PGlite database, migrates, loads demo data) | ${Math.round(median(first))} ms | ${fmt(first)} | ≤ 5,000 ms |`,
    `| restart (existing database) | ${Math.round(median(restart))} ms | ${fmt(restart)} | ≤ 2,000 ms |`,
  ].join('\n');
}
