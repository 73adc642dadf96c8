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

/** A wall-clock reading: what a clock in some zone shows (month 1–12). */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second?: number;
}

/**
 * What clocks in `timeZone` show at `at` (to the minute), and how far they are ahead of UTC, in
 * minutes. `timeZone` undefined: the runtime's own zone.
 */
export function wallClockAt(at: Date, timeZone: string | undefined): WallClock & { offset: number } {
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
  const wall = { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute') };
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  return { ...wall, offset: Math.round((asUtc - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000) };
}

/** How far `timeZone`'s clocks are ahead of UTC at `at`, in minutes. */
export function offsetMinutes(at: Date, timeZone: string): number {
  return wallClockAt(at, timeZone).offset;
}

const DAY_MS = 86_400_000;

/**
 * The instant at which clocks in `timeZone` show `wall`, as RFC 5545 reads a local time: a time
 * shown twice (clocks going back) is its first occurrence; a time never shown (clocks skipping
 * forward over it) is read with the offset in force before the skip, so it lands as far after the
 * skip as it lay inside it. Offsets are taken a day either side, so zones that change offset at
 * most once a day are read exactly.
 */
export function instantAt(wall: WallClock, timeZone: string): Date {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second ?? 0);
  const before = offsetMinutes(new Date(asUtc - DAY_MS), timeZone);
  const after = offsetMinutes(new Date(asUtc + DAY_MS), timeZone);
  const shows = (offset: number) => {
    const at = asUtc - offset * 60_000;
    return offsetMinutes(new Date(at), timeZone) === offset ? at : null;
  };
  const candidates = [shows(before), shows(after)].filter((at): at is number => at !== null);
  return new Date(candidates.length > 0 ? Math.min(...candidates) : asUtc - before * 60_000);
}

/**
 * The moment a calendar day (`YYYY-MM-DD`) begins in `timeZone`: its midnight, or the first moment
 * after it where clocks skip midnight.
 */
export function startOfDay(day: string, timeZone: string): Date {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return instantAt({ year, month, day: date, hour: 0, minute: 0 }, timeZone);
}

/** The calendar day (`YYYY-MM-DD`) `days` after `day`. */
export function addDays(day: string, days: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date + days)).toISOString().slice(0, 10);
}
