/**
 * Outgoing e-mail through an outbox: a message is queued in the transaction that decides to send
 * it (so it is sent exactly when that change commits) and sent afterwards by a job, over SMTP with
 * nodemailer, retried with backoff until the server accepts it. Messages carry only a minimal line
 * and a link — never a record's content. Without CONCORD_SMTP_URL nothing is queued.
 */
import { createTransport } from 'nodemailer';
import { mailRepository } from '../../db/repositories/mail-repository';
import { drainOutbox } from '../outbox/drain-outbox';
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

/** Sends what is due, in batches; returns how many were accepted by the server. */
export async function sendDueMail(ctx: Context, batch = 20): Promise<number> {
  const transport = transportOf(ctx);
  if (!transport) return 0;
  return drainOutbox(
    ctx,
    mailRepository,
    async (message) => {
      await transport.sendMail({ to: message.to_address, subject: message.subject, text: message.body });
      return { sent: true };
    },
    (message) => ({ to: message.to_address }),
    batch,
  );
}
