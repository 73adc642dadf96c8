import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding Concord's package.json, whether running from src/ (tsx) or the dist/ bundle. */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name === 'concord') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

/** Built artefacts: the web app, the server bundle and the empty embedded-database template. */
export const DIST = path.join(packageRoot(), 'dist');
export const PGLITE_TEMPLATE = path.join(DIST, 'pglite-template.tar');
