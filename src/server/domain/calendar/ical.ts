/**
 * A calendar as iCalendar (RFC 5545), written with ical.js: one VEVENT per event, its times in UTC,
 * its label's marking at the head of its summary and in its own property, so the marking travels
 * with the event into any calendar software.
 */
import ICAL from 'ical.js';
import { formatMarking } from '../../../shared/labels/format-label';
import type { CalendarEvent } from './calendar-service';

export const ICALENDAR_TYPE = 'text/calendar; charset=utf-8';

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
    vevent.updatePropertyWithValue('dtstart', ICAL.Time.fromJSDate(event.startsAt, true));
    vevent.updatePropertyWithValue('dtend', ICAL.Time.fromJSDate(event.endsAt, true));
    vevent.updatePropertyWithValue('summary', `[${marking}] ${event.title}`);
    vevent.updatePropertyWithValue(
      'description',
      [marking, `Hosted by ${event.nation}.`, `Times as the host states them: ${event.timeZone}.`].join('\n'),
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
