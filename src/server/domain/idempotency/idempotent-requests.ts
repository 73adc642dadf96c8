/**
 * Idempotent requests: a state-changing request sent with an `Idempotency-Key` is done once. Its
 * answer is kept with the change, in the same transaction (a unit of work, db/unit-of-work.ts),
 * per caller, route and key: a retry with the same key finds it exactly when the change was
 * committed — even when the node or the database died between the commit and the answer — and
 * gets that answer back without the work being done again. A request that failed changed nothing
 * and kept nothing, so its retry runs anew. The same key with another request (path, query, body,
 * If-Match) is refused. Keys are kept for IDEMPOTENCY_KEY_HOURS.
 */
import { isRetryableConflict } from '../../db/database';
import { idempotencyKeyRepository } from '../../db/repositories/idempotency-key-repository';
import { AppError } from '../app-error';
import type { Context } from '../../context';

export const IDEMPOTENCY_KEY_HOURS = 24;
/**
 * A unit of work holds its locks for the whole request, so under contention PostgreSQL picks it as
 * a deadlock's victim more often than a short transaction: it gets more tries, a moment apart.
 */
const ATTEMPTS = 6;
const pauseBeforeRetry = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * 25 * attempt));

/** Who sent which key to which route, and a hash of what they sent with it. */
export interface IdempotencyClaim {
  caller: string;
  /** `METHOD /url/:pattern`. */
  route: string;
  key: string;
  fingerprint: string;
}

/** An answer as sent: status, the headers that belong to it, the body's exact text. */
export interface StoredAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A concurrent request with the same key committed first. */
class IdempotencyKeyTaken extends Error {}

/** The answer kept for the claim's key, or null; another request under the same key is refused (422). */
export async function keptAnswer(ctx: Context, claim: IdempotencyClaim): Promise<StoredAnswer | null> {
  const row = await idempotencyKeyRepository(ctx.database.root.db).find(claim.caller, claim.route, claim.key, ctx.clock.now());
  if (!row) return null;
  if (row.fingerprint !== claim.fingerprint) {
    throw new AppError(
      'IDEMPOTENCY_KEY_REUSED',
      `This Idempotency-Key was used in the last ${IDEMPOTENCY_KEY_HOURS} hours for a different request (another path, query, body or If-Match): use a new key for a new request.`,
    );
  }
  return { status: row.status, headers: row.headers, body: row.body };
}

/**
 * Does `work` once for the claim's key: the answer kept for it when there is one (`replayed`), or
 * `work`'s answer, committed with everything `work` changed through the context it is given.
 * `work` runs again when PostgreSQL broke a deadlock by aborting it (it wrote nothing).
 */
export async function runIdempotent(
  ctx: Context,
  claim: IdempotencyClaim,
  work: (unitCtx: Context) => Promise<StoredAnswer>,
): Promise<{ answer: StoredAnswer; replayed: boolean }> {
  const kept = await keptAnswer(ctx, claim);
  if (kept) return { answer: kept, replayed: true };
  for (let attempt = 1; ; attempt++) {
    const unit = ctx.database.beginUnit<StoredAnswer>(async (db, answer) => {
      const now = ctx.clock.now();
      const stored = await idempotencyKeyRepository(db).store(
        { ...claim, ...answer, created_at: now, expires_at: new Date(now.getTime() + IDEMPOTENCY_KEY_HOURS * 3_600_000) },
        now,
      );
      if (!stored) throw new IdempotencyKeyTaken('the key was taken by a concurrent request');
    });
    let answer: StoredAnswer;
    try {
      answer = await work({ ...ctx, database: unit.database });
    } catch (error) {
      await unit.abandon(error);
      if (attempt < ATTEMPTS && isRetryableConflict(error)) {
        await pauseBeforeRetry(attempt);
        continue;
      }
      return { answer: await answerOfConcurrentTwin(ctx, claim, error), replayed: true };
    }
    try {
      await unit.finish(answer);
    } catch (error) {
      if (attempt < ATTEMPTS && isRetryableConflict(error)) {
        await pauseBeforeRetry(attempt);
        continue;
      }
      return { answer: await answerOfConcurrentTwin(ctx, claim, error), replayed: true };
    }
    return { answer, replayed: false };
  }
}

/**
 * After a failure: a concurrent request with the same key may have committed first (its change can
 * be why this one failed — a stale If-Match, say); its answer is this request's too. Otherwise the
 * failure stands.
 */
async function answerOfConcurrentTwin(ctx: Context, claim: IdempotencyClaim, error: unknown): Promise<StoredAnswer> {
  let first: StoredAnswer | null;
  try {
    first = await keptAnswer(ctx, claim);
  } catch (lookup) {
    throw lookup instanceof AppError ? lookup : error;
  }
  if (first) return first;
  if (error instanceof IdempotencyKeyTaken)
    throw new AppError('CONFLICT', 'Another request with this Idempotency-Key is being answered; send it again in a moment.');
  throw error;
}

/** Forgets keys past their time, a batch at a time; returns how many. */
export async function forgetExpiredKeys(ctx: Context, batch = 1_000): Promise<number> {
  let forgotten = 0;
  for (;;) {
    const deleted = await idempotencyKeyRepository(ctx.database.db).deleteExpired(ctx.clock.now(), batch);
    forgotten += deleted;
    if (deleted < batch) return forgotten;
  }
}
