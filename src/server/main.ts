/** Process entry: read config, boot, listen, print how to sign in, shut down cleanly. */
import { pathToFileURL } from 'node:url';
import { buildApp } from './app';
import { bootContext } from './boot';
import { publicUrlAfterListen, readConfig, ConfigError } from './config';
import { startControlSocket } from './control-socket';
import { takeEmbeddedLock } from './embedded-lock';
import { startAuditCheckpointJob } from './jobs/audit-checkpoint-job';
import { startSavedSearchJob } from './jobs/saved-search-job';
import { startEscalationJob } from './jobs/escalation-job';
import { startInjectJob } from './jobs/inject-job';
import { startStatementProcedureJob } from './jobs/statement-procedure-job';
import { startMailJob } from './jobs/mail-job';
import { startPushJob } from './jobs/push-job';
import { startReleaseNoticeJob } from './jobs/release-notice-job';
import { startCommitmentReminderJob } from './jobs/commitment-reminder-job';
import { startPublisherJob } from './jobs/publisher-job';
import { startPullJob } from './jobs/pull-job';
import { startPurgeCompactionJob } from './jobs/purge-compaction-job';
import { startTaxiiFeedJob } from './jobs/taxii-feed-job';
import { startSignInThrottleJob } from './jobs/sign-in-throttle-job';
import { startPlannerStatisticsJob } from './jobs/planner-statistics-job';
import { startIdempotencyKeyJob } from './jobs/idempotency-key-job';
import { DEMO_NATIONS, DEMO_PASSWORD, DEMO_TOTP_SECRET, demoUsername, loadPendingDemoIncidents } from './domain/demo/demo-data';
import { ROLES } from '../shared/vocab/roles';
import type { Config, ConfigOverrides } from './config';

const say = (line: string) => process.stdout.write(`concord: ${line}\n`);

export async function startNode(config: Config, options: { loadDemo?: boolean } = {}) {
  const started = Date.now();
  const releaseLock = config.databaseUrl ? () => {} : takeEmbeddedLock(config.dataDir);
  const ctx = await bootContext(config, { ...(options.loadDemo !== undefined ? { loadDemo: options.loadDemo } : {}), progress: say }).catch(
    (error: unknown) => {
      releaseLock();
      throw error;
    },
  );
  const app = await buildApp(ctx);
  await app.http.listen({ port: config.port, host: config.host });
  const address = app.http.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  ctx.config.publicUrl = publicUrlAfterListen(ctx.config, port);
  const checkpoints = startAuditCheckpointJob(ctx);
  const savedSearches = startSavedSearchJob(ctx);
  const escalations = startEscalationJob(ctx);
  const injects = startInjectJob(ctx);
  const statementProcedure = startStatementProcedureJob(ctx);
  const mail = startMailJob(ctx);
  const push = startPushJob(ctx);
  const releaseNotices = startReleaseNoticeJob(ctx);
  const commitmentReminders = startCommitmentReminderJob(ctx);
  const publisher = await startPublisherJob(ctx);
  const pull = startPullJob(ctx);
  const compaction = startPurgeCompactionJob(ctx);
  const feeds = startTaxiiFeedJob(ctx);
  const signInThrottle = startSignInThrottleJob(ctx);
  const idempotencyKeys = startIdempotencyKeyJob(ctx);
  // PostgreSQL gathers planner statistics by itself (autovacuum); the embedded database does not.
  const statistics = ctx.database.kind === 'pglite' ? startPlannerStatisticsJob(ctx) : null;
  const demoIncidents = loadPendingDemoIncidents(ctx, say)
    .then((loaded) => {
      if (loaded > 0) statistics?.wake();
    })
    .catch((error: unknown) => ctx.logger.error({ err: error }, 'demo incidents failed'));
  // `concord backup` reaches the process that holds the embedded database through this socket.
  const control = config.databaseUrl
    ? null
    : await startControlSocket(ctx).catch((error: unknown) => {
        ctx.logger.warn({ err: error }, 'no control socket: `concord backup` will not work while the node runs');
        return null;
      });
  say(`${ctx.node.nation} node ${ctx.node.nodeId} serving at ${url} (${ctx.database.kind}) after ${Date.now() - started} ms`);
  if (ctx.demoLoaded) {
    say(`sign in at ${url} with a demo account, password "${DEMO_PASSWORD}":`);
    say(`  ${DEMO_NATIONS.map((n) => demoUsername(n.code, 'analyst')).join(', ')}`);
    say(`  roles: ${ROLES.join(', ')} (e.g. ${demoUsername('KAZ', 'viewer')})`);
    say(`  node-admin accounts also need a TOTP code: secret ${DEMO_TOTP_SECRET}, or run \`npx concord demo totp\``);
  } else {
    say('no demo data; add accounts with `npx concord user add` (see --help)');
  }
  say(`API docs at ${url}/api/docs`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    say('shutting down');
    await app.http.close();
    await demoIncidents;
    await checkpoints.stop();
    await savedSearches.stop();
    await releaseNotices.stop();
    await commitmentReminders.stop();
    await escalations.stop();
    await injects.stop();
    await statementProcedure.stop();
    await mail.stop();
    await push.stop();
    await publisher.stop();
    await pull.stop();
    await compaction.stop();
    await feeds.stop();
    await signInThrottle.stop();
    await statistics?.stop();
    await control?.();
    await idempotencyKeys.stop();
    await ctx.database.close();
    releaseLock();
  };
  return { ctx, app, url, stop };
}

export async function runMain(overrides: ConfigOverrides = {}, options: { loadDemo?: boolean } = {}): Promise<void> {
  let config: Config;
  try {
    config = readConfig(process.env, overrides);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  try {
    const node = await startNode(config, options);
    const onSignal = () => {
      node.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  } catch (error) {
    process.stderr.write(`concord: could not start: ${(error as Error).message}\n`);
    process.exit(1);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await runMain();
}
