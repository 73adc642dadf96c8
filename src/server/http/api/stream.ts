/**
 * GET /api/stream: server-sent events of changes to records the caller may read (see
 * domain/live/live-feed.ts and live-stream.ts). `Last-Event-ID` (or `?after=`) resumes after the
 * last event seen; event ids are opaque and hold only for the person they were sent to.
 */
import { z } from 'zod';
import { openLiveStream } from '../../domain/live/live-stream';
import type { LiveEvent } from '../../domain/live/live-feed';
import { defineRoute } from '../route';

const HEARTBEAT_MS = 25_000;

/** One event is sent to many streams: its data line is built once (each stream's id is its own). */
const dataLines = new WeakMap<LiveEvent, string>();
function dataOf(event: LiveEvent): string {
  let data = dataLines.get(event);
  if (!data) {
    data = `data: ${JSON.stringify({ kind: event.kind, id: event.id, version: event.version, change: event.change })}\n\n`;
    dataLines.set(event, data);
  }
  return data;
}

export const streamRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/stream',
    summary:
      'Live changes (text/event-stream): one `change` event { kind, id, version, change } per change to a record you may read, checked when sent; resume with Last-Event-ID within the resume window (410 beyond it: reload, then open anew)',
    tag: 'live',
    auth: 'user',
    query: z.strictObject({
      after: z.string().max(200).optional().describe('an event id to resume after, for clients that cannot send Last-Event-ID'),
    }),
    response: z.string().describe('text/event-stream'),
    reads: { kind: 'none', why: 'each event is checked against the reader when sent; tested in test/server/live-stream.test.ts' },
    handler: async ({ ctx, actor, query, request, reply }) => {
      const header = request.headers['last-event-id'];
      const resumeFrom = typeof header === 'string' && header !== '' ? header : (query.after ?? null);
      const raw = reply.raw;
      let open = false;
      const pending: string[] = [];
      const write = (frame: string) => (open ? raw.write(frame) : pending.push(frame));
      const stream = await openLiveStream(
        ctx,
        actor,
        resumeFrom,
        (id, event) => write(`id: ${id}\nevent: change\n${dataOf(event)}`),
        () => raw.end(),
      );
      reply.hijack();
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        connection: 'keep-alive',
      });
      // An id without data moves the client's Last-Event-ID on (the SSE rule) without an event: a
      // stream with nothing to show stays resumable.
      raw.write(`retry: 3000\nid: ${stream.currentId()}\n: stream open\n\n`);
      open = true;
      for (const frame of pending.splice(0)) raw.write(frame);
      const heartbeat = setInterval(() => raw.write(`id: ${stream.currentId()}\n: keep-alive\n\n`), HEARTBEAT_MS);
      heartbeat.unref();
      request.raw.on('close', () => {
        clearInterval(heartbeat);
        stream.close();
      });
      return '';
    },
  }),
];
