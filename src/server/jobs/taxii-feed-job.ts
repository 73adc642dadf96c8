/**
 * Polls the TAXII feeds (subscriptions to other TAXII 2.1 servers) that are due: each every
 * `CONCORD_TAXII_POLL_SECONDS`, and a new one at once. It looks every 10 s for feeds that are due.
 */
import { pollDue } from '../domain/taxii/subscriptions';
import { startIntervalJob } from './interval-job';
import type { Context } from '../context';

export const startTaxiiFeedJob = (ctx: Context, checkEveryMs = 10_000) =>
  startIntervalJob(ctx, 'TAXII feed poll', checkEveryMs, () => pollDue(ctx, ctx.config.taxiiPollMs), { runAtStart: true });
