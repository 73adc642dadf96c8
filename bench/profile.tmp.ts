import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { DEMO_NATIONS, DEMO_PASSWORD, demoUsername } from '../src/server/domain/demo/demo-data';
const [base, kind, kindsArg, mode] = process.argv.slice(2);
const admin = new pg.Client({ connectionString: base });
await admin.connect();
await admin.query('drop database if exists probe_prof');
await admin.query('create database probe_prof');
await admin.end();
const url = new URL(base!); url.pathname = '/probe_prof';
fs.rmSync('/tmp/prof', { recursive: true, force: true });
const env: Record<string, string> = kind === 'pglite' ? {} : { DATABASE_URL: url.toString() };
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'prof-'));
const child = spawn(process.execPath, ['--cpu-prof', '--cpu-prof-dir=/tmp/prof', 'bin/concord.mjs', 'start', '--port', '0', '--data-dir', dataDir], { env: { ...process.env, HOST: '127.0.0.1', CONCORD_LOG_LEVEL: 'warn', CONCORD_NATION: 'PAK', CONCORD_DEMO: '1', CONCORD_EXPORTS_PER_MINUTE: '1000', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
const output: string[] = [];
child.stdout!.on('data', (c) => output.push(String(c)));
child.stderr!.on('data', (c) => output.push(String(c)));
while (!/demo incidents ready/.test(output.join(''))) await new Promise((r) => setTimeout(r, 200));
const nodeUrl = /serving at (http:\/\/\S+)/.exec(output.join(''))![1]!;
for (let quiet = 0; quiet < 10; ) { const t0 = performance.now(); await fetch(`${nodeUrl}/healthz`); quiet = performance.now() - t0 < 10 ? quiet + 1 : 0; await new Promise((r) => setTimeout(r, 200)); }
console.log('settled');
const accounts = DEMO_NATIONS.flatMap((n) => [demoUsername(n.code, 'viewer'), demoUsername(n.code, 'analyst')]);
const clients: { cookie: string; ids: string[] }[] = [];
for (const username of accounts) {
  const signin = await fetch(`${nodeUrl}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  const cookie = /concord_session=[^;]+/.exec(signin.headers.get('set-cookie') ?? '')![0];
  const list = (await (await fetch(`${nodeUrl}/api/incidents?limit=200`, { headers: { cookie } })).json()) as { items: { id: string }[] };
  clients.push({ cookie, ids: list.items.map((i) => i.id) });
}
if (mode === 'both') {
  const kinds = ['list','detail','map','stats','search'];
  const plan = { clients: Array.from({ length: 50 }, (_, c) => { const cl = clients[c % clients.length]!; return { cookie: cl.cookie, paths: Array.from({ length: 40 }, (_, i) => { const k = kinds[(c + i) % kinds.length]!; const p: Record<string, string> = { list: '/api/incidents?limit=50', detail: `/api/incidents/${cl.ids[(c * 7 + i) % cl.ids.length]}`, map: '/api/incidents/map?zoom=5&bbox=55,20,90,50', stats: '/api/incidents/stats', search: `/api/incidents?limit=50&q=Quetta` }; return { kind: k, path: p[k]! }; }) }; }) };
  fs.writeFileSync('/tmp/plan.json', JSON.stringify(plan));
  await promisify(execFile)(process.execPath, ['bench/reads-load.mjs', 'mix', nodeUrl, '20', '/tmp/plan.json'], { maxBuffer: 1 << 28 });
  console.log('mixed done');
}
if (mode === 'exports' || mode === 'both') {
  fs.writeFileSync('/tmp/plan.json', JSON.stringify({ exports: Array.from({ length: 20 }, (_, i) => ({ cookie: clients[i % 10]!.cookie, path: '/api/incidents/export?format=stix' })), probe: '/healthz', everyMs: 20 }));
  const { stdout } = await promisify(execFile)(process.execPath, ['bench/reads-load.mjs', 'exports', nodeUrl, '/tmp/plan.json'], { maxBuffer: 1 << 28 });
  const r = JSON.parse(stdout); r.probe.sort((a: number, b: number) => a - b);
  console.log('exports', r.exports.map((e: { status: number; ms: number }) => `${e.status}:${e.ms.toFixed(0)}`).join(' '), 'probe', r.probe.map((x: number) => x.toFixed(0)).join(','));
} else {
  const kinds = (kindsArg ?? 'list,detail,map,stats,search').split(',');
  const plan = { clients: Array.from({ length: 50 }, (_, c) => { const cl = clients[c % clients.length]!; return { cookie: cl.cookie, paths: Array.from({ length: 40 }, (_, i) => { const k = kinds[(c + i) % kinds.length]!; const p: Record<string, string> = { list: '/api/incidents?limit=50', detail: `/api/incidents/${cl.ids[(c * 7 + i) % cl.ids.length]}`, map: '/api/incidents/map?zoom=5&bbox=55,20,90,50', stats: '/api/incidents/stats', search: `/api/incidents?limit=50&q=Quetta`, me: '/api/me' }; return { kind: k, path: p[k]! }; }) }; }) };
  fs.writeFileSync('/tmp/plan.json', JSON.stringify(plan));
  const { stdout } = await promisify(execFile)(process.execPath, ['bench/reads-load.mjs', 'mix', nodeUrl, '15', '/tmp/plan.json'], { maxBuffer: 1 << 28 });
  const r = JSON.parse(stdout);
  for (const [k, v] of Object.entries(r.byKind) as [string, number[]][]) { v.sort((a, b) => a - b); console.log(k, v.length, 'p50', v[v.length >> 1]!.toFixed(1)); }
  console.log('total/s', (Object.values(r.byKind).flat().length / r.elapsed).toFixed(0), 'errors', r.errors, r.firstError ?? '');
}
child.kill('SIGTERM'); await new Promise((r) => child.once('exit', r));
fs.rmSync(dataDir, { recursive: true, force: true });
