/**
 * A calendar as iCalendar (RFC 5545), written with ical.js: one VEVENT per event, its times in UTC,
 * its label's marking at the head of its summary and in its own property, so the marking travels
 * with the event into any calendar software.
 */
import ICAL from 'ical.js';
import { formatMarking } from '../../../shared/labels/format-label';
import type { CalendarEvent } from './calendar-service';

export const ICALENDAR_TYPE = 'text/calendar; charset=utf-8';

/** What starts each kind's summary, so the kind shows in any calendar software. */
const KIND_PREFIX: Record<CalendarEvent['kind'], string> = { meeting: '', exercise: 'Exercise: ', milestone: '', busy: 'Busy: ' };
const WHOSE: Record<CalendarEvent['kind'], string> = {
  meeting: 'Hosted by',
  exercise: 'Led by',
  milestone: 'Exercise led by',
  busy: 'Published by',
};

/** The calendar day (YYYY-MM-DD) an instant falls on in a time zone. */
const localDate = (at: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

export function toICalendar(
  events: readonly CalendarEvent[],
  node: { nodeId: string; publicUrl: string },
  name: string,
  now: Date,
): string {
  const calendar = new ICAL.Component(['vcalendar', [], []]);
  calendar.updatePropertyWithValue('prodid', '-//Concord//Calendar//EN');
  calendar.updatePropertyWithValue('version', '2.0');
  calendar.updatePropertyWithValue('calscale', 'GREGORIAN');
  calendar.updatePropertyWithValue('x-wr-calname', name);
  const stamp = ICAL.Time.fromJSDate(now, true);
  for (const event of events) {
    const marking = formatMarking(event.label);
    const vevent = new ICAL.Component('vevent');
    vevent.updatePropertyWithValue('uid', `${event.kind}-${event.id}@${node.nodeId}`);
    vevent.updatePropertyWithValue('dtstamp', stamp);
    if (event.allDay) {
      // Whole days: DATE values, the last day exclusive, as calendar software expects.
      vevent.updatePropertyWithValue('dtstart', ICAL.Time.fromDateString(localDate(event.startsAt, event.timeZone)));
      vevent.updatePropertyWithValue('dtend', ICAL.Time.fromDateString(localDate(event.endsAt, event.timeZone)));
    } else {
      vevent.updatePropertyWithValue('dtstart', ICAL.Time.fromJSDate(event.startsAt, true));
      vevent.updatePropertyWithValue('dtend', ICAL.Time.fromJSDate(event.endsAt, true));
    }
    vevent.updatePropertyWithValue('summary', `[${marking}] ${KIND_PREFIX[event.kind]}${event.title}`);
    vevent.updatePropertyWithValue(
      'description',
      [marking, `${WHOSE[event.kind]} ${event.nation}.`, `Times as stated: ${event.timeZone}.`].join('\n'),
    );
    vevent.updatePropertyWithValue('location', event.place ?? 'Online');
    vevent.updatePropertyWithValue('url', new URL(event.path, node.publicUrl).toString());
    vevent.updatePropertyWithValue('class', 'CONFIDENTIAL');
    vevent.updatePropertyWithValue('status', event.cancelled ? 'CANCELLED' : 'CONFIRMED');
    vevent.updatePropertyWithValue('x-concord-marking', marking);
    calendar.addSubcomponent(vevent);
  }
  return calendar.toString();
}
