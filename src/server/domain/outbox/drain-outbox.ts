/**
 * What the e-mail and push outboxes share: messages queued in the deciding transaction are sent
 * afterwards in batches, each batch's rows locked (other processes skip them); a refusal is tried
 * again after 30 s, 1 min, 2 min, … at most an hour; a recipient gone for good is forgotten.
 */
import type { Kysely } from 'kysely';
import type { Context } from '../../context';
import type { DB } from '../../db/schema';

/** The wait before the next attempt: 30 s, 1 min, 2 min, … at most an hour. */
export const retryDelayMs = (attempts: number) => Math.min(30_000 * 2 ** (attempts - 1), 3_600_000);

export interface Outbox<M extends { id: string; attempts: number }> {
  due(now: Date, limit: number): Promise<M[]>;
  markSent(id: string, at: Date): Promise<unknown>;
  markFailed(id: string, attempts: number, nextAttemptAt: Date, error: string): Promise<unknown>;
  /** The recipient is gone for good (e.g. an unsubscribed browser). */
  forget?(message: M): Promise<unknown>;
}

export type Delivery = { sent: true } | { sent: false; error: string; gone?: boolean };

/** Sends what is due; returns how many the far side accepted. */
export async function drainOutbox<M extends { id: string; attempts: number }>(
  ctx: Context,
  outboxOf: (db: Kysely<DB>) => Outbox<M>,
  deliver: (message: M) => Promise<Delivery>,
  describe: (message: M) => Record<string, unknown>,
  batch = 20,
): Promise<number> {
  let sent = 0;
  for (;;) {
    const count = await ctx.database.transaction(async (tx) => {
      const outbox = outboxOf(tx.db);
      const due = await outbox.due(ctx.clock.now(), batch);
      for (const message of due) {
        const delivery = await deliver(message).catch((error: unknown): Delivery => ({
          sent: false,
          error: String((error as Error).message ?? error),
        }));
        if (delivery.sent) {
          await outbox.markSent(message.id, ctx.clock.now());
          sent++;
        } else if (delivery.gone && outbox.forget) {
          await outbox.forget(message);
        } else {
          const attempts = message.attempts + 1;
          await outbox.markFailed(message.id, attempts, new Date(ctx.clock.now().getTime() + retryDelayMs(attempts)), delivery.error);
          ctx.logger.warn({ ...describe(message), attempts, error: delivery.error }, 'message not accepted; will retry');
        }
      }
      return due.length;
    });
    if (count < batch) return sent;
  }
}
