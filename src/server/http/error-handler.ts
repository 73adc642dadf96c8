/** The one error handler of the API: every error leaves as `{ error: { code, message, issues? } }`. */
import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError } from '../domain/app-error';
import type { ErrorBody } from '../../shared/contracts/errors';

export const TAXII_MEDIA_TYPE = 'application/taxii+json;version=2.1';

const FASTIFY_CODES: Record<string, () => AppError> = {
  FST_ERR_CTP_BODY_TOO_LARGE: () =>
    new AppError('PAYLOAD_TOO_LARGE', 'The request body is larger than this endpoint accepts (1 MiB; bulk imports 32 MiB); send less.'),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () => new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.'),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => new AppError('MALFORMED_REQUEST', 'The Content-Length header does not match the body.'),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => new AppError('MALFORMED_REQUEST', 'The JSON body is empty.'),
  FST_ERR_CTP_INVALID_JSON_BODY: () => new AppError('MALFORMED_REQUEST', 'The request body is not valid JSON.'),
  FST_ERR_BAD_URL: () => new AppError('MALFORMED_REQUEST', 'The URL is not valid.'),
  FST_ERR_ASYNC_CONSTRAINT: () => new AppError('MALFORMED_REQUEST', 'The request is not valid.'),
};

const UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  '57P01',
  '57P02',
  '57P03',
  '53100',
  '08000',
  '08001',
  '08003',
  '08006',
]);

export function toAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  const code = (error as FastifyError | undefined)?.code;
  if (code && FASTIFY_CODES[code]) return FASTIFY_CODES[code]();
  if (code && UNAVAILABLE.has(code)) return new AppError('SERVICE_UNAVAILABLE', 'The database is unavailable; try again shortly.');
  const status = (error as FastifyError | undefined)?.statusCode;
  if (status === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.');
  if (status === 413)
    return new AppError(
      'PAYLOAD_TOO_LARGE',
      'The request body is larger than this endpoint accepts (1 MiB; bulk imports 32 MiB); send less.',
    );
  if (status && status >= 400 && status < 500) return new AppError('MALFORMED_REQUEST', (error as Error).message);
  return null;
}

export function errorBody(error: AppError): ErrorBody {
  return { error: { code: error.code, message: error.message, ...(error.issues ? { issues: error.issues } : {}) } };
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const known = toAppError(error);
    if (known) {
      if (known.status >= 500) request.log.warn({ err: error }, known.message);
      if (known.retryAfterSeconds !== undefined) reply.header('retry-after', String(known.retryAfterSeconds));
      // TAXII clients expect TAXII's error message (RFC: TAXII 2.1, 3.6.1).
      if (request.url.startsWith('/taxii2/'))
        return reply
          .status(known.status)
          .header('content-type', TAXII_MEDIA_TYPE)
          .send({ title: known.message, error_code: known.code, http_status: String(known.status) });
      return reply.status(known.status).type('application/json; charset=utf-8').send(errorBody(known));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply
      .status(500)
      .type('application/json; charset=utf-8')
      .send(errorBody(new AppError('INTERNAL', 'Something went wrong on the server; the error was logged.')));
  });
}
