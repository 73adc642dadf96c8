/**
 * P9: JavaScript and CSS the first screen loads (what dist/web/index.html references), gzipped,
 * and the chunks loaded on demand (the map).
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const DIST = 'dist/web';

export async function webSizeBenchmark(): Promise<string> {
  const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const initial = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1] as string);
  const all = fs.readdirSync(path.join(DIST, 'assets')).map((f) => `assets/${f}`);
  const size = (file: string) => {
    const bytes = fs.readFileSync(path.join(DIST, file));
    return { raw: bytes.length, gzip: zlib.gzipSync(bytes, { level: 9 }).length };
  };
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const rows = ['| file | loaded | raw | gzip |', '|---|---|---|---|'];
  let firstScreenJs = 0;
  for (const file of all.filter((f) => /\.(js|css)$/.test(f)).sort()) {
    const s = size(file);
    const first = initial.includes(file);
    if (first && file.endsWith('.js')) firstScreenJs += s.gzip;
    rows.push(`| ${file.replace(/-[A-Za-z0-9_-]{8}\./, '.')} | ${first ? 'first screen' : 'on demand'} | ${kb(s.raw)} | ${kb(s.gzip)} |`);
  }
  rows.push('', `First-screen JavaScript, gzipped: **${kb(firstScreenJs)}** (budget ≤ 300 KB).`);
  return rows.join('\n');
}
