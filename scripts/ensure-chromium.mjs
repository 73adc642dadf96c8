// Finds Debian's Chromium for the browser tests, installing it when running as root (as CI does).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

export function ensureChromium() {
  if (process.env.CONCORD_CHROMIUM && fs.existsSync(process.env.CONCORD_CHROMIUM)) return process.env.CONCORD_CHROMIUM;
  let found = CANDIDATES.find((p) => fs.existsSync(p));
  if (found) return found;
  if (process.getuid?.() !== 0) {
    throw new Error('Chromium is needed for the browser tests. Install it: sudo apt-get update && sudo apt-get install -y chromium');
  }
  console.log('test: installing Chromium (apt-get install chromium) for the browser tests');
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'chromium']]) {
    const result = spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (result.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed; install Chromium by hand: apt-get install -y chromium`);
  }
  found = CANDIDATES.find((p) => fs.existsSync(p));
  if (!found) throw new Error('Chromium was installed but not found at /usr/bin/chromium.');
  return found;
}
