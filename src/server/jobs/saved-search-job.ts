/** Checks saved searches for new matches every few seconds; several processes share the work. */
import { checkSavedSearches } from '../domain/saved-searches/saved-search-service';
import { startIntervalJob } from './interval-job';
import type { Context } from '../context';

export const startSavedSearchJob = (ctx: Context, intervalMs = 10_000) =>
  startIntervalJob(ctx, 'saved search check', intervalMs, () => checkSavedSearches(ctx));
