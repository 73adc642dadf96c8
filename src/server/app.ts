/** Builds the HTTP app without listening: main.ts, the tests and the CLI import it. */
import Fastify from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import { apiRoutes } from './http/api';
import { MAX_PARAM_LENGTH, TAXII_MEDIA_TYPE, answerClientError, registerErrorHandler, replyWithError } from './http/error-handler';
import { MAX_BODY_BYTES, registerJsonBodyParser } from './http/json-body';
import { registerMetrics } from './http/metrics';
import { API_DOCS_CSS, buildOpenApi, renderApiDocs } from './http/openapi';
import { registerRoutes } from './http/register-routes';
import { registerWebApp } from './http/web-app';
import { registerTaxiiProtocol } from './http/taxii-protocol';
import { stopLiveFeed } from './domain/live/live-feed';
import { closeOutbound } from './domain/outbound/outbound-request';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Context } from './context';
import type { RouteSpec } from './http/route';

/** How long after a full disk was reported as an error a repeat is only a warning. */
const DISK_FULL_REPEAT_MS = 10 * 60_000;

export interface App {
  http: FastifyInstance;
  /** The API route table (with read-path declarations). */
  routes: RouteSpec[];
  /** Every route the router actually holds, as registered. */
  registered: { method: string; url: string }[];
}

export async function buildApp(ctx: Context): Promise<App> {
  const http: FastifyInstance = Fastify({
    loggerInstance: ctx.logger as unknown as FastifyBaseLogger,
    bodyLimit: MAX_BODY_BYTES,
    trustProxy: false,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // Fastify's own answers (bad or too long URL, unparseable HTTP) use the product's error format too.
    frameworkErrors: (error, request, reply) => void replyWithError(error, request, reply),
    clientErrorHandler: answerClientError,
  });
  const registered: App['registered'] = [];
  http.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) registered.push({ method, url: route.url ?? route.path });
  });
  registerErrorHandler(http);
  registerTaxiiProtocol(http);
  registerJsonBodyParser(http);
  await http.register(fastifyCookie);
  await http.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    strictTransportSecurity: ctx.config.secureCookies,
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
  http.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/api/') || request.url.startsWith('/taxii2/')) reply.header('cache-control', 'no-store');
    // TAXII answers carry the media type exactly as TAXII spells it (Fastify adds a charset to JSON types).
    if (request.url.startsWith('/taxii2/') && String(reply.getHeader('content-type')).startsWith('application/taxii+json'))
      reply.header('content-type', TAXII_MEDIA_TYPE);
  });

  // Open streams end before the server waits for its connections to close.
  http.addHook('preClose', () => stopLiveFeed(ctx));
  // Outbound connections kept open (pulls, pokes) close with the app.
  http.addHook('onClose', () => closeOutbound(ctx.config));
  // A full disk is the operator's to fix: said once when writes start failing, once when they resume.
  // A small commit can still fit while larger writes fail, so the state may flap: within ten
  // minutes of the last error, failing again is a warning, not another error.
  let diskFullSaidAt = -Infinity;
  const stopWatchingDisk = ctx.database.diskFull.onChange((state) => {
    if (!state) return void ctx.logger.info({ cause: 'disk-full' }, 'writes succeed again: the disk has space');
    const now = ctx.clock.now().getTime();
    if (now - diskFullSaidAt < DISK_FULL_REPEAT_MS)
      return void ctx.logger.warn({ cause: 'disk-full', detail: state.detail }, "writes fail again: the node's disk is still full");
    diskFullSaidAt = now;
    ctx.logger.error({ cause: 'disk-full', detail: state.detail }, "writes fail: the node's disk is full");
  });
  http.addHook('onClose', () => void stopWatchingDisk());
  const routes = apiRoutes();
  registerRoutes(http, ctx, routes);
  registerMetrics(http, ctx);
  const openApi = buildOpenApi(routes);
  const docsHtml = renderApiDocs(openApi);
  http.get('/api/openapi.json', async () => openApi);
  http.get('/api/docs', async (_request, reply) => reply.type('text/html; charset=utf-8').send(docsHtml));
  http.get('/api/docs.css', async (_request, reply) => reply.type('text/css; charset=utf-8').send(API_DOCS_CSS));
  await registerWebApp(http, () => false, routes);
  return { http, routes, registered };
}
