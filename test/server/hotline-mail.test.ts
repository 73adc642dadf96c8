import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { raiseAlert } from '../../src/server/domain/hotline/alert-service';
import { sendDueMail } from '../../src/server/domain/mail/mail-outbox';
import { formatUtc } from '../../src/shared/time/format-moment';
import { label, makeOrg, makeUser } from '../kit/factories';
import { startTestNode } from '../kit/test-node';
import type { AddressInfo } from 'node:net';
import type { MadeUser } from '../kit/factories';
import type { TestNode } from '../kit/test-node';

/** Hotline e-mail through the outbox, against an SMTP server the test starts on 127.0.0.1. */
interface Received {
  to: string[];
  raw: string;
}
const received: Received[] = [];
let refuseNext = 0;
let smtp: SMTPServer;
let node: TestNode;
const users: Record<string, MadeUser> = {};
let deskId = '';

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (refuseNext > 0) {
        refuseNext--;
        const error = new Error('Mailbox busy, try later') as Error & { responseCode: number };
        error.responseCode = 451;
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const { port } = smtp.server.address() as AddressInfo;
  node = await startTestNode('PAK', { CONCORD_SMTP_URL: `smtp://127.0.0.1:${port}`, CONCORD_MAIL_FROM: 'hotline@pak.example' });
  const { ctx } = node;
  const kazOrg = await makeOrg(ctx, 'KAZ', 'KAZ border service');
  users.pak = await makeUser(ctx, { nation: 'PAK', roles: ['duty-officer'] });
  users.kazPrimary = await makeUser(ctx, { nation: 'KAZ', org: kazOrg, roles: ['analyst'], email: 'primary@kaz.example' });
  users.kazNoMail = await makeUser(ctx, { nation: 'KAZ', org: kazOrg, roles: ['analyst'] });
  users.kazAdmin = await makeUser(ctx, { nation: 'KAZ', org: kazOrg, roles: ['duty-officer'] });
  users.tjk = await makeUser(ctx, { nation: 'TJK', roles: ['duty-officer'], email: 'duty@tjk.example' });
  const { createDesk, setRoster } = await import('../../src/server/domain/hotline/desk-service');
  deskId = (await createDesk(ctx, users.kazAdmin.actor, 'KAZ border duty')).id;
  // A TJK officer on a KAZ roster cannot happen (rosters hold the desk's nation only); TJK is here to receive nothing.
  await setRoster(ctx, users.kazAdmin.actor, deskId, { primary: [users.kazPrimary.id, users.kazNoMail.id], deputy: [], headquarters: [] });
});
afterAll(async () => {
  await node.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

const alert = (over: object = {}) =>
  ({
    severity: 'immediate',
    summary: 'Convoy ambushed on the M39, casualties unknown',
    details: 'Grid reference and unit details follow by secure channel.',
    label: label({ classification: 'RESTRICTED', relTo: ['KAZ'], tlp: 'GREEN' }),
    targetDesks: [deskId],
    exercise: false,
    ...over,
  }) as Parameters<typeof raiseAlert>[2];

describe('hotline e-mail', () => {
  it('reaches the people of the step who have an address, with a line and a link — never the alert itself', async () => {
    const raised = await raiseAlert(node.ctx, users.pak!.actor, alert());
    expect(received).toHaveLength(0); // queued with the alert, sent after commit by the job
    expect(await sendDueMail(node.ctx)).toBe(1);
    expect(received).toHaveLength(1);
    const [message] = received;
    expect(message!.to).toEqual(['primary@kaz.example']);
    expect(message!.raw).toMatch(/^Subject: IMMEDIATE alert for KAZ border duty \(primary\): acknowledge it\./m);
    expect(message!.raw).toContain(`/alerts/${raised.id}`);
    expect(message!.raw).toMatch(/^From: hotline@pak\.example/m);
    expect(message!.raw).not.toContain('Convoy');
    expect(message!.raw).not.toContain('Grid reference');
    expect(received.flatMap((m) => m.to)).not.toContain('duty@tjk.example');
    expect(await sendDueMail(node.ctx)).toBe(0); // sent once
  });

  it('retries with backoff when the server refuses for now, and marks exercise messages', async () => {
    received.length = 0;
    refuseNext = 1;
    await raiseAlert(node.ctx, users.pak!.actor, alert({ exercise: true }));
    expect(await sendDueMail(node.ctx)).toBe(0);
    expect(received).toHaveLength(0);
    node.clock.advance(10_000);
    expect(await sendDueMail(node.ctx)).toBe(0); // not yet due again
    node.clock.advance(25_000);
    expect(await sendDueMail(node.ctx)).toBe(1);
    expect(received[0]!.raw).toMatch(/^Subject: EXERCISE EXERCISE EXERCISE: IMMEDIATE alert/m);
  });

  it("speaks each reader's own language, with the moment written in UTC as in the app", async () => {
    const { createDesk, setRoster } = await import('../../src/server/domain/hotline/desk-service');
    const kazOrg = users.kazPrimary!.org;
    const kk = await makeUser(node.ctx, { nation: 'KAZ', org: kazOrg, roles: ['analyst'], email: 'kezekshi@kaz.example', language: 'kk' });
    const desk = (await createDesk(node.ctx, users.kazAdmin!.actor, 'Шекара кезекшілігі')).id;
    await setRoster(node.ctx, users.kazAdmin!.actor, desk, { primary: [kk.id], deputy: [], headquarters: [] });
    received.length = 0;
    const raised = await raiseAlert(node.ctx, users.pak!.actor, alert({ targetDesks: [desk], severity: 'flash' }));
    expect(await sendDueMail(node.ctx)).toBe(1);
    const mail = decodeMail(received[0]!.raw);
    expect(mail.subject).toBe('Шекара кезекшілігі посты үшін «АСА ШҰҒЫЛ» дабылы (негізгі): қабылдағаныңызды растаңыз.');
    expect(mail.body).toContain(`Жіберілген: ${formatUtc(raised.raised_at)}`);
    expect(formatUtc(raised.raised_at)).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);
    expect(mail.body).toMatch(/Ашу: http\S+\/alerts\//);
    const lines = await node.ctx.database.db.selectFrom('notifications').select('line').where('user_id', '=', kk.id).execute();
    expect(lines.map((l) => l.line)).toEqual([mail.subject]);
  });
});

/** Subject and text of a message as nodemailer encodes it (encoded words; base64 or quoted-printable body). */
function decodeMail(raw: string): { subject: string; body: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const words = (text: string) =>
    text
      .replace(/\?=\s+=\?/g, '?==?')
      .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_m, kind: string, data: string) =>
        kind.toLowerCase() === 'b' ? Buffer.from(data, 'base64').toString('utf8') : quotedPrintable(data.replace(/_/g, ' ')),
      );
  const subject = words(/^Subject: (.*)$/im.exec(head)?.[1] ?? '');
  const encoding = /^Content-Transfer-Encoding: (\S+)/im.exec(head)?.[1]?.toLowerCase();
  const text =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? quotedPrintable(body.replace(/=\r\n/g, ''))
        : body;
  return { subject, body: text };
}

function quotedPrintable(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '=' && /^[0-9A-F]{2}$/i.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(text[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}
