/**
 * Reading an iCalendar file (RFC 5545) with ical.js: each event as whole days (an all-day event)
 * or as two instants, recurring events expanded over a horizon. Times with a TZID are read in that
 * zone — from the file's own VTIMEZONE when it has one, else the IANA zone of that name — and
 * floating times in the zone the importer names.
 */
import ICAL from 'ical.js';
import { addDays, instantAt, isTimeZone } from '../../../shared/time/time-zone';
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
const zonedInstant = (time: ICAL.Time, zone: string) =>
  instantAt({ year: time.year, month: time.month, day: time.day, hour: time.hour, minute: time.minute, second: time.second }, zone);

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

/** Most VEVENTs one file may hold, and most recurrence steps its series may take in all (past ones counted). */
export const MOST_VEVENTS = 5_000;
export const MOST_RECURRENCE_STEPS = 50_000;

const isCancelled = (component: ICAL.Component) => String(component.getFirstPropertyValue('status') ?? '').toUpperCase() === 'CANCELLED';

function readEvents(root: ICAL.Component, options: { floatingZone: string; horizon: { from: Date; to: Date } }) {
  const events: ImportedEvent[] = [];
  const skipped: SkippedEvent[] = [];
  const horizonEnd = ICAL.Time.fromJSDate(options.horizon.to, true);
  const tooLarge = (message: string, issue: string): never => {
    throw new AppError('VALIDATION_FAILED', message, [{ path: 'calendar', message: issue }]);
  };
  const add = (event: ImportedEvent) => {
    events.push(event);
    if (events.length > MOST_IMPORTED_EVENTS)
      tooLarge(
        `The file holds more than ${MOST_IMPORTED_EVENTS} events (recurrences counted): import it in parts.`,
        `At most ${MOST_IMPORTED_EVENTS} events.`,
      );
  };
  const vevents = root.getAllSubcomponents('vevent');
  if (vevents.length > MOST_VEVENTS)
    tooLarge(`The file holds ${vevents.length} events: import at most ${MOST_VEVENTS} at a time.`, `At most ${MOST_VEVENTS} VEVENTs.`);
  // Exceptions to a series (RECURRENCE-ID) belong to the series of their own UID, and to no other.
  const uidOf = (component: ICAL.Component) => String(component.getFirstPropertyValue('uid') ?? '');
  const series = new Set(vevents.filter((v) => !v.hasProperty('recurrence-id')).map(uidOf));
  const exceptions = new Map<string, ICAL.Component[]>();
  for (const v of vevents)
    if (v.hasProperty('recurrence-id') && series.has(uidOf(v))) exceptions.set(uidOf(v), [...(exceptions.get(uidOf(v)) ?? []), v]);
  let steps = 0;
  for (const vevent of vevents) {
    // An exception is read with its series; one whose series is not in the file stands alone.
    if (vevent.hasProperty('recurrence-id') && series.has(uidOf(vevent))) continue;
    const uid = uidOf(vevent) || null;
    const summary = String(vevent.getFirstPropertyValue('summary') ?? '')
      .trim()
      .slice(0, 200);
    const skip = (why: string) => skipped.push({ uid, summary, why });
    try {
      const event = new ICAL.Event(vevent, { exceptions: exceptions.get(uidOf(vevent)) ?? [], strictExceptions: true });
      if (!vevent.hasProperty('dtstart')) {
        skip('it has no start (DTSTART)');
        continue;
      }
      if (isCancelled(vevent)) {
        skip('it is cancelled');
        continue;
      }
      const tzidOf = (name: string) => {
        const value: unknown = vevent.getFirstProperty(name)?.getParameter('tzid');
        return typeof value === 'string' && value !== '' ? value : null;
      };
      const startZone = tzidOf('dtstart');
      const endZone = vevent.hasProperty('dtend') ? tzidOf('dtend') : startZone;
      const recurring = !vevent.hasProperty('recurrence-id') && event.isRecurring();
      const occurrences: { start: ICAL.Time; end: ICAL.Time }[] = [];
      if (recurring) {
        const iterator = event.iterator();
        for (let next = iterator.next(); next && next.compare(horizonEnd) < 0; next = iterator.next()) {
          if (++steps > MOST_RECURRENCE_STEPS)
            tooLarge(
              `The file's recurring events repeat more than ${MOST_RECURRENCE_STEPS} times from their first dates: import fewer or shorter series.`,
              `At most ${MOST_RECURRENCE_STEPS} recurrences in all.`,
            );
          const details = event.getOccurrenceDetails(next);
          // An occurrence its exception cancels is not busy.
          if (isCancelled(details.item.component)) continue;
          occurrences.push({ start: details.startDate, end: details.endDate });
        }
      } else occurrences.push({ start: event.startDate, end: event.endDate });
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
    } catch (error) {
      if (error instanceof AppError) throw error;
      // ical.js refuses some rules (WEEKLY with BYMONTHDAY, say): that event is reported, the rest imported.
      skip(`it cannot be read: ${(error as Error).message}`);
    }
  }
  return { events, skipped };
}
