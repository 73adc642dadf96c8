/** The calendar: on screen, as an .ics download, and each person's subscription address. */
import { z } from 'zod';
import { okSchema, pageOf } from '../../../shared/contracts/common';
import {
  calendarDownloadQuerySchema,
  calendarEventSchema,
  calendarFeedMadeSchema,
  calendarFeedSchema,
  calendarQuerySchema,
} from '../../../shared/contracts/calendar';
import { calendarEvents, calendarPage, DEFAULT_WINDOW } from '../../domain/calendar/calendar-service';
import { calendarFeedOf, feedReader, makeCalendarFeed, revokeCalendarFeed } from '../../domain/calendar/calendar-feed';
import { ICALENDAR_TYPE, toICalendar } from '../../domain/calendar/ical';
import { AppError } from '../../domain/app-error';
import { presentLabel } from '../presenters/label-presenter';
import { defineRoute } from '../route';
import type { Context } from '../../context';
import type { CalendarEvent } from '../../domain/calendar/calendar-service';
import type { UserActor } from '../../domain/auth/actor';

const DAY = 86_400_000;
const tag = 'calendar';

const present = (event: CalendarEvent) => ({
  ...event,
  startsAt: event.startsAt.toISOString(),
  endsAt: event.endsAt.toISOString(),
  label: presentLabel(event.label),
});

/** The events of a download or a subscription: the window asked, or a quarter back and two years ahead. */
function eventsFor(ctx: Context, actor: UserActor, from?: string, to?: string) {
  const now = ctx.clock.now().getTime();
  const window = {
    from: from ? new Date(from) : new Date(now - DEFAULT_WINDOW.backDays * DAY),
    to: to ? new Date(to) : new Date(now + DEFAULT_WINDOW.aheadDays * DAY),
  };
  if (window.to <= window.from)
    throw new AppError('VALIDATION_FAILED', 'The window must end after it starts.', [{ path: 'to', message: 'After `from`.' }]);
  return calendarEvents(ctx, actor, window);
}

const icsFor = (ctx: Context, actor: UserActor, events: CalendarEvent[]) =>
  toICalendar(events, { nodeId: ctx.node.nodeId, publicUrl: ctx.config.publicUrl }, `Concord — ${actor.user.displayName}`, ctx.clock.now());

export const calendarRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/calendar',
    summary:
      'Everything dated the caller may read (meetings, exercises and their milestones, busy blocks), by start; `from`/`to` bound the window (cursor pagination)',
    tag,
    auth: 'user',
    query: calendarQuerySchema,
    response: pageOf(calendarEventSchema),
    reads: { kind: 'list', recordKind: 'meeting', alsoKinds: ['exercise', 'busy-block'] },
    handler: async ({ ctx, actor, query }) => {
      const page = await calendarPage(ctx, actor, query);
      return { items: page.items.map(present), next: page.next };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/calendar/download',
    summary:
      'The caller’s calendar as an iCalendar file (a quarter back, two years ahead unless `from`/`to` say), each event marked with its label',
    tag,
    auth: 'user',
    query: calendarDownloadQuerySchema,
    response: z.unknown(),
    reads: { kind: 'export', recordKind: 'meeting', alsoKinds: ['exercise', 'busy-block'] },
    handler: async ({ ctx, actor, query, reply }) => {
      const events = await eventsFor(ctx, actor, query.from, query.to);
      if (query.format === 'json') return events.map(present);
      reply.header('content-disposition', 'attachment; filename="concord.ics"').type(ICALENDAR_TYPE);
      return icsFor(ctx, actor, events);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/calendar/:file',
    summary: 'A person’s calendar subscription (`<token>.ics`): what its person may read now, without signing in; 404 once revoked',
    tag,
    auth: 'public',
    params: z.strictObject({ file: z.string().max(100) }),
    response: z.unknown(),
    reads: { kind: 'none', why: 'serves /api/calendar/download as the token’s person: their reads, through the same rule' },
    handler: async ({ ctx, params, reply }) => {
      const actor = await feedReader(ctx, params.file.replace(/\.ics$/, ''));
      const events = await eventsFor(ctx, actor);
      reply.header('cache-control', 'private, no-store').type(ICALENDAR_TYPE);
      return icsFor(ctx, actor, events);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/calendar/feed',
    summary: 'Whether the caller has a calendar subscription address, since when, and when calendar software last read it',
    tag,
    auth: 'user',
    response: calendarFeedSchema,
    reads: { kind: 'none', why: 'the caller’s own subscription, no records' },
    handler: async ({ ctx, actor }) => ({ feed: await calendarFeedOf(ctx, actor) }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/calendar/feed',
    summary: 'Make the caller’s calendar subscription address (replacing any before it); its token is shown this once',
    tag,
    auth: 'user',
    scope: 'session',
    response: calendarFeedMadeSchema,
    status: 201,
    handler: async ({ ctx, actor }) => makeCalendarFeed(ctx, actor),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/calendar/feed',
    summary: 'Revoke the caller’s calendar subscription address: it answers 404 from now on',
    tag,
    auth: 'user',
    scope: 'session',
    response: okSchema,
    handler: async ({ ctx, actor }) => {
      await revokeCalendarFeed(ctx, actor);
      return { ok: true as const };
    },
  }),
];
