/**
 * The HTTP side of idempotent requests (domain/idempotency/idempotent-requests.ts): the
 * `Idempotency-Key` header, what makes two requests the same (the fingerprint), and an answer as
 * kept — status, its own headers, the body's exact text — sent the first time and on every replay
 * alike. A replay says so in `Idempotent-Replayed: true`.
 */
import crypto from 'node:crypto';
import canonicalize from 'canonicalize';
import { AppError } from '../domain/app-error';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { StoredAnswer } from '../domain/idempotency/idempotent-requests';

export const REPLAYED_HEADER = 'idempotent-replayed';
/** The headers that belong to an answer (the rest are the node's, set on every answer). */
const ANSWER_HEADERS = ['content-type', 'etag', 'location'];
const KEY = /^[\x21-\x7e]{1,255}$/;

/** The request's Idempotency-Key, or null without one. */
export function idempotencyKeyOf(request: FastifyRequest): string | null {
  const value = request.headers['idempotency-key'];
  if (value === undefined) return null;
  if (typeof value !== 'string' || !KEY.test(value))
    throw new AppError(
      'VALIDATION_FAILED',
      'Idempotency-Key takes one key of 1 to 255 visible ASCII characters (a UUID, say), new for each new request.',
      [{ path: 'Idempotency-Key', message: 'Not a key.' }],
    );
  return value;
}

/** What makes a retry the same request: the path with its query, the body, the version edited. */
export function fingerprintOf(request: FastifyRequest): string {
  const content = canonicalize({ url: request.url, body: request.body ?? null, ifMatch: request.headers['if-match'] ?? null }) ?? '';
  return crypto.createHash('sha256').update(content).digest('hex');
}

/** The handler's result as the answer to keep and send. */
export function answerOf(reply: FastifyReply, status: number, result: unknown): StoredAnswer {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  for (const name of ANSWER_HEADERS) {
    const value = reply.getHeader(name);
    if (value !== undefined) headers[name] = String(value);
  }
  return { status, headers, body: JSON.stringify(result) ?? '' };
}

export function sendAnswer(reply: FastifyReply, answer: StoredAnswer, replayed: boolean): FastifyReply {
  reply.status(answer.status);
  for (const [name, value] of Object.entries(answer.headers)) reply.header(name, value);
  if (replayed) reply.header(REPLAYED_HEADER, 'true');
  return reply.send(answer.body);
}
