/**
 * Runs joint statements' procedures. On every node: once a silence's deadline has passed here, the
 * signed no-objection of each nation this node speaks for. On the host's node: adoption, a broken
 * silence, whom a silence waits for. Everything it decides on is in the database (the deadline, the
 * positions, the words), so a restart loses nothing: what fell due while the node was down is
 * decided at the first run, right at the start.
 */
import { advanceOpenStatements, giveSilenceWords } from '../domain/dialogue/statement-service';
import { startIntervalJob } from './interval-job';
import type { Context } from '../context';

export const startStatementProcedureJob = (ctx: Context, intervalMs = 5_000) =>
  startIntervalJob(
    ctx,
    'statement procedure',
    intervalMs,
    async () => {
      await giveSilenceWords(ctx);
      await advanceOpenStatements(ctx);
    },
    { runAtStart: true },
  );
