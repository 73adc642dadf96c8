/**
 * `npm run bench -- <name>`: runs one benchmark and prints its raw numbers and medians as a
 * Markdown block for bench/RESULTS.md. Machines are noisy: each figure is a median of runs.
 */
import os from 'node:os';
import { startupBenchmark } from './startup';
import { importBenchmark } from './import';
import { propertyBenchmark } from './property';
import { webSizeBenchmark } from './web-size';
import { pictureBenchmark } from './picture';
import { writeBenchmark } from './write';
import { liveBenchmark } from './live';
import { taxiiBenchmark } from './taxii';
import { federationBenchmark, federationPostgresBenchmark } from './federation';
import { readsBenchmark } from './reads';
import { statementsBenchmark } from './statements';
import { trainingBenchmark } from './training';

const BENCHMARKS: Record<string, (runs: number) => Promise<string>> = {
  startup: startupBenchmark,
  property: propertyBenchmark,
  import: importBenchmark,
  'web-size': webSizeBenchmark,
  picture: pictureBenchmark,
  write: writeBenchmark,
  live: liveBenchmark,
  taxii: taxiiBenchmark,
  federation: federationBenchmark,
  'federation-pg': federationPostgresBenchmark,
  reads: readsBenchmark,
  statements: statementsBenchmark,
  training: trainingBenchmark,
};

const [name, runsArg] = process.argv.slice(2);
const bench = name ? BENCHMARKS[name] : undefined;
if (!bench) {
  console.error(`usage: npm run bench -- <${Object.keys(BENCHMARKS).join('|')}> [runs]`);
  process.exit(2);
}
const runs = runsArg ? Number(runsArg) : 5;
const header = `### ${name} — ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const body = await bench(runs);
console.log(`\n${header}\n\n${body}`);
