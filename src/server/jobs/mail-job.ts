/** Sends queued e-mail every few seconds; several processes share the outbox (`SKIP LOCKED`). */
import { sendDueMail } from '../domain/mail/mail-outbox';
import { startIntervalJob } from './interval-job';
import type { Context } from '../context';

export const startMailJob = (ctx: Context, intervalMs = 2_000) => startIntervalJob(ctx, 'mail run', intervalMs, () => sendDueMail(ctx));
