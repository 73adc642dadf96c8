// `npm start`: builds the web app when it is missing or older than its sources, then runs
// `concord start` with the environment's configuration.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

const index = 'dist/web/index.html';
const stale = !fs.existsSync(index) || Math.max(newestMtime('src/web'), newestMtime('src/shared')) > fs.statSync(index).mtimeMs;
if (stale) {
  console.log('concord: building the web app (once; takes a few seconds)');
  const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const node = spawnSync(process.execPath, ['bin/concord.mjs', 'start', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(node.status ?? 1);
