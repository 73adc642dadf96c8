/**
 * The embedded database belongs to one process at a time. The node writes its pid next to the
 * data; the CLI refuses to open the same files while that process lives.
 */
import fs from 'node:fs';
import path from 'node:path';

const lockPath = (dataDir: string) => path.join(dataDir, 'concord.pid');

export function runningNodePid(dataDir: string): number | null {
  try {
    const pid = Number(fs.readFileSync(lockPath(dataDir), 'utf8').trim());
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return null;
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

export function takeEmbeddedLock(dataDir: string): () => void {
  const other = runningNodePid(dataDir);
  if (other) throw new Error(`Another Concord process (pid ${other}) is using the embedded database in ${dataDir}. Stop it first.`);
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(lockPath(dataDir), String(process.pid));
  return () => {
    try {
      if (fs.readFileSync(lockPath(dataDir), 'utf8').trim() === String(process.pid)) fs.unlinkSync(lockPath(dataDir));
    } catch {
      /* already gone */
    }
  };
}
