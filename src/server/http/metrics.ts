/**
 * Prometheus metrics: this app process (HTTP, runtime, the requests it sent out) and federation
 * health per peer — the same figures as the federation screen, read from the database at each
 * scrape. They name routes and peers, so a scrape needs an API token with the `metrics` scope as its bearer.
 */
import client from 'prom-client';
import { AppError } from '../domain/app-error';
import { peerReachable, peersWithHealth } from '../domain/federation/peer-service';
import { authenticate, requireTokenScope } from './authenticate';
import { outboundCounts } from '../domain/outbound/outbound-request';
import type { FastifyInstance } from 'fastify';
import type { Context } from '../context';

export function registerMetrics(app: FastifyInstance, ctx: Context) {
  const registry = new client.Registry();
  // Among the defaults, the event loop's delay from perf_hooks.monitorEventLoopDelay (sampled every
  // 10 ms; p50, p90, p99 and max since the previous scrape): concord_nodejs_eventloop_lag_*_seconds.
  client.collectDefaultMetrics({ register: registry, prefix: 'concord_', eventLoopMonitoringPrecision: 10 });
  const duration = new client.Histogram({
    name: 'concord_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  registerFederationMetrics(registry, ctx);
  new client.Counter({
    name: 'concord_outbound_requests_total',
    help: 'Requests this process sent to other servers (peers, TAXII feeds, push services) by purpose and outcome: ok, refused (address not allowed), failed',
    labelNames: ['purpose', 'outcome'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const { purpose, outcome, count } of outboundCounts(ctx.config)) this.inc({ purpose, outcome }, count);
    },
  });
  app.addHook('onResponse', async (request, reply) => {
    duration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  app.get('/metrics', async (request, reply) => {
    const actor = await authenticate(ctx, request);
    if (!actor?.token)
      throw new AppError(
        'UNAUTHENTICATED',
        'Send an API token with the metrics scope as the bearer (`concord token create --scope metrics`, see docs/OPERATIONS.md).',
      );
    await requireTokenScope(ctx, actor, 'metrics', 'GET /metrics');
    reply.type(registry.contentType);
    return registry.metrics();
  });
  return registry;
}

function registerFederationMetrics(registry: client.Registry, ctx: Context): void {
  // One read of the peers per scrape (the gauges are collected together), shared by all of them.
  let read: { at: number; peers: ReturnType<typeof peersWithHealth> } | null = null;
  const peers = () => {
    if (!read || Date.now() - read.at > 500) read = { at: Date.now(), peers: peersWithHealth(ctx) };
    return read.peers;
  };
  type Peer = Awaited<ReturnType<typeof peersWithHealth>>[number];
  const gauge = (name: string, help: string, value: (p: Peer, now: number) => number | null) =>
    new client.Gauge({
      name,
      help,
      labelNames: ['peer', 'nation'] as const,
      registers: [registry],
      async collect() {
        const now = ctx.clock.now().getTime();
        this.reset();
        for (const p of await peers()) {
          const v = value(p, now);
          if (v !== null) this.set({ peer: p.node_id, nation: p.nation }, v);
        }
      },
    });
  gauge('concord_federation_peer_reachable', '1 when the last call to the peer succeeded', (p) => (peerReachable(p) ? 1 : 0));
  gauge('concord_federation_peer_lag_seconds', 'Seconds since everything the peer had for this node was last pulled', (p, now) =>
    p.last_pull_at === null ? null : Math.max(0, (now - new Date(p.last_pull_at).getTime()) / 1000),
  );
  gauge('concord_federation_objects_in', 'Objects applied from the peer', (p) => Number(p.objects_in));
  gauge('concord_federation_objects_out', 'Objects served to the peer', (p) => Number(p.objects_out));
  gauge('concord_federation_rejects', 'Objects from the peer refused (each with its reason on the federation screen)', (p) =>
    Number(p.rejects),
  );
  gauge('concord_federation_pull_failures', 'Pulls from the peer that failed', (p) => Number(p.pull_failures));
  gauge(
    'concord_federation_cursor_resets',
    'Paging cursors the peer refused or handed unusable, each followed by a pull from the last good position',
    (p) => Number(p.cursor_resets),
  );
  gauge(
    'concord_federation_audit_problem',
    '1 when the peer’s audit log did not extend the checkpoint held (truncated or rewritten)',
    (p) => (p.audit_problem ? 1 : 0),
  );
  gauge('concord_federation_pending_recall_receipts', 'Recalls the peer received and has not confirmed', (p) => p.pendingReceipts);
}
