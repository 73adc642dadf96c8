import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { raiseAlert } from '../../src/server/domain/hotline/alert-service';
import { sendDueMail } from '../../src/server/domain/mail/mail-outbox';
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
});
