/** The OpenAPI 3.1 document, generated from the same route table and zod schemas the routes validate with. */
import { z } from 'zod';
import { errorBodySchema } from '../../shared/contracts/errors';
import { TOKEN_SCOPES, TOKEN_SCOPE_MEANINGS } from '../../shared/vocab/token-scopes';
import { CONCORD_VERSION } from '../config';
import { IDEMPOTENCY_KEY_HOURS } from '../domain/idempotency/idempotent-requests';
import { routeIdempotent, routeScope } from './route';
import type { RouteSpec } from './route';

type JsonSchema = Record<string, unknown>;

const toSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
};

function parametersOf(schema: z.ZodType | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  const json = toSchema(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: s,
  }));
}

/** Who may call: a session, a token with the route's scope (OpenAPI 3.1 lets a bearer list roles), a peer node. */
function securityOf(route: RouteSpec): Record<string, string[]>[] {
  if (route.auth === 'node') return [{ node: [] }];
  const scope = routeScope(route);
  const person: Record<string, string[]>[] = scope === 'session' ? [{ session: [] }] : [{ session: [] }, { bearer: [scope] }];
  return route.auth === 'user-or-node' ? [...person, { node: [] }] : person;
}

export function buildOpenApi(routes: RouteSpec[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.url.replace(/:([A-Za-z]+)/g, '{$1}');
    const status = String(route.status ?? 200);
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = {
      summary: route.summary,
      tags: [route.tag],
      ...(route.auth === 'public' ? {} : { security: securityOf(route) }),
      parameters: [
        ...parametersOf(route.params, 'path'),
        ...parametersOf(route.query, 'query'),
        ...(route.versioned
          ? [
              {
                name: 'If-Match',
                in: 'header',
                required: route.versioned === 'required',
                description: 'The version edited, as the ETag of a GET gave it ("3"); a stale one answers 409',
                schema: { type: 'string' },
              },
            ]
          : []),
        ...(routeIdempotent(route)
          ? [
              {
                name: 'Idempotency-Key',
                in: 'header',
                required: false,
                description: `A key new for each request (a UUID, say): a retry with the same key gets the first answer back without the work being done again (Idempotent-Replayed: true), for ${IDEMPOTENCY_KEY_HOURS} hours; the same key with another request is 422`,
                schema: { type: 'string', minLength: 1, maxLength: 255 },
              },
            ]
          : []),
      ],
      ...(route.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(route.body, 'input') } } } }
        : {}),
      responses: {
        [status]: { description: 'Success', content: { 'application/json': { schema: toSchema(route.response, 'output') } } },
        default: {
          description: 'Error (status follows the code)',
          content: { 'application/json': { schema: toSchema(errorBodySchema, 'output') } },
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Concord node API',
      version: CONCORD_VERSION,
      description:
        'Every read obeys the releasability rule: a record the caller may not read answers exactly as a record that does not exist. Cookie-authenticated writes need the x-csrf-token header.',
    },
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'concord_session' },
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: `API token (cnd_...) from POST /api/tokens or \`concord token create\`; each operation names the scope it needs: ${TOKEN_SCOPES.map((s) => `${s} — ${TOKEN_SCOPE_MEANINGS[s]}`).join('; ')}`,
        },
        node: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'A node token: EdDSA, signed by a peer node, audience this node, ≤ 60 s, used once',
        },
      },
    },
    paths,
  };
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A readable, dependency-free rendering of the document (served at /api/docs). */
export function renderApiDocs(document: ReturnType<typeof buildOpenApi>): string {
  const sections = Object.entries(document.paths)
    .flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => {
        const o = op as {
          summary: string;
          tags: string[];
          requestBody?: { content: Record<string, { schema: unknown }> };
          responses: Record<string, { content: Record<string, { schema: unknown }> }>;
          security?: Record<string, string[]>[];
        };
        const scope = o.security?.find((s) => s.bearer)?.bearer?.[0];
        const who = !o.security ? '' : scope ? ` — <em>signed in, or a token with the ${scope} scope</em>` : ' — <em>signed in</em>';
        const body = o.requestBody
          ? `<h4>Request body</h4><pre>${escape(JSON.stringify(o.requestBody.content['application/json']?.schema, null, 2))}</pre>`
          : '';
        const ok = Object.entries(o.responses).find(([code]) => code !== 'default');
        const response = ok
          ? `<h4>Response ${ok[0]}</h4><pre>${escape(JSON.stringify(ok[1].content['application/json']?.schema, null, 2))}</pre>`
          : '';
        return `<section><h3><span class="method">${method.toUpperCase()}</span> <code>${escape(path)}</code></h3><p>${escape(o.summary)}${who}</p><details>${body}${response}<summary>Schemas</summary></details></section>`;
      }),
    )
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Concord API</title><link rel="stylesheet" href="/api/docs.css"></head><body><h1>${escape(document.info.title)} ${escape(document.info.version)}</h1><p>${escape(document.info.description)}</p><p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a></p>${sections}</body></html>`;
}

export const API_DOCS_CSS = `body{font-family:system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#1b2430}
section{border-top:1px solid #ccd;padding:.5rem 0}.method{display:inline-block;min-width:4.5rem;font-weight:700;color:#0b4f8a}
pre{background:#f4f6f9;padding:.75rem;overflow:auto;font-size:.8rem}summary{cursor:pointer;color:#345}`;
