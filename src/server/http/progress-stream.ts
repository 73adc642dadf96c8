/**
 * Long work with progress over HTTP: when the client accepts `application/x-ndjson`, the answer is
 * one JSON line per progress step, then `{"result": …}` or `{"error": …}`. Problems found before
 * any progress (bad input, no permission) still answer with their own status, as without streaming.
 * A request with an Idempotency-Key is never streamed: its answer is the one kept with the change,
 * given whole once the change has committed (idempotency.ts).
 */
import { PassThrough } from 'node:stream';
import { AppError } from '../domain/app-error';
import { errorBody, toAppError } from './error-handler';
import type { FastifyReply, FastifyRequest } from 'fastify';

export type ProgressReporter = (stage: string, done: number, total: number) => void;

export function wantsProgress(request: FastifyRequest): boolean {
  return String(request.headers.accept ?? '').includes('application/x-ndjson') && request.headers['idempotency-key'] === undefined;
}

export async function withProgress<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  work: (progress: ProgressReporter) => Promise<T>,
): Promise<T | PassThrough> {
  const stream = new PassThrough();
  let started!: () => void;
  const firstStep = new Promise<void>((resolve) => (started = resolve));
  const running = work((stage, done, total) => {
    started();
    stream.write(`${JSON.stringify({ stage, done, total })}\n`);
  });
  // Wait for the first step or the end: an early failure keeps its status code.
  const early = await Promise.race([firstStep.then(() => null), running.then((value) => ({ value }))]);
  if (early) return early.value;
  running
    .then((result) => stream.end(`${JSON.stringify({ result })}\n`))
    .catch((error: unknown) => {
      const known = toAppError(error);
      if (!known) request.log.error({ err: error }, 'unhandled error during streamed work');
      stream.end(`${JSON.stringify(errorBody(known ?? new AppError('INTERNAL', 'The work failed; nothing was written.')))}\n`);
    });
  reply.type('application/x-ndjson; charset=utf-8');
  return stream;
}
