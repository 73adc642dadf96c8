/**
 * P2: single writes (create incident: the draft, its version, change record and audit entry,
 * committed durably) over real HTTP on 127.0.0.1 from 32 concurrent clients pacing themselves to
 * 300 writes/s. The clients run in their own process (bench/write-load.mjs) so that they do not
 * share the server's event loop. `npm run bench -- write` runs it on a PostgreSQL holding the
 * demo data; `npm run bench -- picture` runs it at 1,000,000 incidents.
 */
import { execFile } from 'node:child_process';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { demoUsername, loadPendingDemoIncidents } from '../src/server/domain/demo/demo-data';
import { listeningApp, tokenFor, withBenchPostgres } from './bench-node';
import { median, percentile } from './stats';

const LOAD_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'write-load.mjs');
const ms = (value: number) => `${value.toFixed(1)} ms`;

export interface WriteLoadResult {
  latencies: number[];
  errors: number;
  elapsed: number;
  firstError?: string;
}

/** Runs the load generator against a listening node and returns what it measured. */
export async function runWriteLoad(
  baseUrl: string,
  token: string,
  clients: number,
  rate: number,
  seconds: number,
): Promise<WriteLoadResult> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [LOAD_SCRIPT, baseUrl, token, String(clients), String(rate), String(seconds)],
    {
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return JSON.parse(stdout) as WriteLoadResult;
}

export function describeWrites(writes: WriteLoadResult): string {
  const rate = writes.latencies.length / writes.elapsed;
  return (
    `${writes.latencies.length} writes in ${writes.elapsed.toFixed(1)} s = ${rate.toFixed(0)} writes/s, ${writes.errors} errors` +
    `${writes.firstError ? ` (first: ${writes.firstError})` : ''}; p50 ${ms(median(writes.latencies))}, ` +
    `p95 ${ms(percentile(writes.latencies, 95))}, **p99 ${ms(percentile(writes.latencies, 99))}**`
  );
}

/** One load run against a listening node, with what the node itself saw (time in Fastify, its CPU, its event loop). */
async function measuredRun(
  baseUrl: string,
  token: string,
  rate: number,
  serverTimes: number[],
): Promise<{ line: string; p99: number; rate: number }> {
  serverTimes.length = 0;
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const cpu = process.cpuUsage();
  const writes = await runWriteLoad(baseUrl, token, 32, rate, 20);
  const used = process.cpuUsage(cpu);
  loop.disable();
  const perWrite = (used.user + used.system) / 1000 / writes.latencies.length;
  return {
    line:
      `${describeWrites(writes)}; in the node p50 ${ms(median(serverTimes))}, p99 ${ms(percentile(serverTimes, 99))}; ` +
      `node CPU ${perWrite.toFixed(2)} ms per write; event-loop delay p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms, max ${(loop.max / 1e6).toFixed(1)} ms`,
    p99: percentile(writes.latencies, 99),
    rate: writes.latencies.length / writes.elapsed,
  };
}

export async function writeBenchmark(runs: number): Promise<string> {
  return withBenchPostgres(async (ctx) => {
    await loadPendingDemoIncidents(ctx);
    const serverTimes: number[] = [];
    const { app, baseUrl } = await listeningApp(ctx, (built) =>
      built.http.addHook('onResponse', async (_request, reply) => {
        serverTimes.push(reply.elapsedTime);
      }),
    );
    const token = await tokenFor(ctx, demoUsername('PAK', 'analyst'));
    const lines: string[] = [];
    const p99s: number[] = [];
    const rates: number[] = [];
    for (let run = 0; run < runs; run++) {
      const result = await measuredRun(baseUrl, token, 300, serverTimes);
      lines.push(`- 300/s, run ${run + 1}: ${result.line}`);
      p99s.push(result.p99);
      rates.push(result.rate);
    }
    // The same writes at a rate that leaves the machine idle: the latency floor of this machine.
    const floor = await measuredRun(baseUrl, token, 20, serverTimes);
    lines.push(`- 20/s (floor): ${floor.line}`);
    await app.http.close();
    return [
      `PostgreSQL 15 (throwaway local cluster, fsync on) with the demo data, ${os.cpus().length} cores shared by the node, ` +
        `the database and the load generator; 32 clients over HTTP keep-alive, 20 s per run.`,
      '',
      ...lines,
      '',
      `Median over the 300/s runs: ${median(rates).toFixed(0)} writes/s, **p99 ${ms(median(p99s))}** (budget 300 writes/s at p99 ≤ 25 ms)`,
    ].join('\n');
  });
}
