/**
 * `npm run soak`: the long crash test. A node process under keyed load from many clients —
 * creates, edits, releases, CSV imports, alerts and acknowledgements — killed (SIGKILL) again and
 * again, on the embedded database and on a throwaway PostgreSQL, which is itself killed (kill -9)
 * and started again between the node's kills. Afterwards every write answered 2xx must be there
 * exactly once, the audit chain verify, the change feed have no hole and escalation timers fire
 * (test/kit/crash-load.ts). Prints the figures for bench/RESULTS.md; exits 1 on any problem.
 *
 *   npm run soak -- [--clients 32] [--kills 5] [--writes 200] [--import-rows 100] [--only pglite|postgresql]
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { runCrashLoad } from '../test/kit/crash-load';
import type { CrashLoadReport } from '../test/kit/crash-load';
// @ts-expect-error — a plain ESM script shared with `npm test`
import { startThrowawayPostgres } from './throwaway-postgres.mjs';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '32' },
    kills: { type: 'string', default: '5' },
    writes: { type: 'string', default: '200' },
    'import-rows': { type: 'string', default: '100' },
    only: { type: 'string' },
  },
});
const clients = Number(values.clients);
const kills = Number(values.kills);
const writesBetweenKills = Number(values.writes);
const importRows = Number(values['import-rows']);
const say = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

const reports: (CrashLoadReport & { databaseRestarts: number })[] = [];

if (values.only !== 'postgresql') {
  say(`embedded database: ${clients} clients, ${kills} kills of the node, ${writesBetweenKills} writes between kills`);
  reports.push({ ...(await runCrashLoad({ clients, kills, writesBetweenKills, importRows, say })), databaseRestarts: 0 });
}
if (values.only !== 'pglite') {
  const postgres = (await startThrowawayPostgres()) as { url: string; kill(): void; restart(): Promise<void>; stop(): void };
  let databaseRestarts = 0;
  try {
    say(`PostgreSQL: the same, and PostgreSQL killed (kill -9) and started again before each kill of the node`);
    const report = await runCrashLoad({
      databaseUrl: postgres.url,
      clients,
      kills,
      writesBetweenKills,
      importRows,
      say,
      meanwhile: async () => {
        postgres.kill();
        say('killed PostgreSQL');
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        await postgres.restart();
        databaseRestarts++;
        say('PostgreSQL started again');
      },
    });
    reports.push({ ...report, databaseRestarts });
  } finally {
    postgres.stop();
  }
}

console.log(
  `\n${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}\n`,
);
console.log(
  '| database | clients | writes acknowledged | records | node restarts | database restarts | sends retried | problems (lost, doubled, 500s) | seconds |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of reports) {
  const writes = Object.entries(r.acknowledged)
    .map(([kind, n]) => `${n} ${kind}`)
    .join(', ');
  console.log(
    `| ${r.database} | ${r.clients} | ${writes} | ${r.records} | ${r.restarts} | ${r.databaseRestarts} | ${r.retries} | ${r.problems.length} | ${r.seconds} |`,
  );
}
const problems = reports.flatMap((r) => r.problems.map((p) => `${r.database}: ${p}`));
for (const problem of problems) console.log(`PROBLEM ${problem}`);
process.exit(problems.length === 0 ? 0 : 1);
