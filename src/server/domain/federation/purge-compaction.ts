/**
 * What a purge leaves on disk, removed as far as the database can (docs/OPERATIONS.md, "What a
 * purge removes"). Deleting rows only marks them dead: their bytes stay in the table's pages, its
 * indexes and the write-ahead log. After a purge commits — never inside the apply, which only notes
 * the kind in `purge_compactions`, so a crash loses nothing — this job:
 *
 * - rewrites each table the purge touched (`VACUUM FULL`: the table and its indexes written anew,
 *   the old files emptied) when it is at most REWRITE_UP_TO_BYTES, which keeps the table locked
 *   for about a second per 50 MB; a larger table is vacuumed instead (the rows' space freed, their
 *   bytes left in the page's free space until reused) and its content indexes rebuilt;
 * - on the embedded database, starts a new WAL segment and checkpoints with segment recycling off,
 *   so the segments that held the rows are deleted rather than kept for reuse with their bytes;
 * - on PostgreSQL, checkpoints when the role may (superuser or pg_checkpoint), so the files hold
 *   the rewritten pages now rather than at the server's next checkpoint. WAL is the server's own:
 *   its recycling, archiving and replicas are the operator's settings.
 */
import { CONTENT_INDEXES, PURGED_TABLES, compactionRepository } from '../../db/repositories/compaction-repository';
import type { Kysely } from 'kysely';
import type { Context } from '../../context';
import type { DB } from '../../db/schema';
import type { PurgedTable } from '../../db/repositories/compaction-repository';

/** Tables up to this size are rewritten whole; larger ones are vacuumed (a rewrite would lock them too long). */
export const REWRITE_UP_TO_BYTES = 128 * 1024 * 1024;
const wakers = new WeakMap<Context, () => void>();

export function registerCompactionWaker(ctx: Context, wake: () => void): void {
  wakers.set(ctx, wake);
}

/** Inside the purging transaction: the kind's tables wait to be compacted. */
export async function requestCompaction(db: Kysely<DB>, kind: keyof typeof PURGED_TABLES, at: Date): Promise<void> {
  await compactionRepository(db).request(kind, at);
}

/** After a commit that may have purged: the job runs now rather than at its next tick. */
export function wakeCompaction(ctx: Context): void {
  wakers.get(ctx)?.();
}

/** The embedded database deletes finished WAL segments instead of recycling them, from now on and after restarts. */
export async function keepNoUsedWal(ctx: Context): Promise<void> {
  if (ctx.database.kind !== 'pglite') return;
  await compactionRepository(ctx.database.db).removeUsedWal({ persist: true });
}

export interface CompactionResult {
  rewritten: PurgedTable[];
  vacuumed: PurgedTable[];
}

/** Compacts the tables of every kind a purge touched since the last run. */
export async function compactPurged(ctx: Context): Promise<CompactionResult> {
  const db = ctx.database.db;
  const repo = compactionRepository(db);
  const pending = await repo.pending();
  const result: CompactionResult = { rewritten: [], vacuumed: [] };
  if (pending.length === 0) return result;
  const tables = new Set<PurgedTable>();
  for (const { record_kind } of pending)
    for (const table of PURGED_TABLES[record_kind as keyof typeof PURGED_TABLES] ?? []) tables.add(table);
  const postgres = ctx.database.kind === 'postgresql';
  for (const table of tables) {
    if ((await repo.size(table)) <= REWRITE_UP_TO_BYTES) {
      await repo.rewrite(table);
      result.rewritten.push(table);
    } else {
      await repo.vacuum(table);
      for (const index of CONTENT_INDEXES[table] ?? []) await repo.reindex(index, postgres);
      result.vacuumed.push(table);
    }
  }
  if (postgres) {
    await repo.checkpoint().catch((error: unknown) => {
      // Without the right to checkpoint, the rewritten pages reach the files at the server's next checkpoint.
      if ((error as { code?: string }).code !== '42501') throw error;
      ctx.logger.debug('purge compaction: this role may not CHECKPOINT; the server writes the pages at its next checkpoint');
    });
  } else {
    await repo.removeUsedWal({ persist: false });
    await repo.switchWal();
    await repo.checkpoint();
  }
  for (const { record_kind, requested_at } of pending) await repo.done(record_kind, new Date(requested_at));
  ctx.logger.info({ rewritten: result.rewritten, vacuumed: result.vacuumed }, 'compacted the tables purged by a recall');
  return result;
}
