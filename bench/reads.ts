/**
 * P11: mixed reads. A node process with the demo data (2,500 incidents; embedded database, then a
 * throwaway PostgreSQL 15) and 50 clients over HTTP keep-alive in two load processes of their own
 * (bench/reads-load.mjs), each client asking in turn for a list page, an incident, map clusters,
 * the dashboard counts and a full-text search, as one of twelve demo accounts of six nations
 * (viewers and analysts). Every list page and incident read writes its disclosure to the audit
 * chain. For comparison the same clients then ask only `/api/me`, which writes nothing.
 *
 * Then exports: 20 STIX bundle exports started at once — by one viewer, and by ten people two each
 * — while a probe asks `/healthz` every 20 ms; the probe's latencies, each export's status, and the
 * node's event-loop delay (its /metrics, reset at each scrape) over the exports. The node allows
 * 1,000 exports a minute per person here, so runs one after another are not refused for the rate;
 * the limit of two at once per person stays as configured by default.
 *
 * Measuring starts once the node is idle (the demo incidents loaded, published to its TAXII
 * collection and analyzed): ten health checks in a row answered within 10 ms.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { DEMO_NATIONS, DEMO_PASSWORD, demoUsername } from '../src/server/domain/demo/demo-data';
import { startNodeProcess } from '../test/e2e/node-process';
// @ts-expect-error — a plain ESM script shared with `npm test`
import { startThrowawayPostgres } from '../scripts/throwaway-postgres.mjs';
import type { NodeProcess } from '../test/e2e/node-process';
import { median, percentile } from './stats';

const LOAD_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'reads-load.mjs');
const CLIENTS = 50;
const PROCESSES = 2;
const SECONDS = 20;
const KINDS = ['list', 'detail', 'map', 'stats', 'search'] as const;
const SEARCHES = ['Peshawar', 'Quetta', 'militants', 'convoy', 'Kabul', 'device', 'Karachi', 'border'];
const ms = (value: number) => `${value.toFixed(1)} ms`;
const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

interface MixResult {
  byKind: Record<string, number[]>;
  statuses: Record<string, number>;
  errors: number;
  firstError?: string;
  elapsed: number;
}
interface ExportResult {
  exports: { status: number; ms: number; bytes: number; retryAfter: string | null }[];
  probe: number[];
  elapsed: number;
}
interface Client {
  cookie: string;
  paths: { kind: string; path: string }[];
}

async function loadProcess<T>(args: string[], plan: object): Promise<T> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'concord-reads-')), 'plan.json');
  fs.writeFileSync(file, JSON.stringify(plan));
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [LOAD_SCRIPT, ...args, file], { maxBuffer: 256 * 1024 * 1024 });
    return JSON.parse(stdout) as T;
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

/** The clients split over the load processes, all running at once; their results joined. */
async function mix(baseUrl: string, clients: Client[], seconds: number): Promise<MixResult> {
  const parts = await Promise.all(
    Array.from({ length: PROCESSES }, (_, p) =>
      loadProcess<MixResult>(['mix', baseUrl, String(seconds)], { clients: clients.filter((_, i) => i % PROCESSES === p) }),
    ),
  );
  const joined: MixResult = { byKind: {}, statuses: {}, errors: 0, elapsed: Math.max(...parts.map((p) => p.elapsed)) };
  for (const part of parts) {
    for (const [kind, latencies] of Object.entries(part.byKind)) (joined.byKind[kind] ??= []).push(...latencies);
    for (const [status, n] of Object.entries(part.statuses)) joined.statuses[status] = (joined.statuses[status] ?? 0) + n;
    joined.errors += part.errors;
    joined.firstError ??= part.firstError;
  }
  return joined;
}

function describeMix(result: MixResult): { line: string; rate: number; p99: number } {
  const all = Object.values(result.byKind).flat();
  const rate = all.length / result.elapsed;
  const kinds = Object.entries(result.byKind)
    .map(([kind, latencies]) => `${kind} p99 ${ms(percentile(latencies, 99))}`)
    .join(', ');
  return {
    line:
      `${all.length} requests in ${result.elapsed.toFixed(1)} s = **${rate.toFixed(0)}/s**, ${result.errors} errors` +
      `${result.firstError ? ` (first: ${result.firstError})` : ''}; p50 ${ms(median(all))}, p95 ${ms(percentile(all, 95))}, ` +
      `**p99 ${ms(percentile(all, 99))}**${kinds ? ` (${kinds})` : ''}`,
    rate,
    p99: percentile(all, 99),
  };
}

async function signIn(baseUrl: string, username: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  const cookie = /concord_session=[^;]+/.exec(response.headers.get('set-cookie') ?? '')?.[0];
  if (response.status !== 200 || !cookie) throw new Error(`sign-in of ${username} failed: ${response.status} ${await response.text()}`);
  return cookie;
}

async function getJson(baseUrl: string, cookie: string, url: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${baseUrl}${url}`, { headers: { cookie } });
  if (response.status !== 200) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

/** The node's event-loop delay since the previous scrape of its /metrics (prom-client resets it at each). */
async function eventLoopDelay(baseUrl: string): Promise<{ p99: number; max: number } | null> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const value = (name: string) => Number(new RegExp(`^concord_nodejs_eventloop_lag_${name}_seconds\\s+(\\S+)$`, 'm').exec(text)?.[1]);
  const [p99, max] = [value('p99'), value('max')];
  return Number.isFinite(p99) && Number.isFinite(max) ? { p99: p99 * 1000, max: max * 1000 } : null;
}

async function waitUntilSettled(node: NodeProcess): Promise<void> {
  const deadline = Date.now() + 600_000;
  while (!node.output.join('').includes('demo incidents ready')) {
    if (Date.now() > deadline) throw new Error(`the demo incidents did not load:\n${node.output.join('')}`);
    await sleep(500);
  }
  for (let quiet = 0; quiet < 10; await sleep(200)) {
    if (Date.now() > deadline) throw new Error('the node did not settle');
    const started = performance.now();
    await fetch(`${node.url}/healthz`);
    quiet = performance.now() - started < 10 ? quiet + 1 : 0;
  }
}

/** The CPU time the node process has used, in ms (Linux /proc, 100 clock ticks a second; null elsewhere). */
function cpuOf(pid: number): number | null {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

async function exportsRun(baseUrl: string, cookies: string[]): Promise<string> {
  await eventLoopDelay(baseUrl);
  const result = await loadProcess<ExportResult>(['exports', baseUrl], {
    exports: Array.from({ length: 20 }, (_, i) => ({ cookie: cookies[i % cookies.length], path: '/api/incidents/export?format=stix' })),
    probe: '/healthz',
    everyMs: 20,
  });
  const loop = await eventLoopDelay(baseUrl);
  const byStatus = new Map<number, ExportResult['exports']>();
  for (const e of result.exports) byStatus.set(e.status, [...(byStatus.get(e.status) ?? []), e]);
  const statuses = [...byStatus]
    .map(
      ([status, list]) =>
        `${list.length}× ${status} (median ${ms(median(list.map((e) => e.ms)))}, ${(median(list.map((e) => e.bytes)) / 1024).toFixed(0)} KiB` +
        `${list[0]?.retryAfter ? `, Retry-After ${list[0].retryAfter} s` : ''})`,
    )
    .join(', ');
  return (
    `exports ${statuses}, all ended after ${result.elapsed.toFixed(1)} s; /healthz every 20 ms: ${result.probe.length} probes, ` +
    `p50 ${ms(median(result.probe))}, **p99 ${ms(percentile(result.probe, 99))}**, max ${ms(Math.max(...result.probe))}` +
    (loop ? `; node event-loop delay p99 ${ms(loop.p99)}, max ${ms(loop.max)}` : '')
  );
}

async function measureNode(runs: number, env: Record<string, string>, database: string): Promise<string> {
  const node = await startNodeProcess({ CONCORD_NATION: 'PAK', CONCORD_DEMO: '1', CONCORD_EXPORTS_PER_MINUTE: '1000', ...env });
  try {
    await waitUntilSettled(node);
    const baseUrl = node.url;
    const accounts = DEMO_NATIONS.flatMap((n) => [demoUsername(n.code, 'viewer'), demoUsername(n.code, 'analyst')]);
    const cookies = new Map<string, string>();
    for (const username of accounts) cookies.set(username, await signIn(baseUrl, username));
    const readable = new Map<string, string[]>();
    for (const [username, cookie] of cookies) {
      const page = await getJson(baseUrl, cookie, '/api/incidents?limit=200');
      readable.set(
        username,
        (page.items as { id: string }[]).map((i) => i.id),
      );
    }
    const total = (await getJson(baseUrl, cookies.get(accounts[0]!)!, '/api/incidents/stats')).total;
    const clients: Client[] = Array.from({ length: CLIENTS }, (_, c) => {
      const username = accounts[c % accounts.length]!;
      const ids = readable.get(username)!;
      const paths = Array.from({ length: 40 }, (_, i) => {
        const kind = KINDS[(c + i) % KINDS.length]!;
        const pathOf: Record<(typeof KINDS)[number], () => string> = {
          list: () => `/api/incidents?limit=50`,
          detail: () => `/api/incidents/${ids[(c * 7 + i) % ids.length]}`,
          map: () => `/api/incidents/map?zoom=5&bbox=55,20,90,50`,
          stats: () => `/api/incidents/stats`,
          search: () => `/api/incidents?limit=50&q=${SEARCHES[(c + i) % SEARCHES.length]}`,
        };
        return { kind, path: pathOf[kind]() };
      });
      return { cookie: cookies.get(username)!, paths };
    });
    const onlyMe = clients.map((c) => ({ cookie: c.cookie, paths: [{ kind: 'me', path: '/api/me' }] }));

    await mix(baseUrl, clients, 5); // warm-up, not counted
    const lines: string[] = [];
    const rates: number[] = [];
    const p99s: number[] = [];
    for (let run = 0; run < runs; run++) {
      const cpu = cpuOf(node.pid);
      const measured = await mix(baseUrl, clients, SECONDS);
      const used = cpu === null ? null : cpuOf(node.pid)! - cpu;
      const result = describeMix(measured);
      const requests = Object.values(measured.byKind).flat().length;
      lines.push(
        `- mixed reads, run ${run + 1}: ${result.line}${used === null ? '' : `; node CPU ${(used / requests).toFixed(2)} ms per read (${((used / 1000 / measured.elapsed) * 100).toFixed(0)} % of a core)`}`,
      );
      rates.push(result.rate);
      p99s.push(result.p99);
    }
    const me = describeMix(await mix(baseUrl, onlyMe, 10));
    lines.push(`- \`/api/me\` only (no audit), 10 s: ${me.line}`);
    const viewer = [cookies.get(demoUsername('KAZ', 'viewer'))!];
    const tenPeople = accounts.slice(0, 10).map((a) => cookies.get(a)!);
    for (let run = 0; run < Math.min(runs, 3); run++)
      lines.push(`- 20 exports by one viewer, run ${run + 1}: ${await exportsRun(baseUrl, viewer)}`);
    for (let run = 0; run < Math.min(runs, 3); run++)
      lines.push(`- 20 exports by ten people, run ${run + 1}: ${await exportsRun(baseUrl, tenPeople)}`);
    return [
      `**${database}**, ${String(total)} incidents readable by ${accounts[0]} (2,500 in all); ${CLIENTS} clients in ${PROCESSES} load processes, ${SECONDS} s per run:`,
      '',
      ...lines,
      '',
      `Median over the mixed runs: **${median(rates).toFixed(0)} reads/s, p99 ${ms(median(p99s))}**`,
    ].join('\n');
  } finally {
    await node.stop();
    fs.rmSync(node.dataDir, { recursive: true, force: true });
  }
}

export async function readsBenchmark(runs: number): Promise<string> {
  const embedded = await measureNode(runs, {}, 'PGlite (embedded)');
  const server = (await startThrowawayPostgres()) as { url: string; stop(): void };
  let postgres: string;
  try {
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query('create database concord_reads');
    await admin.end();
    const url = new URL(server.url);
    url.pathname = '/concord_reads';
    postgres = await measureNode(runs, { DATABASE_URL: url.toString() }, 'PostgreSQL 15 (throwaway local cluster, fsync on)');
  } finally {
    server.stop();
  }
  return [
    `One node process, its database and the load processes on the same ${os.cpus().length} cores.`,
    '',
    embedded,
    '',
    postgres,
    '',
    'Budget (P11): ≥ 600 reads/s with p99 ≤ 250 ms on PostgreSQL, ≥ 150/s on PGlite; `/healthz` p99 ≤ 50 ms during 20 concurrent exports.',
  ].join('\n');
}
