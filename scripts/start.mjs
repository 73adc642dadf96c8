// `npm start`: builds what is missing or stale (web app, server bundle, database template), then
// runs `concord start` with the environment's configuration.
import { spawnSync } from 'node:child_process';
import { buildAll } from './build.mjs';

await buildAll();
const node = spawnSync(process.execPath, ['bin/concord.mjs', 'start', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(node.status ?? 1);
