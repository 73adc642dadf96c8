/**
 * Outgoing e-mail through an outbox: a message is queued in the transaction that decides to send
 * it (so it is sent exactly when that change commits) and sent afterwards by a job, over SMTP with
 * nodemailer, retried with backoff until the server accepts it. Messages carry only a minimal line
 * and a link — never a record's content. Without CONCORD_SMTP_URL nothing is queued.
 */
import { createTransport } from 'nodemailer';
import { mailRepository } from '../../db/repositories/mail-repository';
import type { Kysely } from 'kysely';
import type { Context } from '../../context';
import type { DB } from '../../db/schema';

export interface OutgoingMail {
  to: string;
  subject: string;
  body: string;
}

/** Queues messages inside the caller's transaction (nothing when the node sends no mail). */
export async function queueMail(db: Kysely<DB>, ctx: Context, messages: OutgoingMail[]): Promise<void> {
  if (!ctx.config.smtpUrl || messages.length === 0) return;
  const now = ctx.clock.now();
  await mailRepository(db).queue(
    messages.map((m) => ({
      id: ctx.ids.uuid(),
      to_address: m.to,
      subject: m.subject,
      body: m.body,
      created_at: now,
      next_attempt_at: now,
    })),
  );
}

type Transport = ReturnType<typeof createTransport>;
const transports = new WeakMap<Context, Transport>();

function transportOf(ctx: Context): Transport | null {
  if (!ctx.config.smtpUrl) return null;
  let transport = transports.get(ctx);
  if (!transport) {
    transport = createTransport(ctx.config.smtpUrl, { from: ctx.config.mailFrom });
    transports.set(ctx, transport);
  }
  return transport;
}

/** The wait before the next attempt: 30 s, 1 min, 2 min, … at most an hour. */
export const retryDelayMs = (attempts: number) => Math.min(30_000 * 2 ** (attempts - 1), 3_600_000);

/** Sends what is due, in batches; returns how many were accepted by the server. */
export async function sendDueMail(ctx: Context, batch = 20): Promise<number> {
  const transport = transportOf(ctx);
  if (!transport) return 0;
  let sent = 0;
  for (;;) {
    const count = await ctx.database.transaction(async (tx) => {
      const outbox = mailRepository(tx.db);
      const due = await outbox.due(ctx.clock.now(), batch);
      for (const message of due) {
        try {
          await transport.sendMail({ to: message.to_address, subject: message.subject, text: message.body });
          await outbox.markSent(message.id, ctx.clock.now());
          sent++;
        } catch (error) {
          const attempts = message.attempts + 1;
          await outbox.markFailed(
            message.id,
            attempts,
            new Date(ctx.clock.now().getTime() + retryDelayMs(attempts)),
            String((error as Error).message ?? error),
          );
          ctx.logger.warn({ err: error, to: message.to_address, attempts }, 'mail not accepted; will retry');
        }
      }
      return due.length;
    });
    if (count < batch) return sent;
  }
}
