/** Starts a real node (`concord start`) as a child process on 127.0.0.1 with its own data folder. */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';

export interface NodeProcess {
  url: string;
  /** The node's process id (its CPU time is in /proc/PID/stat). */
  pid: number;
  dataDir: string;
  output: string[];
  /** SIGTERM (a clean stop) or SIGKILL (a crash), and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

const BIN = path.resolve('bin/concord.mjs');

/** `port` 0 takes any free port (then the node's public address is unknown to it: give one for invites). */
export async function startNodeProcess(env: Record<string, string> = {}, existingDataDir?: string, port = 0): Promise<NodeProcess> {
  const dataDir = existingDataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'concord-e2e-'));
  const child: ChildProcess = spawn(process.execPath, [BIN, 'start', '--port', String(port), '--data-dir', dataDir], {
    env: { ...process.env, CONCORD_DEMO: '1', HOST: '127.0.0.1', CONCORD_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const loadsDemo = existingDataDir === undefined && env.CONCORD_DEMO !== '0' && env.CONCORD_DEMO_INCIDENTS !== '0';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node did not start:\n${output.join('')}`)), 180_000);
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      const text = output.join('');
      const match = /serving at (http:\/\/[^\s]+)/.exec(text);
      // A fresh demo node serves first and sets its scene and incidents after: tests start once
      // they are all there, so that no test races the demo data (a restarted node has them already).
      if (match?.[1] && (!loadsDemo || /demo incidents ready/.test(text))) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`node exited with ${code}:\n${output.join('')}`));
    });
  });
  return {
    url,
    pid: child.pid ?? 0,
    dataDir,
    output,
    stop: (signal: NodeJS.Signals = 'SIGTERM') =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}

export function runConcord(args: string[], env: Record<string, string> = {}): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export { freePort } from '../kit/free-port';
