#!/usr/bin/env node
// The `concord` command. Runs the prebuilt bundle (dist/server/concord.mjs, made by
// `npm start`, `npm test` or `npm run build`) when it is newer than the sources, and the
// TypeScript sources through tsx otherwise — so it is never stale, only slower.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundle = path.join(root, 'dist/server/concord.mjs');

function newestSource(dir) {
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newestSource(full) : fs.statSync(full).mtimeMs);
  }
  return latest;
}

function bundleIsFresh() {
  if (!fs.existsSync(bundle)) return false;
  const built = fs.statSync(bundle).mtimeMs;
  return ['src/server', 'src/shared', 'src/cli'].every((dir) => newestSource(path.join(root, dir)) <= built);
}

let cli;
if (bundleIsFresh()) {
  cli = await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import(pathToFileURL(path.join(root, 'src/cli/main.ts')).href);
}
process.exitCode = await cli.runCli(process.argv.slice(2));
