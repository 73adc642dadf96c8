// `npm test`: every test — unit, database (PGlite and a throwaway PostgreSQL) and browser.
// Provides what the tests need (PostgreSQL, Chromium, the built web app) or says what to install.
import { spawnSync } from 'node:child_process';
import { ensureChromium } from './ensure-chromium.mjs';
import { startThrowawayPostgres } from './throwaway-postgres.mjs';

const say = (line) => console.log(`test: ${line}`);
const extra = process.argv.slice(2);

function run(cmd, args, env = {}) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

let postgres;
let status = 0;
try {
  const chromium = ensureChromium();
  say(`Chromium: ${chromium}`);
  say('building the web app');
  if (run('npx', ['vite', 'build', '--logLevel', 'warn']) !== 0) throw new Error('the web build failed');
  say('starting a throwaway PostgreSQL');
  postgres = await startThrowawayPostgres();
  say(`PostgreSQL at ${postgres.url}`);
  status = run('npx', ['vitest', 'run', '--maxWorkers=2', ...extra], {
    TEST_DATABASE_URL: postgres.url,
    CONCORD_CHROMIUM: chromium,
  });
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
process.exit(status);
