/** Whether the runtime knows an IANA time zone by this name (`Asia/Karachi`, `UTC`; not an offset such as `+05:00`). */
export function isTimeZone(name: string): boolean {
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** How far `timeZone`'s clocks are ahead of UTC at `at`, in minutes. */
export function offsetMinutes(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return Math.round((asUtc - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
}

/**
 * The moment a calendar day (`YYYY-MM-DD`) begins in `timeZone`: its midnight, or the first moment
 * after it where clocks skip midnight.
 */
export function startOfDay(day: string, timeZone: string): Date {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const midnightUtc = Date.UTC(year, month - 1, date);
  // The offset at a guess, then at the moment it gives (right unless an offset change lies between).
  let at = midnightUtc - offsetMinutes(new Date(midnightUtc), timeZone) * 60_000;
  at = midnightUtc - offsetMinutes(new Date(at), timeZone) * 60_000;
  return new Date(at);
}

/** The calendar day (`YYYY-MM-DD`) `days` after `day`. */
export function addDays(day: string, days: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date + days)).toISOString().slice(0, 10);
}
