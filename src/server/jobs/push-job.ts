/** Sends queued Web Push messages every few seconds; several processes share the outbox (`SKIP LOCKED`). */
import { sendDuePush } from '../domain/push/web-push';
import { startIntervalJob } from './interval-job';
import type { Context } from '../context';

export const startPushJob = (ctx: Context, intervalMs = 2_000) => startIntervalJob(ctx, 'push run', intervalMs, () => sendDuePush(ctx));
