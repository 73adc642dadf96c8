/**
 * P5: TAXII 2.1 `GET …/objects/` in pages of 1,000 with per-object releasability, 1,000,000 objects
 * stored. The demo incidents are published by the real publisher; their rows are then copied (new
 * ids, same objects and labels) up to a million. Readers of three nations, each a process of its own,
 * page from the start over HTTP, alone and then together; the figure is objects received per
 * second, page parsing included.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { loadPendingDemoIncidents, demoUsername } from '../src/server/domain/demo/demo-data';
import { publishDue } from '../src/server/domain/taxii/publisher';
import { COLLECTION_ID } from '../src/server/domain/taxii/taxii-service';
import { listeningApp, tokenFor, withBenchPostgres } from './bench-node';
import { median } from './stats';
import type { Context } from '../src/server/context';

const TARGET = 1_000_000;
const PAGES = 100;
const READERS = ['PAK', 'KAZ', 'TJK'] as const;
const READER_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'taxii-reader.mjs');
const run = promisify(execFile);

async function fillObjects(ctx: Context): Promise<{ total: number; published: number; publishSeconds: number }> {
  await loadPendingDemoIncidents(ctx);
  const started = performance.now();
  while ((await publishDue(ctx)) > 0);
  const publishSeconds = (performance.now() - started) / 1000;
  const published = Number(
    (await sql<{ n: string }>`select count(*) as n from stix_objects where not reference`.execute(ctx.database.db)).rows[0]?.n,
  );
  if (published === 0) throw new Error('the publisher published none of the demo incidents');
  const copies = Math.ceil(TARGET / published) - 1;
  // Copies of the records' rows share their labels, so the references published for them serve the copies too.
  await sql`create table bench_base as select * from stix_objects where not reference`.execute(ctx.database.db);
  for (let copy = 1; copy <= copies; copy += 20) {
    await sql`
      insert into stix_objects (stix_id, stix_type, modified, version, record_kind, record_id, date_added, object,
        originator_nation, originator_org, classification, classification_rank, rel_to, caveats, tlp,
        recipient_orgs, recipient_users, state, label_version, origin_node, stripped)
      select x.type || '--' || x.nid, stix_type, modified, version, record_kind, x.nid, date_added,
             jsonb_set(object::jsonb, '{id}', to_jsonb(x.type || '--' || x.nid))::json,
             originator_nation, originator_org, classification, classification_rank, rel_to, caveats, tlp,
             recipient_orgs, recipient_users, state, label_version, origin_node,
             case when stripped is null then null else jsonb_set(stripped::jsonb, '{id}', to_jsonb(x.type || '--' || x.nid))::json end
      from (select b.*, split_part(b.stix_id, '--', 1) as type, gen_random_uuid()::text as nid
            from bench_base b, generate_series(${sql.lit(copy)}, ${sql.lit(Math.min(copy + 19, copies))}) g) x
    `.execute(ctx.database.db);
  }
  await sql`drop table bench_base`.execute(ctx.database.db);
  await sql`analyze stix_objects`.execute(ctx.database.db);
  const total = Number((await sql<{ n: string }>`select count(*) as n from stix_objects`.execute(ctx.database.db)).rows[0]?.n);
  return { total, published, publishSeconds };
}

/** Runs one reader process (bench/taxii-reader.mjs): `PAGES` pages from the start; objects received and wall time. */
async function readInProcess(objectsUrl: string, token: string): Promise<{ objects: number; ms: number }> {
  const { stdout } = await run(process.execPath, [READER_SCRIPT, objectsUrl, token, String(PAGES)]);
  return JSON.parse(stdout) as { objects: number; ms: number };
}

export async function taxiiBenchmark(runs: number): Promise<string> {
  return withBenchPostgres(async (ctx) => {
    const filled = await fillObjects(ctx);
    const { app, baseUrl } = await listeningApp(ctx);
    const objectsUrl = `${baseUrl}/taxii2/api/collections/${COLLECTION_ID}/objects/`;
    const times = Math.max(1, Math.min(runs, 3));
    try {
      const tokens = await Promise.all(READERS.map((nation) => tokenFor(ctx, demoUsername(nation, 'analyst'))));
      const lines: string[] = [];
      for (const [index, nation] of READERS.entries()) {
        const rates: number[] = [];
        let objects = 0;
        for (let run = 0; run < times; run++) {
          const read = await readInProcess(objectsUrl, tokens[index]!);
          rates.push(read.objects / (read.ms / 1000));
          objects = read.objects;
        }
        lines.push(
          `| ${nation} analyst alone | ${objects.toLocaleString('en')} | ${Math.round(median(rates)).toLocaleString('en')} objects/s |`,
        );
      }
      // The three at once: what the node serves when more than one reader asks (the budget is the server's rate).
      const together: number[] = [];
      let objects = 0;
      for (let run = 0; run < times; run++) {
        // Timed from outside, the readers' start included: a conservative figure.
        const started = performance.now();
        const reads = await Promise.all(tokens.map((token) => readInProcess(objectsUrl, token)));
        objects = reads.reduce((sum, r) => sum + r.objects, 0);
        together.push(objects / ((performance.now() - started) / 1000));
      }
      lines.push(
        `| the three together | ${objects.toLocaleString('en')} | ${Math.round(median(together)).toLocaleString('en')} objects/s |`,
      );
      return [
        `PostgreSQL 15 (throwaway local cluster), ${filled.total.toLocaleString('en')} objects stored (${filled.published.toLocaleString('en')} published by the publisher in ${filled.publishSeconds.toFixed(1)} s: the demo incidents with their locations and relationships, besides the markings and identities they name; the rest copies with new ids of the same types and the same labels). Each reader is a process of its own (bench/taxii-reader.mjs) paging ${PAGES} pages of 1,000 from the start over HTTP on 127.0.0.1 and parsing each; alone, then the three at once; median of ${times} runs.`,
        '',
        '| reader | objects received | rate (budget ≥ 50,000 objects/s) |',
        '| --- | --- | --- |',
        ...lines,
      ].join('\n');
    } finally {
      await app.http.close();
    }
  });
}
