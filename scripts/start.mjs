// `npm start`: builds what is missing or stale (web app, server bundle, database template), then
// runs `concord start` with the environment's configuration. The build runs in a process of its
// own, so this wrapper holds none of its memory (esbuild, the embedded database it migrates) while
// the node runs.
import { spawnSync } from 'node:child_process';

const built = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);
const node = spawnSync(process.execPath, ['bin/concord.mjs', 'start', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(node.status ?? 1);
