/** Publishes new record versions as STIX objects for TAXII every second; one process at a time (advisory lock). */
import { publishDue } from '../domain/taxii/publisher';
import { startIntervalJob } from './interval-job';
import type { Context } from '../context';

export const startPublisherJob = (ctx: Context, intervalMs = 1_000) =>
  startIntervalJob(
    ctx,
    'stix publisher',
    intervalMs,
    async () => {
      while ((await publishDue(ctx)) > 0);
    },
    { runAtStart: true },
  );
