/** Serves the built web app (dist/web) with a fallback to index.html for client-side routes. */
import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import { DIST } from '../package-root';
import { AppError } from '../domain/app-error';
import { replyWithError } from './error-handler';
import { TAXII_PREFIX, taxiiMethodNotAllowed } from './taxii-protocol';
import type { FastifyInstance } from 'fastify';
import type { RouteSpec } from './route';

export const WEB_DIST = path.join(DIST, 'web');

const API_PREFIXES = ['/api/', '/taxii2/', '/healthz', '/metrics'];

export async function registerWebApp(app: FastifyInstance, onNotFound: (url: string) => boolean, routes: RouteSpec[] = []): Promise<void> {
  const indexFile = path.join(WEB_DIST, 'index.html');
  const built = fs.existsSync(indexFile);
  if (built) {
    await app.register(fastifyStatic, { root: WEB_DIST, prefix: '/', wildcard: false, index: false, cacheControl: true, maxAge: '1h' });
  }
  app.setNotFoundHandler(async (request, reply) => {
    const url = request.url.split('?')[0] ?? '/';
    // Client-side routes have no file extension; a missing asset is a real 404, never the app page.
    const looksLikeFile = /\.[A-Za-z0-9]+$/.test(url);
    // A TAXII path answers as TAXII says: 405 with Allow for a method it does not take, a TAXII 404 otherwise.
    const notAllowed = taxiiMethodNotAllowed(routes, request.method, url);
    if (notAllowed) return replyWithError(notAllowed.error, request, reply.header('allow', notAllowed.allow));
    if (url.startsWith(TAXII_PREFIX))
      return replyWithError(new AppError('NOT_FOUND', `No TAXII resource at ${url}; discovery is at ${TAXII_PREFIX}.`), request, reply);
    if (request.method !== 'GET' || looksLikeFile || API_PREFIXES.some((p) => url.startsWith(p)) || onNotFound(url)) {
      return replyWithError(new AppError('NOT_FOUND', `No route ${request.method} ${url}; see /api/docs.`), request, reply);
    }
    if (!built) {
      return reply
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('The web app is not built yet: run `npm run build` (npm ci does it too).');
    }
    reply.header('cache-control', 'no-cache');
    return reply.type('text/html; charset=utf-8').send(fs.readFileSync(indexFile));
  });
}
