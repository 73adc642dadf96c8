/** Reminds owner nations' delegates of commitments falling due and overdue, every ten minutes; several processes share the work (each reminder is recorded once). */
import { remindCommitmentOwners } from '../domain/dialogue/commitment-reminders';
import { startIntervalJob } from './interval-job';
import type { Context } from '../context';

export const startCommitmentReminderJob = (ctx: Context, intervalMs = 600_000) =>
  startIntervalJob(ctx, 'commitment reminders', intervalMs, () => remindCommitmentOwners(ctx));
