// `npm test`: every test — unit, database (PGlite and a throwaway PostgreSQL) and browser.
// Provides what the tests need (PostgreSQL, Chromium, the built web app) or says what to install.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { buildAll } from './build.mjs';
import { ensureChromium } from './ensure-chromium.mjs';
import { startThrowawayPostgres } from './throwaway-postgres.mjs';

const say = (line) => console.log(`test: ${line}`);
const extra = process.argv.slice(2);
const REPORT = '.tmp/vitest-report.json';

function run(cmd, args, env = {}) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

let postgres;
let status = 0;
try {
  say('type-checking');
  if (run('npx', ['tsc', '-p', '.']) !== 0) throw new Error('type errors (see above)');
  say('linting and checking the format');
  if (run('npx', ['eslint', '.']) !== 0) throw new Error('lint errors (see above)');
  if (run('npx', ['prettier', '--check', '--log-level', 'warn', '.']) !== 0)
    throw new Error('unformatted files (see above): run `npm run format`');
  const chromium = ensureChromium();
  say(`Chromium: ${chromium}`);
  say('building the web app, the server bundle and the database template (when stale)');
  await buildAll();
  say('starting a throwaway PostgreSQL');
  postgres = await startThrowawayPostgres();
  say(`PostgreSQL at ${postgres.url}`);
  fs.rmSync(REPORT, { force: true });
  status = run(
    'npx',
    ['vitest', 'run', '--maxWorkers=2', '--reporter=default', '--reporter=json', `--outputFile.json=${REPORT}`, ...extra],
    {
      TEST_DATABASE_URL: postgres.url,
      CONCORD_CHROMIUM: chromium,
    },
  );
} catch (error) {
  console.error(`test: ${error.message}`);
  status = 1;
} finally {
  if (postgres) {
    try {
      postgres.stop();
    } catch (error) {
      console.error(`test: could not stop PostgreSQL: ${error.message}`);
    }
  }
}
// One plain closing line with the counts, for people and for CI.
try {
  const report = JSON.parse(fs.readFileSync(REPORT, 'utf8'));
  console.log(`tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
} catch {
  console.log('tests: 0 passed, 1 failed');
  if (status === 0) status = 1;
}
process.exit(status);
