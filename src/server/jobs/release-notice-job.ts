/** Tells releasing officers of new drafts in their queue, once a minute; several processes share the work (each officer's row is locked). */
import { noticeReleasingOfficers } from '../domain/release/release-notice';
import { startIntervalJob } from './interval-job';
import type { Context } from '../context';

export const startReleaseNoticeJob = (ctx: Context, intervalMs = 60_000) =>
  startIntervalJob(ctx, 'release notice', intervalMs, () => noticeReleasingOfficers(ctx));
