/**
 * P1: bulk import rate — CSV rows parsed, checked, labelled and written with versions, change
 * records and audit entries, in one transaction — on PGlite (on disk) and on PostgreSQL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Database } from '../src/server/db/database';
import { importIncidents } from '../src/server/domain/incidents/incident-import';
import { actorFor, benchContext } from './bench-node';
import { median } from './stats';
// @ts-expect-error — a plain ESM script shared with `npm test`
import { startThrowawayPostgres } from '../scripts/throwaway-postgres.mjs';

const ROWS = 20_000;

export function makeCsv(rows: number): string {
  const lines = [
    'event_date,time_precision,domain,subtype,title,notes,country,admin1,location,latitude,longitude,geo_precision,killed,wounded',
  ];
  for (let i = 0; i < rows; i++) {
    lines.push(
      `2026-0${(i % 9) + 1}-1${i % 10},day,narcotics,seizure,Seizure ${i},Opiates found in a truck,UZB,Surxondaryo,Termez,37.${i % 1000},67.${i % 997},near,0,unknown`,
    );
  }
  return lines.join('\n');
}

export async function measureImport(database: Database, csv: string): Promise<number> {
  const ctx = await benchContext(database, 'UZB');
  const actor = await actorFor(ctx, 'uzb.analyst');
  const started = performance.now();
  const report = await importIncidents(ctx, actor, {
    csv,
    label: { classification: 'RESTRICTED', relTo: ['KAZ'], caveats: [], tlp: 'GREEN', recipients: { orgs: [], users: [] } },
    release: false,
    dryRun: false,
  });
  return report.imported / ((performance.now() - started) / 1000);
}

export async function importBenchmark(runs: number): Promise<string> {
  const csv = makeCsv(ROWS);
  const pglite: number[] = [];
  const postgres: number[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-bench-import-'));
    const database = await Database.openPGlite(path.join(dir, 'pglite'));
    pglite.push(await measureImport(database, csv));
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const server = (await startThrowawayPostgres()) as { url: string; stop(): void };
  try {
    for (let i = 0; i < runs; i++) {
      const { default: pg } = await import('pg');
      const admin = new pg.Client({ connectionString: server.url });
      await admin.connect();
      await admin.query(`create database bench_${i}`);
      await admin.end();
      const url = new URL(server.url);
      url.pathname = `/bench_${i}`;
      const database = await Database.openPostgres(url.toString(), { max: 2 });
      postgres.push(await measureImport(database, csv));
      await database.close();
    }
  } finally {
    server.stop();
  }
  const fmt = (values: number[]) => values.map((v) => Math.round(v)).join(', ');
  return [
    `${ROWS.toLocaleString('en')} CSV rows per run, imported as drafts (labels validated, versions, change records and audit written).`,
    '',
    '| database | median rows/s | runs (rows/s) | budget |',
    '|---|---|---|---|',
    `| PGlite (on disk) | ${Math.round(median(pglite))} | ${fmt(pglite)} | ≥ 5,000 |`,
    `| PostgreSQL 15 (local, fsync on) | ${Math.round(median(postgres))} | ${fmt(postgres)} | ≥ 20,000 |`,
  ].join('\n');
}
