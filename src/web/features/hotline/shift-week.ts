import type { Desk } from '../../../shared/contracts/hotline';

type Shift = NonNullable<Desk['shifts']>[number];
const DAY_MS = 86_400_000;

/** Monday 00:00 UTC of the week that holds `at`: the calendar's weeks are UTC weeks. */
export function weekStartOf(at: Date): Date {
  const midnight = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  const weekday = (at.getUTCDay() + 6) % 7;
  return new Date(midnight - weekday * DAY_MS);
}

/** The seven UTC days from `weekStart`, each with the shifts that overlap it (a night shift shows on both days). */
export function shiftsByDay(shifts: Shift[], weekStart: Date) {
  return Array.from({ length: 7 }, (_, i) => {
    const from = weekStart.getTime() + i * DAY_MS;
    const to = from + DAY_MS;
    return {
      date: new Date(from).toISOString().slice(0, 10),
      weekday: i + 1,
      shifts: shifts.filter((s) => Date.parse(s.startsAt) < to && Date.parse(s.endsAt) > from),
    };
  });
}

/** A `datetime-local` input's value read as UTC (the form says so), or null when incomplete. */
export function utcInputToIso(input: string): string | null {
  const value = input.replace(/Z$/, '');
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const at = Date.parse(`${value.length === 16 ? `${value}:00` : value}Z`);
  return Number.isNaN(at) ? null : new Date(at).toISOString();
}
