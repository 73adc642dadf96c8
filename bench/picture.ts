/**
 * P2, P3 and P4 on PostgreSQL with 1,000,000 incidents:
 * - P3: list queries (filters + sort + releasability, page of 50) through the HTTP app;
 * - P4: map aggregates (clusters for a viewport) and the timeline (counts per bucket and domain)
 *   through the HTTP app;
 * - P2: single writes (create incident) over real HTTP from 32 concurrent clients at 300 writes/s.
 *
 * The million rows: the seeded demo generator writes 2,500 incidents with varied labels, then SQL
 * copies them 400 times with fresh ids and shifted time and place, so the label mix stays the
 * demo's (several nations, communities, caveats, TLP levels, drafts).
 */
import os from 'node:os';
import { sql } from 'kysely';
import { demoUsername, loadPendingDemoIncidents } from '../src/server/domain/demo/demo-data';
import { listeningApp, tokenFor, withBenchPostgres } from './bench-node';
import { median, percentile } from './stats';
import { describeWrites, runWriteLoad } from './write';
import type { App } from '../src/server/app';
import type { Context } from '../src/server/context';

const COPIES = 400;
const READERS = ['PAK', 'KAZ', 'TJK'] as const;

const ms = (value: number) => `${value.toFixed(1)} ms`;

async function fillMillion(ctx: Context): Promise<number> {
  await loadPendingDemoIncidents(ctx);
  const columns = await sql<{ column_name: string }>`
    select column_name from information_schema.columns
    where table_name = 'incidents' and column_name not in ('id', 'search', 'occurred_at', 'lat', 'lon') and is_generated = 'NEVER'
  `.execute(ctx.database.db);
  const list = columns.rows.map((c) => sql.ref(c.column_name));
  await sql`create table bench_base as select * from incidents`.execute(ctx.database.db);
  for (let copy = 1; copy < COPIES; copy += 20) {
    await sql`
      insert into incidents (id, occurred_at, lat, lon, ${sql.join(list)})
      select gen_random_uuid()::text,
             occurred_at - make_interval(hours => g * 7),
             case when lat is null then null else least(89, lat + ((g % 13) - 6) * 0.03) end,
             case when lon is null then null else lon + ((g % 11) - 5) * 0.03 end,
             ${sql.join(list)}
      from bench_base, generate_series(${sql.lit(copy)}, ${sql.lit(Math.min(copy + 19, COPIES - 1))}) g
    `.execute(ctx.database.db);
  }
  await sql`drop table bench_base`.execute(ctx.database.db);
  await sql`analyze incidents`.execute(ctx.database.db);
  const total = await sql<{ n: string }>`select count(*) as n from incidents`.execute(ctx.database.db);
  return Number(total.rows[0]?.n);
}

async function timeRequests(app: App, token: string, urls: string[], rounds: number): Promise<Map<string, number[]>> {
  const times = new Map<string, number[]>(urls.map((u) => [u, []]));
  for (let round = -2; round < rounds; round++) {
    for (const url of urls) {
      const started = performance.now();
      const response = await app.http.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
      const elapsed = performance.now() - started;
      if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${response.body.slice(0, 200)}`);
      if (round >= 0) times.get(url)?.push(elapsed);
    }
  }
  return times;
}

const LIST_QUERIES = [
  '/api/incidents?limit=50',
  '/api/incidents?limit=50&domain=narcotics',
  '/api/incidents?limit=50&nation=UZB',
  '/api/incidents?limit=50&q=border',
  '/api/incidents?limit=50&from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z',
  '/api/incidents?limit=50&bbox=66,36,72,41',
  '/api/incidents?limit=50&domain=cyber&bbox=60,30,80,45',
];
const MAP_QUERIES = [
  '/api/incidents/map?zoom=4&bbox=55,20,90,55',
  '/api/incidents/map?zoom=6&bbox=62,32,76,42',
  '/api/incidents/map?zoom=8&bbox=68,36,72,39',
  '/api/incidents/map?zoom=5&bbox=55,20,90,55&domain=narcotics',
];

const TIMELINE_QUERIES = [
  '/api/incidents/timeline',
  '/api/incidents/timeline?domain=narcotics',
  '/api/incidents/timeline?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z',
  '/api/incidents/timeline?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z',
];

export async function pictureBenchmark(runs: number): Promise<string> {
  return withBenchPostgres(
    async (ctx) => {
      const fillStarted = performance.now();
      const total = await fillMillion(ctx);
      const fillSeconds = (performance.now() - fillStarted) / 1000;
      const { app, baseUrl } = await listeningApp(ctx);
      const tokens = Object.fromEntries(
        await Promise.all(READERS.map(async (n) => [n, await tokenFor(ctx, demoUsername(n, 'analyst'))] as const)),
      );

      const rounds = Math.max(10, runs * 10);
      const section = async (urls: string[]) => {
        const all: number[] = [];
        const rows: string[] = [];
        for (const nation of READERS) {
          const times = await timeRequests(app, tokens[nation] as string, urls, rounds);
          for (const [url, values] of times) {
            all.push(...values);
            rows.push(
              `| ${nation} analyst | \`${url.replace('/api/incidents', '')}\` | ${ms(median(values))} | ${ms(percentile(values, 95))} |`,
            );
          }
        }
        return { all, rows };
      };
      const list = await section(LIST_QUERIES);
      const map = await section(MAP_QUERIES);
      const timeline = await section(TIMELINE_QUERIES);

      const writes = await runWriteLoad(baseUrl, tokens.PAK as string, 32, 300, 20);
      await app.http.close();

      return [
        `PostgreSQL 15 (throwaway local cluster, fsync on), ${total.toLocaleString('en')} incidents (filled in ${fillSeconds.toFixed(0)} s), ` +
          `${os.cpus().length} cores; the benchmark and the database share the machine. Reads through \`fastify.inject\` ` +
          `(${rounds} rounds per query and reader after 2 warm-up rounds); writes over HTTP on 127.0.0.1.`,
        '',
        `**P3 list** (page of 50, newest first, releasability in the query): p50 ${ms(median(list.all))}, **p95 ${ms(percentile(list.all, 95))}** (budget ≤ 50 ms)`,
        '',
        '| reader | query | p50 | p95 |',
        '|---|---|---|---|',
        ...list.rows,
        '',
        `**P4 map** (clusters for a viewport): p50 ${ms(median(map.all))}, **p95 ${ms(percentile(map.all, 95))}** (budget ≤ 150 ms)`,
        '',
        '| reader | query | p50 | p95 |',
        '|---|---|---|---|',
        ...map.rows,
        '',
        `**P4 timeline** (counts per day, week or month and domain; the incidents when at most 300 match): p50 ${ms(median(timeline.all))}, **p95 ${ms(percentile(timeline.all, 95))}** (measured against the map's budget, ≤ 150 ms)`,
        '',
        '| reader | query | p50 | p95 |',
        '|---|---|---|---|',
        ...timeline.rows,
        '',
        `**P2 single write** (create incident with version, change record and audit entry; 32 clients in their own process, target 300 writes/s for 20 s): ` +
          `${describeWrites(writes)} (budget ≤ 25 ms)`,
      ].join('\n');
    },
    { max: 16 },
  );
}
