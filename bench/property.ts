/**
 * Throughput of the releasability property test (S1): triples per second through every read path
 * of the router, on PGlite and on a throwaway PostgreSQL.
 */
import { spawnSync } from 'node:child_process';
import { median } from './stats';
// @ts-expect-error — a plain ESM script shared with `npm test`
import { startThrowawayPostgres } from '../scripts/throwaway-postgres.mjs';

function runOnce(project: string, env: Record<string, string>): { triples: number; seconds: number } {
  const result = spawnSync('npx', ['vitest', 'run', '--project', project, 'test/server/releasability.test.ts'], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  const match = /releasability property test: (\d+) triples in ([\d.]+) s/.exec(result.stdout);
  if (!match) throw new Error(`no measurement in output:\n${result.stdout}\n${result.stderr}`);
  return { triples: Number(match[1]), seconds: Number(match[2]) };
}

export async function propertyBenchmark(runs: number): Promise<string> {
  const postgres = (await startThrowawayPostgres()) as { url: string; stop(): void };
  const rows: string[] = ['| database | median triples/s | runs (triples/s) | triples per run |', '|---|---|---|---|'];
  try {
    for (const [name, project] of [
      ['PGlite', 'db-pglite'],
      ['PostgreSQL 15', 'db-postgresql'],
    ] as const) {
      const results = Array.from({ length: runs }, () => runOnce(project, { TEST_DATABASE_URL: postgres.url }));
      const rates = results.map((r) => Math.round(r.triples / r.seconds));
      rows.push(`| ${name} | ${median(rates)} | ${rates.join(', ')} | ${results[0]?.triples} |`);
    }
  } finally {
    postgres.stop();
  }
  return rows.join('\n');
}
