/**
 * The one error format of the API: every error leaves as `{ error: { code, message, issues? } }`
 * (TAXII's own format under /taxii2/) — those of the handlers, and Fastify's own before any route
 * runs (a bad or too long URL, through `frameworkErrors`) or before a request is even parsed as
 * HTTP (`clientErrorHandler`).
 */
import http from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../domain/app-error';
import { storageError } from '../domain/storage-errors';
import type { ErrorBody } from '../../shared/contracts/errors';
import { taxiiError } from './taxii-protocol';

export const TAXII_MEDIA_TYPE = 'application/taxii+json;version=2.1';
/** The longest path parameter the router takes; ids are UUIDs (36). */
export const MAX_PARAM_LENGTH = 200;

const FASTIFY_CODES: Record<string, () => AppError> = {
  FST_ERR_CTP_BODY_TOO_LARGE: () =>
    new AppError(
      'PAYLOAD_TOO_LARGE',
      'The request is larger than the node accepts (1 MiB; bulk imports 32 MiB): send fewer records or a smaller file.',
    ),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () => new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.'),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => new AppError('MALFORMED_REQUEST', 'The Content-Length header does not match the body.'),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => new AppError('MALFORMED_REQUEST', 'The JSON body is empty.'),
  FST_ERR_CTP_INVALID_JSON_BODY: () => new AppError('MALFORMED_REQUEST', 'The request body is not valid JSON.'),
  FST_ERR_BAD_URL: () => new AppError('MALFORMED_REQUEST', 'The URL is not valid: check its percent-encoding (UTF-8).'),
  FST_ERR_MAX_PARAM_LENGTH: () =>
    new AppError('URI_TOO_LONG', `A part of the path is longer than ${MAX_PARAM_LENGTH} characters; ids are UUIDs.`),
  FST_ERR_ASYNC_CONSTRAINT: () => new AppError('MALFORMED_REQUEST', 'The request is not valid.'),
};

/** Seconds a client should wait before sending again while the database is away. */
export const RETRY_AFTER_SECONDS = 5;

export function toAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  const code = (error as FastifyError | undefined)?.code;
  if (code && FASTIFY_CODES[code]) return FASTIFY_CODES[code]();
  const storage = storageError(error);
  if (storage) return storage;
  const status = (error as FastifyError | undefined)?.statusCode;
  if (status === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.');
  if (status === 413)
    return new AppError(
      'PAYLOAD_TOO_LARGE',
      'The request is larger than the node accepts (1 MiB; bulk imports 32 MiB): send fewer records or a smaller file.',
    );
  if (status && status >= 400 && status < 500) return new AppError('MALFORMED_REQUEST', (error as Error).message);
  return null;
}

export function errorBody(error: AppError): ErrorBody {
  return { error: { code: error.code, message: error.message, ...(error.issues ? { issues: error.issues } : {}) } };
}

/** Answers any error: a known one with its status and message, anything else as a logged 500 without detail. */
export function replyWithError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  let known = toAppError(error);
  // Too large: say how large this endpoint takes, when the router knows it.
  const limit = request.routeOptions?.bodyLimit;
  if (known?.code === 'PAYLOAD_TOO_LARGE' && limit)
    known = new AppError(
      'PAYLOAD_TOO_LARGE',
      `The request is larger than this endpoint accepts (${Math.round((limit / 1_048_576) * 10) / 10} MiB): send a smaller file or fewer records.`,
    );
  if (known) {
    if (known.status >= 500) request.log.warn({ err: error }, known.message);
  } else {
    request.log.error({ err: error }, 'unhandled error');
    known = new AppError('INTERNAL', 'Something went wrong on the server; the error was logged.');
  }
  const retryAfter = known.retryAfterSeconds ?? (known.code === 'SERVICE_UNAVAILABLE' ? RETRY_AFTER_SECONDS : undefined);
  if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
  // A TAXII client told to authenticate learns how (RFC 9110, 11.6.1): a bearer token, or Basic with a token as the password.
  if (known.status === 401 && request.url.startsWith('/taxii2/'))
    reply.header('www-authenticate', ['Bearer realm="Concord TAXII"', 'Basic realm="Concord TAXII", charset="UTF-8"']);
  // TAXII clients expect TAXII's error message (RFC: TAXII 2.1, 3.6.1).
  if (request.url.startsWith('/taxii2/')) {
    known = taxiiError(known);
    return reply
      .status(known.status)
      .header('content-type', TAXII_MEDIA_TYPE)
      .send({ title: known.message, error_code: known.code, http_status: String(known.status) });
  }
  return reply.status(known.status).type('application/json; charset=utf-8').send(errorBody(known));
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler(replyWithError);
}

const CLIENT_ERRORS: Record<string, () => AppError> = {
  ERR_HTTP_REQUEST_TIMEOUT: () => new AppError('REQUEST_TIMEOUT', 'The request took too long to arrive; send it again.'),
  HPE_HEADER_OVERFLOW: () =>
    new AppError(
      'HEADERS_TOO_LARGE',
      `The request line and headers are larger than ${http.maxHeaderSize / 1024} KiB; send a shorter URL or fewer headers.`,
    ),
  HPE_INVALID_METHOD: () => new AppError('MALFORMED_REQUEST', 'The HTTP method is not one this server knows.'),
};

/**
 * A request Node's HTTP parser refused (no route, no Fastify request): answered on the socket in
 * the same format, then the connection closed, as Node itself would.
 */
export function answerClientError(this: FastifyInstance, error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const known = CLIENT_ERRORS[error.code ?? '']?.() ?? new AppError('MALFORMED_REQUEST', 'The request is not valid HTTP.');
  this.log.debug({ err: error }, 'client error');
  if (socket.writable) {
    const body = JSON.stringify(errorBody(known));
    socket.write(
      `HTTP/1.1 ${known.status} ${http.STATUS_CODES[known.status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
