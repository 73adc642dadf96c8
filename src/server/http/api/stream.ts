/**
 * GET /api/stream: server-sent events of changes to records the caller may read (see
 * domain/live/live-feed.ts). `Last-Event-ID` (or `?after=`) resumes after the last event seen.
 */
import { z } from 'zod';
import { liveFeedOf } from '../../domain/live/live-feed';
import type { LiveEvent } from '../../domain/live/live-feed';
import { defineRoute } from '../route';

const HEARTBEAT_MS = 25_000;

/** One event is sent to many streams: its frame is built once. */
const frames = new WeakMap<LiveEvent, string>();
function frameOf(event: LiveEvent): string {
  let frame = frames.get(event);
  if (!frame) {
    frame = `id: ${event.seq}\nevent: change\ndata: ${JSON.stringify({ kind: event.kind, id: event.id, version: event.version, change: event.change })}\n\n`;
    frames.set(event, frame);
  }
  return frame;
}

export const streamRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/stream',
    summary:
      'Live changes (text/event-stream): one `change` event { kind, id, version, change } per change to a record you may read, checked when sent; resume with Last-Event-ID',
    tag: 'live',
    auth: 'user',
    query: z.strictObject({ after: z.coerce.number().int().min(0).optional() }),
    response: z.string().describe('text/event-stream'),
    reads: { kind: 'none', why: 'each event is checked against the reader when sent; tested in test/server/live-stream.test.ts' },
    handler: async ({ ctx, actor, query, request, reply }) => {
      const header = request.headers['last-event-id'];
      const resumeFrom = typeof header === 'string' && /^\d+$/.test(header) ? Number(header) : (query.after ?? null);
      const feed = await liveFeedOf(ctx);
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        connection: 'keep-alive',
      });
      // A new stream starts now; a resumed one replays what it missed.
      const after = resumeFrom ?? feed.position;
      raw.write(`retry: 3000\n: stream open after ${after}\n\n`);
      const close = await feed.subscribe(
        actor.reader,
        after,
        (event) => raw.write(frameOf(event)),
        () => raw.end(),
        actor.session ? { kind: 'session', hash: actor.session.idHash } : actor.token ? { kind: 'token', hash: actor.token.hash } : null,
      );
      const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), HEARTBEAT_MS);
      heartbeat.unref();
      request.raw.on('close', () => {
        clearInterval(heartbeat);
        close();
      });
      return '';
    },
  }),
];
