// Builds what a node serves and starts from, each only when missing or older than its sources:
//   dist/web/                  the web app (Vite)
//   dist/server/concord.mjs    the server and CLI as one ESM bundle (esbuild), loaded by bin/concord.mjs
//   dist/pglite-template.tar   an empty, migrated embedded database that first starts unpack
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const say = (line) => console.log(`build: ${line}`);

function newest(...dirs) {
  let latest = 0;
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (!entry.name.endsWith('.test.ts')) latest = Math.max(latest, fs.statSync(full).mtimeMs);
    }
  };
  for (const dir of dirs) walk(path.join(root, dir));
  return latest;
}
const older = (file, than) => !fs.existsSync(path.join(root, file)) || fs.statSync(path.join(root, file)).mtimeMs < than;

export const SERVER_BUNDLE = path.join(root, 'dist/server/concord.mjs');

export async function buildAll({ force = false } = {}) {
  const sourceTime = Math.max(newest('src/server', 'src/shared', 'src/cli'), fs.statSync(path.join(root, 'package-lock.json')).mtimeMs);
  if (
    force ||
    older('dist/web/index.html', Math.max(newest('src/web', 'src/shared'), fs.statSync(path.join(root, 'vite.config.ts')).mtimeMs))
  ) {
    say('web app');
    const result = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) throw new Error('the web build failed');
  }
  if (force || older('dist/server/concord.mjs', sourceTime)) {
    say('server bundle');
    await build({
      entryPoints: [path.join(root, 'src/cli/main.ts')],
      outfile: SERVER_BUNDLE,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      // Packages that load files or native code relative to themselves stay outside the bundle.
      external: [
        '@electric-sql/pglite',
        '@node-rs/argon2',
        'pino',
        'pino-pretty',
        'thread-stream',
        'pg-native',
        'pdfkit',
        'dejavu-fonts-ttf',
      ],
      banner: { js: "import { createRequire as __concordRequire } from 'node:module'; const require = __concordRequire(import.meta.url);" },
      logLevel: 'warning',
      legalComments: 'none',
    });
  }
  if (force || older('dist/pglite-template.tar', newest('src/server/db'))) {
    say('embedded database template');
    const { writePGliteTemplate } = await import(`${pathToFileURL(SERVER_BUNDLE).href}?t=${Date.now()}`);
    await writePGliteTemplate(path.join(root, 'dist/pglite-template.tar'));
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await buildAll({ force: process.argv.includes('--force') });
}
