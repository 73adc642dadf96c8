import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { AppError } from '../domain/app-error';
import { recordAccessFailure } from '../domain/audit/access-failures';
import { systemActor } from '../domain/auth/actor';
import { unstorableText } from '../../shared/contracts/common';
import { authenticate, authenticateNode, carriesNodeToken, checkCsrf, requireTokenScope } from './authenticate';
import { runIdempotent } from '../domain/idempotency/idempotent-requests';
import { answerOf, fingerprintOf, idempotencyKeyOf, sendAnswer } from './idempotency';
import { versionFromIfMatch } from './if-match';
import { invalidParts } from './json-body';
import { routeIdempotent, routeScope } from './route';
import type { Context } from '../context';
import type { RouteSpec } from './route';

/** Keys a client must never send in a label: the server sets them. */
const SERVER_ONLY_LABEL_KEYS = new Set(['originator', 'state', 'version', 'marking']);

function issuesOf(error: z.ZodError) {
  return error.issues.map((issue) => {
    const path = issue.path.join('.');
    const keys = issue.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
    return { path: path || '(root)', message: `${issue.message}${keys}` };
  });
}

function parsePart<T extends z.ZodType>(schema: T | undefined, value: unknown, part: string): z.output<T> {
  if (!schema) return undefined as z.output<T>;
  // Decoded path and query text (`%00`) the database could not store; the body parser checked the body.
  const unstorable = part === 'body' ? [] : unstorableText(value);
  if (unstorable.length > 0) throw invalidParts(part, unstorable);
  const result = schema.safeParse(value ?? (part === 'body' ? undefined : {}));
  if (result.success) return result.data;
  const error = invalidParts(part, issuesOf(result.error));
  (error as AppError & { forgedLabel?: boolean }).forgedLabel = result.error.issues.some(
    (issue) => issue.code === 'unrecognized_keys' && issue.keys.some((k) => SERVER_ONLY_LABEL_KEYS.has(k)),
  );
  throw error;
}

export function registerRoutes(app: FastifyInstance, ctx: Context, routes: RouteSpec[]): void {
  for (const route of routes) {
    app.route({
      method: route.method,
      url: route.url,
      ...(route.bodyLimit ? { bodyLimit: route.bodyLimit } : {}),
      handler: async (request, reply) => {
        const asNode = route.auth === 'node' || (route.auth === 'user-or-node' && carriesNodeToken(request));
        const peer = asNode ? await authenticateNode(ctx, request, `${route.method} ${route.url}`) : null;
        // A public write (signing in) never acts on the caller's existing credentials; a node call carries none.
        const actor = asNode || (route.auth === 'public' && route.method !== 'GET') ? null : await authenticate(ctx, request);
        if ((route.auth === 'user' || route.auth === 'user-or-node') && !actor && !peer)
          throw new AppError('UNAUTHENTICATED', 'Sign in first (POST /api/session) or send an API token.');
        // The one place token scopes are enforced: each route declares its scope (or takes its method's).
        if (route.auth !== 'public') await requireTokenScope(ctx, actor, routeScope(route), `${route.method} ${route.url}`);
        try {
          checkCsrf(request, actor);
        } catch (error) {
          await recordAccessFailure(ctx, actor ?? systemActor('anonymous'), 'access.denied', {
            route: `${route.method} ${route.url}`,
            code: 'CSRF_FAILED',
          });
          throw error;
        }
        let body, query, params, ifMatch, idempotencyKey;
        try {
          ifMatch = route.versioned ? versionFromIfMatch(request.headers['if-match'], route.versioned === 'required') : undefined;
          idempotencyKey = routeIdempotent(route) && actor ? idempotencyKeyOf(request) : null;
          params = parsePart(route.params, request.params, 'path');
          query = parsePart(route.query, request.query, 'query');
          body = parsePart(route.body, request.body, 'body');
        } catch (error) {
          if ((error as { forgedLabel?: boolean }).forgedLabel) {
            await recordAccessFailure(ctx, actor ?? systemActor('anonymous'), 'label.forged', {
              route: `${route.method} ${route.url}`,
              issues: (error as AppError).issues,
            });
          }
          throw error;
        }
        let result;
        try {
          if (idempotencyKey && actor) {
            // Done once per key: the answer is committed with the change and given again to a retry.
            const claim = {
              caller: actor.user.id,
              route: `${route.method} ${route.url}`,
              key: idempotencyKey,
              fingerprint: fingerprintOf(request),
            };
            const { answer, replayed } = await runIdempotent(ctx, claim, async (unitCtx) => {
              const value = await route.handler({
                ctx: unitCtx,
                actor: actor as never,
                peer,
                body,
                query,
                params,
                ifMatch,
                request,
                reply,
              });
              if (reply.sent) throw new Error(`${route.method} ${route.url} answered by itself, which an idempotent request may not`);
              return answerOf(reply, route.status ?? 200, value);
            });
            return sendAnswer(reply, answer, replayed);
          }
          result = await route.handler({ ctx, actor: actor as never, peer, body, query, params, ifMatch, request, reply });
        } catch (error) {
          if (error instanceof AppError && (error.code === 'FORBIDDEN' || error.code === 'CSRF_FAILED')) {
            await recordAccessFailure(ctx, actor ?? systemActor('anonymous'), 'access.denied', {
              route: `${route.method} ${route.url}`,
              code: error.code,
            });
          }
          throw error;
        }
        // A stream took the reply over (server-sent events): it answers by itself.
        if (reply.sent) return reply;
        reply.status(route.status ?? 200);
        return result;
      },
    });
  }
}
