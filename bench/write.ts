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
import pino from 'pino';
import { buildApp } from '../src/server/app';
import { readConfig } from '../src/server/config';
import { randomIds, systemClock } from '../src/server/context';
import { Database } from '../src/server/db/database';
import { migrateToLatest } from '../src/server/db/migrate';
import { userRepository } from '../src/server/db/repositories/user-repository';
import { createToken } from '../src/server/domain/auth/auth-service';
import { systemActor } from '../src/server/domain/auth/actor';
import { demoUsername, loadDemoData, loadPendingDemoIncidents } from '../src/server/domain/demo/demo-data';
import { ensureNodeIdentity } from '../src/server/domain/node/node-identity';
import { median, percentile } from './stats';
// @ts-expect-error — a plain ESM script shared with `npm test`
import { startThrowawayPostgres } from '../scripts/throwaway-postgres.mjs';
import type { Context } from '../src/server/context';

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

/** A token for a demo nation's analyst. */
export async function analystToken(ctx: Context, nation: string): Promise<string> {
  const user = await userRepository(ctx.database.db).findByUsername(demoUsername(nation, 'analyst'));
  if (!user) throw new Error(`no demo analyst for ${nation}`);
  return (await createToken(ctx, systemActor('bench'), user.id, 'bench', 1)).token;
}

/** One load run against a listening node, with what the node itself saw (time in Fastify, its CPU, its event loop). */
async function measuredRun(
  app: Awaited<ReturnType<typeof buildApp>>,
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
  const server = (await startThrowawayPostgres()) as { url: string; stop(): void };
  try {
    const database = await Database.openPostgres(server.url);
    await migrateToLatest(database);
    const config = readConfig({ CONCORD_NATION: 'PAK', CONCORD_DEMO: '0', DATABASE_URL: server.url });
    const node = await ensureNodeIdentity(database, 'PAK', systemClock, randomIds);
    const ctx: Context = { config, database, clock: systemClock, ids: randomIds, logger: pino({ level: 'silent' }), node };
    await loadDemoData(ctx);
    await loadPendingDemoIncidents(ctx);
    const app = await buildApp(ctx);
    const serverTimes: number[] = [];
    app.http.addHook('onResponse', async (_request, reply) => {
      serverTimes.push(reply.elapsedTime);
    });
    await app.http.listen({ host: '127.0.0.1', port: 0 });
    const address = app.http.server.address();
    const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const token = await analystToken(ctx, 'PAK');
    const lines: string[] = [];
    const p99s: number[] = [];
    const rates: number[] = [];
    for (let run = 0; run < runs; run++) {
      const result = await measuredRun(app, baseUrl, token, 300, serverTimes);
      lines.push(`- 300/s, run ${run + 1}: ${result.line}`);
      p99s.push(result.p99);
      rates.push(result.rate);
    }
    // The same writes at a rate that leaves the machine idle: the latency floor of this machine.
    const floor = await measuredRun(app, baseUrl, token, 20, serverTimes);
    lines.push(`- 20/s (floor): ${floor.line}`);
    await app.http.close();
    await database.close();
    return [
      `PostgreSQL 15 (throwaway local cluster, fsync on) with the demo data, ${os.cpus().length} cores shared by the node, ` +
        `the database and the load generator; 32 clients over HTTP keep-alive, 20 s per run.`,
      '',
      ...lines,
      '',
      `Median over the 300/s runs: ${median(rates).toFixed(0)} writes/s, **p99 ${ms(median(p99s))}** (budget 300 writes/s at p99 ≤ 25 ms)`,
    ].join('\n');
  } finally {
    server.stop();
  }
}
