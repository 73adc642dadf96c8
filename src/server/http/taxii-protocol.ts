/**
 * TAXII 2.1's HTTP rules that hold for every path under /taxii2/, before any route runs: content
 * negotiation (406 when the Accept header allows no TAXII 2.1 answer, decision 0021), the request
 * body's media type (415 unless it is TAXII 2.1's, decision 0026) and 405 with `Allow` for a
 * method a TAXII path does not take.
 */
import { AppError } from '../domain/app-error';
import type { FastifyInstance } from 'fastify';
import type { RouteSpec } from './route';

export const TAXII_PREFIX = '/taxii2/';
/** The largest request body the API root takes (its `max_content_length`); larger ones are answered 413. */
export const TAXII_MAX_CONTENT_LENGTH = 10_485_760;

/** A media type's type and its parameters, lower-cased, quotes taken off values. */
function mediaRange(range: string): { type: string; param: (name: string) => string | undefined } {
  const [type = '', ...params] = range.split(';').map((s) => s.trim().toLowerCase());
  const pairs = params.map((p) => p.split('=').map((s) => s.trim().replace(/^"(.*)"$/, '$1')));
  return { type, param: (name) => pairs.find(([key]) => key === name)?.[1] };
}

/**
 * Whether an Accept header allows `application/taxii+json;version=2.1`: no header (RFC 9110, 12.5.1:
 * any type), `*` ranges, or the TAXII type with version 2.1 or no version (TAXII 2.1, 1.6.8: the
 * latest the server speaks) — each with a quality above 0. Anything else (TAXII 2.0's types, plain
 * JSON) is not this server's answer.
 */
export function acceptsTaxii(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  return accept.split(',').some((range) => {
    const { type, param } = mediaRange(range);
    const quality = param('q');
    if (quality !== undefined && !(Number(quality) > 0)) return false;
    if (type === '*/*' || type === 'application/*') return true;
    if (type !== 'application/taxii+json') return false;
    const version = param('version');
    return version === undefined || version === '2.1';
  });
}

/**
 * Whether a request body's Content-Type is TAXII 2.1's: `application/taxii+json` with version 2.1
 * or no version (TAXII 2.1, 1.6.8: the latest the server speaks). Plain JSON and TAXII 2.0's
 * types are not (the envelope is TAXII 2.1's own).
 */
export function isTaxiiBody(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const { type, param } = mediaRange(contentType);
  const version = param('version');
  return type === 'application/taxii+json' && (version === undefined || version === '2.1');
}

export const UNSUPPORTED_BODY_MESSAGE =
  'Send the envelope with Content-Type: application/taxii+json;version=2.1 (TAXII 2.1); no other media type is taken.';
export const TOO_LARGE_MESSAGE = `The envelope is larger than this API root's max_content_length (${TAXII_MAX_CONTENT_LENGTH.toLocaleString('en')} bytes); send its objects in several requests.`;

/** A framework error under /taxii2/ in TAXII's terms (the body limits and types are TAXII's, not the rest of the API's). */
export function taxiiError(error: AppError): AppError {
  if (error.code === 'PAYLOAD_TOO_LARGE') return new AppError('PAYLOAD_TOO_LARGE', TOO_LARGE_MESSAGE);
  if (error.code === 'UNSUPPORTED_MEDIA_TYPE') return new AppError('UNSUPPORTED_MEDIA_TYPE', UNSUPPORTED_BODY_MESSAGE);
  return error;
}

export const NOT_ACCEPTABLE_MESSAGE =
  'This server answers in application/taxii+json;version=2.1 (TAXII 2.1) only: send Accept: application/taxii+json;version=2.1.';

/** A TAXII route's path as a pattern for concrete paths (`:name` stands for one segment). */
const patternOf = (url: string) => new RegExp(`^${url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z]+/g, '[^/]+')}$`);

/** The methods a concrete TAXII path takes (HEAD wherever GET is: Fastify answers it), or none for an unknown path. */
export function taxiiMethodsAt(routes: RouteSpec[], path: string): string[] {
  const methods = new Set<string>();
  for (const route of routes) {
    if (!route.url.startsWith(TAXII_PREFIX) || !patternOf(route.url).test(path)) continue;
    methods.add(route.method);
    if (route.method === 'GET') methods.add('HEAD');
  }
  return [...methods].sort();
}

/**
 * Content negotiation for the TAXII routes, checked before authentication: what a client may accept
 * or sends tells nothing about anyone's records. A body is read only once its type is TAXII's.
 */
export function registerTaxiiProtocol(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith(TAXII_PREFIX) || request.is404) return;
    if (!acceptsTaxii(request.headers.accept)) throw new AppError('NOT_ACCEPTABLE', NOT_ACCEPTABLE_MESSAGE);
    if (request.method === 'POST' && !isTaxiiBody(request.headers['content-type']))
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', UNSUPPORTED_BODY_MESSAGE);
  });
}

/** The answer to a TAXII path no route takes with this method: 405 with Allow, or null (a 404). */
export function taxiiMethodNotAllowed(routes: RouteSpec[], method: string, path: string): { allow: string; error: AppError } | null {
  if (!path.startsWith(TAXII_PREFIX)) return null;
  const methods = taxiiMethodsAt(routes, path);
  if (methods.length === 0 || methods.includes(method)) return null;
  return {
    allow: methods.join(', '),
    error: new AppError('METHOD_NOT_ALLOWED', `${path} takes ${methods.join(', ')}, not ${method}.`),
  };
}
