/**
 * The JSON body parser: strict UTF-8, a nesting limit, text the database can store (no NUL, no
 * unpaired surrogate from a `\u` escape), and messages that say what to fix.
 * (Prototype-poisoning keys are rejected as Fastify's own parser would.)
 */
import type { FastifyInstance } from 'fastify';
import { unstorableText } from '../../shared/contracts/common';
import { AppError } from '../domain/app-error';
import type { ErrorIssue } from '../domain/app-error';

export const MAX_BODY_BYTES = 1_048_576;
export const MAX_JSON_DEPTH = 32;

const decoder = new TextDecoder('utf-8', { fatal: true });

function depthOf(value: unknown, depth = 0): number {
  if (depth > MAX_JSON_DEPTH) return depth;
  if (value === null || typeof value !== 'object') return depth;
  let max = depth + 1;
  for (const child of Object.values(value as Record<string, unknown>)) {
    max = Math.max(max, depthOf(child, depth + 1));
    if (max > MAX_JSON_DEPTH) break;
  }
  return max;
}

export function registerJsonBodyParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    ['application/json', 'application/merge-patch+json', 'application/taxii+json'],
    { parseAs: 'buffer' },
    (_request, body, done) => {
      let text: string;
      try {
        text = decoder.decode(body as Buffer);
      } catch {
        done(new AppError('MALFORMED_REQUEST', 'The request body is not valid UTF-8.'), undefined);
        return;
      }
      if (text.trim() === '') {
        done(null, undefined);
        return;
      }
      let value: unknown;
      try {
        value = JSON.parse(text, (key, v: unknown) => {
          if (key === '__proto__' || key === 'constructor') throw new SyntaxError(`The key "${key}" is not allowed.`);
          return v;
        });
      } catch (error) {
        done(new AppError('MALFORMED_REQUEST', `The request body is not valid JSON: ${(error as Error).message}`), undefined);
        return;
      }
      if (depthOf(value) > MAX_JSON_DEPTH) {
        done(new AppError('MALFORMED_REQUEST', `The request body is nested more than ${MAX_JSON_DEPTH} levels deep.`), undefined);
        return;
      }
      const unstorable = unstorableText(value);
      if (unstorable.length > 0) {
        done(invalidParts('body', unstorable), undefined);
        return;
      }
      done(null, value);
    },
  );
}

/** The one answer for a part of a request (path, query, body) that does not pass: every issue, by field. */
export function invalidParts(part: string, issues: ErrorIssue[]): AppError {
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  return new AppError('VALIDATION_FAILED', `The request ${part} is not valid — ${summary}`, issues);
}
