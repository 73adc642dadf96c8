/**
 * P7: federation. Two node processes (PAK and KAZ) on 127.0.0.1, each with its own database —
 * embedded (`federation`) or on one throwaway PostgreSQL cluster (`federation-pg`) — pinned to each
 * other (the multi-node test harness, without faults). Needs `npm run build` first.
 *
 * - Lag: PAK's analysts write and release incidents for KAZ at 100 records/s for 20 s; a KAZ reader
 *   follows KAZ's own TAXII collection every 50 ms. Lag per record: from PAK's answer to the release
 *   (committed) to the record first appearing on KAZ.
 * - Catch-up: KAZ is stopped; PAK imports and releases 5,000 incidents for KAZ (then 20,000: a
 *   longer partition); KAZ starts again and pulls them. Rate: records applied on KAZ per second from
 *   when it serves to the last one.
 */
import { COLLECTION_ID } from '../src/server/domain/taxii/taxii-service';
import pg from 'pg';
import { Federation } from '../test/e2e/federation-harness';
// @ts-expect-error — a plain ESM script shared with `npm test`
import { startThrowawayPostgres } from '../scripts/throwaway-postgres.mjs';
import type { Nation } from '../test/e2e/federation-harness';
import { median, percentile } from './stats';

const RATE = 100;
const SECONDS = 20;
const BACKLOGS = [5_000, 20_000];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function objectsIn(federation: Federation): Promise<number> {
  const peers = await federation.call('KAZ', 'node-admin', 'GET', '/api/peers');
  return (peers.body.items as { nation: string; health: { objectsIn: number } }[]).find((p) => p.nation === 'PAK')?.health.objectsIn ?? 0;
}

async function measureLag(federation: Federation): Promise<{ lags: number[]; written: number; seconds: number }> {
  const seen = new Map<string, number>();
  let next: string | undefined;
  let following = true;
  const follow = (async () => {
    while (following) {
      const page = await federation.call(
        'KAZ',
        'analyst',
        'GET',
        `/taxii2/api/collections/${COLLECTION_ID}/objects/?limit=1000${next ? `&next=${next}` : ''}`,
      );
      const now = Date.now();
      for (const o of page.body.objects as { id: string }[]) if (!seen.has(o.id)) seen.set(o.id, now);
      if (page.body.next) next = page.body.next;
      if (!page.body.more) await sleep(50);
    }
  })();
  const committed = new Map<string, number>();
  const started = Date.now();
  const writes = new Set<Promise<void>>();
  for (let i = 0; i < RATE * SECONDS; i++) {
    const due = started + (i * 1000) / RATE;
    if (due > Date.now()) await sleep(due - Date.now());
    // At most 16 writes in flight: when the node cannot keep up, the rate achieved is reported.
    while (writes.size >= 16) await Promise.race(writes);
    const write = federation.incident('PAK', `Lag probe ${i}`, ['KAZ']).then((id) => {
      committed.set(`incident--${id}`, Date.now());
    });
    writes.add(write);
    void write.finally(() => writes.delete(write));
  }
  await Promise.all(writes);
  const seconds = (Date.now() - started) / 1000;
  const deadline = Date.now() + 30_000;
  while ([...committed.keys()].some((id) => !seen.has(id)) && Date.now() < deadline) await sleep(100);
  following = false;
  await follow;
  const lags = [...committed].map(([id, at]) => (seen.get(id) ?? Number.NaN) - at);
  return { lags, written: committed.size, seconds };
}

async function measureCatchUp(federation: Federation, backlog: number): Promise<{ records: number; seconds: number }> {
  const baseline = await objectsIn(federation);
  await federation.stop('KAZ');
  const csv = [
    'event_date,time_precision,domain,subtype,title,country,geo_precision',
    ...Array.from({ length: backlog }, (_, i) => `2026-11-01,day,border-incident,illegal-crossing,Backlog ${i},PAK,country`),
  ].join('\n');
  const imported = await federation.call('PAK', 'releasing-officer', 'POST', '/api/incidents/import', {
    csv,
    release: true,
    label: { classification: 'UNCLASSIFIED', relTo: ['KAZ'], caveats: [], tlp: 'GREEN', recipients: { orgs: [], users: [] } },
  });
  if (imported.status !== 200) throw new Error(`import failed: ${JSON.stringify(imported.body)}`);
  // Let PAK publish the backlog before KAZ comes back (publishing is PAK's work, not catch-up).
  await sleep(10_000 + backlog);
  await federation.start('KAZ');
  // From the moment KAZ serves again (its start-up is P8's business).
  const started = Date.now();
  let applied = 0;
  while (Date.now() - started < 300_000) {
    applied = await objectsIn(federation);
    if (applied >= baseline + backlog) break;
    await sleep(100);
  }
  return { records: applied - baseline, seconds: (Date.now() - started) / 1000 };
}

/** Each node on its embedded database (PGlite). */
export const federationBenchmark = (runs: number) => federationOn(runs, () => ({}));

/** Each node on its own database of one throwaway PostgreSQL 15 cluster. */
export async function federationPostgresBenchmark(runs: number): Promise<string> {
  const server = (await startThrowawayPostgres()) as { url: string; stop(): void };
  try {
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    for (const nation of ['pak', 'kaz']) await admin.query(`create database concord_${nation}`);
    await admin.end();
    const urlOf = (nation: string) => {
      const url = new URL(server.url);
      url.pathname = `/concord_${nation.toLowerCase()}`;
      return url.toString();
    };
    return await federationOn(runs, (nation) => ({ DATABASE_URL: urlOf(nation) }));
  } finally {
    server.stop();
  }
}

async function federationOn(runs: number, envOf: (nation: Nation) => Record<string, string>): Promise<string> {
  const federation = await Federation.start(2026_11_28, ['PAK', 'KAZ'], envOf);
  try {
    await federation.peerAll();
    // Signed in once before measuring.
    await federation.incident('PAK', 'Warm-up', ['KAZ']);
    await federation.call('KAZ', 'analyst', 'GET', '/api/session');
    const lagRuns = [];
    for (let run = 0; run < Math.min(runs, 2); run++) lagRuns.push(await measureLag(federation));
    const catchUps = [];
    for (const backlog of BACKLOGS) catchUps.push(await measureCatchUp(federation, backlog));
    const lags = lagRuns.flatMap((r) => r.lags).filter((l) => Number.isFinite(l));
    const missing = lagRuns.reduce((n, r) => n + r.lags.filter((l) => !Number.isFinite(l)).length, 0);
    const ms = (v: number) => `${Math.round(v)} ms`;
    return [
      '| measure | result |',
      '|---|---|',
      ...lagRuns.map(
        (r, i) =>
          `| lag run ${i + 1}: written | ${r.written} records in ${r.seconds.toFixed(1)} s (${(r.written / r.seconds).toFixed(0)}/s) |`,
      ),
      `| lag p50 / p99 / max (${lags.length} records) | ${ms(median(lags))} / ${ms(percentile(lags, 99))} / ${ms(Math.max(...lags))} |`,
      `| records never seen on KAZ within 30 s | ${missing} |`,
      ...catchUps.map(
        (c) =>
          `| catch-up after a partition | ${c.records} records in ${c.seconds.toFixed(1)} s from KAZ's start = ${(c.records / c.seconds).toFixed(0)} records/s |`,
      ),
    ].join('\n');
  } finally {
    await federation.close();
  }
}
