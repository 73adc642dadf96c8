/**
 * A route is declared once — method, path, schemas, who may call it, how it reads labelled
 * records — and that one declaration drives registration, request parsing, the OpenAPI document
 * and the releasability tests (which enumerate read paths from the route table).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Context } from '../context';
import type { UserActor } from '../domain/auth/actor';
import type { PeerRow } from '../domain/federation/peer-service';
import type { TokenScope } from '../../shared/vocab/token-scopes';

/** How a route reads labelled records. Every GET route must say. */
export type ReadPath =
  | { kind: 'none'; why: string }
  /** GET one record by `:id`; unreadable must equal missing. */
  | { kind: 'record'; recordKind: string }
  /**
   * A cursor-paginated list `{ items: [{ id }], next }`; `sorts` names the values of its `sort`
   * parameter, each of which pages through the same readable records.
   */
  | {
      kind: 'list';
      recordKind: string;
      sorts?: readonly string[];
      /**
       * Other kinds the list serves besides `recordKind` (the calendar: meetings, exercises, busy
       * blocks). An item naming `recordId` stands for that record (a milestone, for its exercise).
       */
      alsoKinds?: readonly string[];
    }
  /** Counts over readable records; the body's `total` is how many the caller may read. */
  | { kind: 'aggregate'; recordKind: string }
  /**
   * Figures worked out from several kinds of record (exercise metrics), which neither list nor
   * count them: the releasability test holds a check of its own for each, named by `checkedBy`.
   */
  | { kind: 'derived'; recordKind: string; alsoKinds: readonly string[]; checkedBy: string }
  /** A whole filtered set as a file; `?format=json` answers `[{ id }]`. */
  | { kind: 'export'; recordKind: string; alsoKinds?: readonly string[] }
  /**
   * TAXII 2.1 reads of the collection, which holds every published kind, each object decided on
   * its own: pages of objects or manifest entries (`pages`, `{ objects: [{ id }], next }`), or one
   * object by its STIX id (`object`: unreadable must equal missing).
   */
  | { kind: 'taxii'; form: 'pages' | 'object' }
  /**
   * Served without sign-in: what its host released publicly, and nothing else. `record`: one by
   * `:id` (any other id, readable or not, answers as a missing one); `feed`: an Atom feed naming
   * each public record once (`<id>urn:uuid:…</id>`).
   */
  | { kind: 'public'; recordKind: string; form: 'record' | 'feed' };

export type RouteAuth = 'public' | 'user' | 'node' | 'user-or-node';

/**
 * What an API token must carry to call a route (a signed-in session may call any). `session`:
 * no token may call it at all (making and revoking tokens).
 */
export type RouteScope = TokenScope | 'session';

/** The route's declared scope, or by its method: `read` for GET, `write` for everything else. */
export function routeScope(route: Pick<RouteSpec, 'method' | 'scope'>): RouteScope {
  return route.scope ?? (route.method === 'GET' ? 'read' : 'write');
}

/**
 * Whether the route takes an `Idempotency-Key` (idempotency.ts): by default every write a person
 * or their token calls; a route that changes nothing, or whose work leaves the node, says `false`.
 */
export function routeIdempotent(route: Pick<RouteSpec, 'method' | 'auth' | 'idempotent'>): boolean {
  return route.idempotent ?? (route.method !== 'GET' && route.auth === 'user');
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HandlerArgs<A, B, Q, P> {
  ctx: Context;
  actor: A;
  /** For `auth: 'node'` (and `'user-or-node'`) routes: the peer node whose token was accepted. */
  peer: PeerRow | null;
  body: B;
  query: Q;
  params: P;
  /** For `versioned` routes: the version the request edits, from If-Match (undefined: any, where optional). */
  ifMatch: number | undefined;
  request: FastifyRequest;
  reply: FastifyReply;
}

export interface RouteSpec<
  Auth extends RouteAuth = RouteAuth,
  B extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  P extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  method: HttpMethod;
  url: string;
  summary: string;
  tag: string;
  /** public: anyone; user: a signed-in person or API token; node: a peer node's token (node-token.ts); user-or-node: either. */
  auth: Auth;
  /** The API token scope the route needs; by default `read` for GET and `write` otherwise (see routeScope). */
  scope?: RouteScope;
  body?: B;
  query?: Q;
  params?: P;
  response: R;
  status?: number;
  /** Largest accepted body in bytes when above the API-wide 1 MiB (bulk imports). */
  bodyLimit?: number;
  reads?: ReadPath;
  /** The route edits a versioned record: `If-Match` names the version edited (required: 428 without it; a stale one is 409). */
  versioned?: 'required' | 'optional';
  /** Whether the route takes an Idempotency-Key; by default writes with `auth: 'user'` do (see routeIdempotent). */
  idempotent?: boolean;
  handler(
    args: HandlerArgs<Auth extends 'user' ? UserActor : UserActor | null, z.output<B>, z.output<Q>, z.output<P>>,
  ): Promise<z.input<R>>;
}

/** Identity function that keeps each route's types precise while the table holds them all. */
export function defineRoute<
  Auth extends RouteAuth,
  B extends z.ZodType = z.ZodUndefined,
  Q extends z.ZodType = z.ZodUndefined,
  P extends z.ZodType = z.ZodUndefined,
  R extends z.ZodType = z.ZodType,
>(spec: RouteSpec<Auth, B, Q, P, R>): RouteSpec {
  return spec as unknown as RouteSpec;
}
