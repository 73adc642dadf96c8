/**
 * One calendar for everything dated a person may read: meetings, exercises, each exercise's
 * milestones, and nations' busy blocks (one source each below). Each source reads its records through the
 * read rule in (start, id) order; the calendar merges them in that order, so a page and its cursor
 * work across sources. The same events feed the screen, the .ics download and the person's
 * subscription (calendar-feed.ts, ical.ts).
 */
import { labelFromColumns } from '../../../shared/labels/label-columns';
import { calendarRepository } from '../../db/repositories/calendar-repository';
import { recordListDisclosure } from '../audit/record-reads';
import { milestoneName } from '../training/exercise-calendar';
import { decodeCursor, pageFromRows } from '../keyset-cursor';
import type { Label } from '../../../shared/labels/label';
import type { Context } from '../../context';
import type { CalendarWindow } from '../../db/repositories/calendar-repository';
import type { UserActor } from '../auth/actor';

export interface CalendarEvent {
  kind: 'meeting' | 'exercise' | 'milestone' | 'busy';
  /** The event's own id: its record's, or a milestone's. */
  id: string;
  /** The record it belongs to (a milestone's exercise; otherwise the event's own id). */
  recordId: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  /** The zone the event's own times are stated in. */
  timeZone: string;
  /** Where, in words (null: online). */
  place: string | null;
  cancelled: boolean;
  /** The nation hosting or leading it (a busy block's own nation). */
  nation: string;
  /** Whole days (a busy block entered as days): shown as dates in its time zone. */
  allDay: boolean;
  label: Label;
  /** Its page in the web app. */
  path: string;
}

type Source = (
  ctx: Context,
  actor: UserActor,
  window: CalendarWindow,
  after: { at: Date; id: string } | null,
  limit: number,
) => Promise<CalendarEvent[]>;

const meetings: Source = async (ctx, actor, window, after, limit) =>
  (await calendarRepository(ctx.database.db).meetings(actor.reader, window, after, limit)).map((row) => {
    const venue = row.venue as { online: boolean; name?: string; country?: string };
    return {
      kind: 'meeting',
      id: row.id,
      recordId: row.id,
      allDay: false,
      title: row.title,
      startsAt: new Date(row.starts_at),
      endsAt: new Date(row.ends_at),
      timeZone: row.time_zone,
      place: venue.online ? null : `${venue.name}, ${venue.country}`,
      cancelled: row.status === 'cancelled',
      nation: row.host,
      label: labelFromColumns(row),
      path: `/meetings/${row.id}`,
    };
  });

const placeOf = (venue: unknown) => {
  const v = venue as { online: boolean; name?: string; country?: string };
  return v.online ? null : `${v.name}, ${v.country}`;
};

const exercises: Source = async (ctx, actor, window, after, limit) =>
  (await calendarRepository(ctx.database.db).exercises(actor.reader, window, after, limit)).map((row) => ({
    kind: 'exercise',
    id: row.id,
    recordId: row.id,
    title: row.title,
    startsAt: new Date(row.starts_at),
    endsAt: new Date(row.ends_at),
    timeZone: row.time_zone,
    place: placeOf(row.venue),
    cancelled: row.status === 'cancelled',
    nation: row.lead,
    allDay: false,
    label: labelFromColumns(row),
    path: `/exercises/${row.id}`,
  }));

const milestones: Source = async (ctx, actor, window, after, limit) =>
  (await calendarRepository(ctx.database.db).milestones(actor.reader, window, after, limit)).map((row) => ({
    kind: 'milestone',
    id: row.id,
    recordId: row.exercise_id,
    title: `${milestoneName(row.milestone, row.title)} — ${row.exercise_title}`,
    startsAt: new Date(row.starts_at),
    endsAt: new Date(row.ends_at),
    timeZone: row.time_zone,
    place: placeOf(row.venue),
    cancelled: row.status === 'cancelled',
    nation: row.lead,
    allDay: false,
    label: labelFromColumns(row),
    path: `/exercises/${row.exercise_id}`,
  }));

const busyBlocks: Source = async (ctx, actor, window, after, limit) =>
  (await calendarRepository(ctx.database.db).busyBlocks(actor.reader, window, after, limit)).map((row) => ({
    kind: 'busy',
    id: row.id,
    recordId: row.id,
    title: row.unit ? `${row.title} — ${row.nation} ${row.unit}` : `${row.title} — ${row.nation}`,
    startsAt: new Date(row.starts_at),
    endsAt: new Date(row.ends_at),
    timeZone: row.time_zone,
    place: null,
    cancelled: false,
    nation: row.nation,
    allDay: row.all_day,
    label: labelFromColumns(row),
    path: '/busy-blocks',
  }));

/** Every source of dated records, each read through the rule. */
const SOURCES: readonly Source[] = [meetings, exercises, milestones, busyBlocks];

/** Events `actor` may read in the window, by start (then id), at most `limit` after the cursor. */
export async function calendarPage(
  ctx: Context,
  actor: UserActor,
  query: { from?: string | undefined; to?: string | undefined; limit: number; cursor?: string | undefined },
) {
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const window = { from: query.from ? new Date(query.from) : null, to: query.to ? new Date(query.to) : null };
  const found = (await Promise.all(SOURCES.map((source) => source(ctx, actor, window, after, query.limit + 1))))
    .flat()
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const page = pageFromRows(found.slice(0, query.limit + 1), query.limit, (event) => event.startsAt);
  await recordListDisclosure(ctx, actor, 'calendar', page.items);
  return page;
}

/** How far a download or a subscription reaches when not told: a quarter back, two years ahead. */
export const DEFAULT_WINDOW = { backDays: 92, aheadDays: 731 };

/** Every event `actor` may read in the window (a download or a subscription), at most `most`. */
export async function calendarEvents(
  ctx: Context,
  actor: UserActor,
  window: { from: Date; to: Date },
  most = 5_000,
): Promise<CalendarEvent[]> {
  const events: CalendarEvent[] = [];
  let cursor: string | undefined;
  do {
    const page = await calendarPage(ctx, actor, {
      from: window.from.toISOString(),
      to: window.to.toISOString(),
      limit: 500,
      ...(cursor ? { cursor } : {}),
    });
    events.push(...page.items);
    cursor = page.next ?? undefined;
  } while (cursor && events.length < most);
  return events.slice(0, most);
}
