/**
 * Reading an iCalendar file (RFC 5545) with ical.js: each event as whole days (an all-day event)
 * or as two instants, recurring events expanded over a horizon. Times with a TZID are read in that
 * zone — from the file's own VTIMEZONE when it has one, else the IANA zone of that name — and
 * floating times in the zone the importer names.
 */
import ICAL from 'ical.js';
import { addDays, isTimeZone, offsetMinutes } from '../../../shared/time/time-zone';
import { AppError } from '../app-error';

export type ImportedEvent =
  | { uid: string | null; summary: string; allDay: true; startDate: string; endDate: string }
  | { uid: string | null; summary: string; allDay: false; startsAt: Date; endsAt: Date };

export interface SkippedEvent {
  uid: string | null;
  summary: string;
  why: string;
}

/** Most events one file may yield (recurrences counted). */
export const MOST_IMPORTED_EVENTS = 2_000;

/** The instant a wall-clock time names in an IANA zone. */
function zonedInstant(time: ICAL.Time, zone: string): Date {
  const wall = Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute, time.second);
  const guess = wall - offsetMinutes(new Date(wall), zone) * 60_000;
  return new Date(wall - offsetMinutes(new Date(guess), zone) * 60_000);
}

/** The instant of a time whose property named `tzid` (null: none). */
function instantOf(time: ICAL.Time, tzid: string | null, floatingZone: string): Date | string {
  if (time.zone === ICAL.Timezone.utcTimezone || tzid === 'UTC') return time.toJSDate();
  if (tzid) {
    if (ICAL.TimezoneService.has(tzid)) return time.toJSDate();
    if (isTimeZone(tzid)) return zonedInstant(time, tzid);
    return `its time zone ${tzid} is not known`;
  }
  return zonedInstant(time, floatingZone);
}

const dateOf = (time: ICAL.Time) => time.toString().slice(0, 10);

/** Parses `text`; refuses a file that is not iCalendar, or holds more events than it may. */
export function readICalendar(
  text: string,
  options: { floatingZone: string; horizon: { from: Date; to: Date } },
): { events: ImportedEvent[]; skipped: SkippedEvent[] } {
  let root: ICAL.Component;
  try {
    const parsed: unknown = ICAL.parse(text);
    root = new ICAL.Component(Array.isArray(parsed) && Array.isArray(parsed[0]) ? (parsed[0] as unknown[]) : (parsed as unknown[]));
  } catch (error) {
    throw new AppError('VALIDATION_FAILED', `This is not an iCalendar file: ${(error as Error).message}`, [
      { path: 'calendar', message: 'Send the text of an .ics file (BEGIN:VCALENDAR … END:VCALENDAR).' },
    ]);
  }
  if (root.name !== 'vcalendar')
    throw new AppError('VALIDATION_FAILED', 'This is not an iCalendar file: it does not begin with BEGIN:VCALENDAR.', [
      { path: 'calendar', message: 'Send the text of an .ics file (BEGIN:VCALENDAR … END:VCALENDAR).' },
    ]);
  const zones: ICAL.Timezone[] = [];
  for (const vtimezone of root.getAllSubcomponents('vtimezone')) {
    const zone = new ICAL.Timezone(vtimezone);
    if (zone.tzid && !ICAL.TimezoneService.has(zone.tzid)) {
      ICAL.TimezoneService.register(zone);
      zones.push(zone);
    }
  }
  try {
    return readEvents(root, options);
  } finally {
    for (const zone of zones) ICAL.TimezoneService.remove(zone.tzid);
  }
}

function readEvents(root: ICAL.Component, options: { floatingZone: string; horizon: { from: Date; to: Date } }) {
  const events: ImportedEvent[] = [];
  const skipped: SkippedEvent[] = [];
  const horizonEnd = ICAL.Time.fromJSDate(options.horizon.to, true);
  const add = (event: ImportedEvent) => {
    events.push(event);
    if (events.length > MOST_IMPORTED_EVENTS)
      throw new AppError(
        'VALIDATION_FAILED',
        `The file holds more than ${MOST_IMPORTED_EVENTS} events (recurrences counted): import it in parts.`,
        [{ path: 'calendar', message: `At most ${MOST_IMPORTED_EVENTS} events.` }],
      );
  };
  for (const vevent of root.getAllSubcomponents('vevent')) {
    if (vevent.hasProperty('recurrence-id')) continue; // an exception to a series, read with its series
    const event = new ICAL.Event(vevent);
    const uid = event.uid || null;
    const summary = (event.summary || '').trim().slice(0, 200);
    const skip = (why: string) => skipped.push({ uid, summary, why });
    if (!vevent.hasProperty('dtstart')) {
      skip('it has no start (DTSTART)');
      continue;
    }
    if (String(vevent.getFirstPropertyValue('status') ?? '').toUpperCase() === 'CANCELLED') {
      skip('it is cancelled');
      continue;
    }
    const tzidOf = (name: string) => {
      const value: unknown = vevent.getFirstProperty(name)?.getParameter('tzid');
      return typeof value === 'string' && value !== '' ? value : null;
    };
    const startZone = tzidOf('dtstart');
    const endZone = vevent.hasProperty('dtend') ? tzidOf('dtend') : startZone;
    const occurrences: { start: ICAL.Time; end: ICAL.Time }[] = [];
    if (event.isRecurring()) {
      const iterator = event.iterator();
      for (let next = iterator.next(); next && next.compare(horizonEnd) < 0; next = iterator.next()) {
        const details = event.getOccurrenceDetails(next);
        occurrences.push({ start: details.startDate, end: details.endDate });
        if (occurrences.length > MOST_IMPORTED_EVENTS) break;
      }
    } else occurrences.push({ start: event.startDate, end: event.endDate });
    const recurring = occurrences.length > 1 || event.isRecurring();
    /** A single event already over is reported; a series' past occurrences are simply not made. */
    const over = () => {
      if (!recurring) skip('it is already over');
    };
    for (const { start, end } of occurrences) {
      if (start.isDate) {
        const startDate = dateOf(start);
        // DTEND of an all-day event is the day after its last; none: one day.
        const endDate = end && end.isDate && dateOf(end) > startDate ? addDays(dateOf(end), -1) : startDate;
        if (new Date(`${endDate}T23:59:59Z`) < options.horizon.from) {
          over();
          continue;
        }
        add({ uid, summary, allDay: true, startDate, endDate });
        continue;
      }
      const startsAt = instantOf(start, startZone, options.floatingZone);
      const endsAt = end ? instantOf(end, endZone, options.floatingZone) : startsAt;
      if (typeof startsAt === 'string' || typeof endsAt === 'string') {
        skip(typeof startsAt === 'string' ? startsAt : (endsAt as string));
        break;
      }
      if (endsAt <= startsAt) {
        skip('it ends when it starts, or before');
        break;
      }
      if (endsAt < options.horizon.from) {
        over();
        continue;
      }
      add({ uid, summary, allDay: false, startsAt, endsAt });
    }
  }
  return { events, skipped };
}
