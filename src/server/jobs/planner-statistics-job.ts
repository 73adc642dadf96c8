/**
 * The embedded database has no autovacuum, so nothing gathers its planner statistics: a table
 * filled after its last ANALYZE (the demo incidents, an import) keeps the estimate of an empty
 * one, and the incident list, among others, was read by sorting the whole table instead of
 * walking its index (58 ms instead of 0.5 ms at 2,500 incidents). This job does what autovacuum
 * would: every half minute it analyzes the tables that changed enough since, one at a time.
 * PostgreSQL's own autovacuum does it there.
 */
import { setImmediate } from 'node:timers/promises';
import { plannerStatisticsRepository } from '../db/repositories/planner-statistics-repository';
import { startIntervalJob } from './interval-job';
import type { Context } from '../context';
import type { IntervalJob } from './interval-job';

/** Analyzes every table that changed enough since its last ANALYZE; returns their names. */
export async function analyzeChangedTables(ctx: Context): Promise<string[]> {
  const statistics = plannerStatisticsRepository(ctx.database.db);
  const tables = await statistics.stale();
  for (const table of tables) {
    await statistics.analyze(table);
    // On the embedded database a table's ANALYZE holds the event loop: let requests in between.
    await setImmediate();
  }
  return tables;
}

export function startPlannerStatisticsJob(ctx: Context, intervalMs = 30_000): IntervalJob {
  return startIntervalJob(ctx, 'planner statistics', intervalMs, () => analyzeChangedTables(ctx), { runAtStart: true });
}
