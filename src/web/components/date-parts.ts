/**
 * The fields of the date input (day, month, year, time, all UTC) to and from the value forms
 * hold: `YYYY-MM-DD` for a day, `YYYY-MM-DDTHH:MMZ` for a moment (which `new Date()` reads as UTC).
 */
export interface DateParts {
  day: string;
  month: string;
  year: string;
  time: string;
}

export type DateMode = 'date' | 'datetime';

export const EMPTY_PARTS: DateParts = { day: '', month: '', year: '', time: '' };

const pad = (n: number) => String(n).padStart(2, '0');

/** The fields of a stored value; anything unreadable gives empty fields. */
export function partsFromValue(value: string): DateParts {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/.exec(value.trim());
  if (!m) return EMPTY_PARTS;
  const [, year = '', month = '', day = '', hour, minute] = m;
  return { day: String(Number(day)), month: String(Number(month)), year, time: hour && minute ? `${hour}:${minute}` : '' };
}

/** `HH:MM`, `H:MM` or `HHMM` as minutes since midnight; null when it is not a time of day. */
export function parseTime(text: string): { hour: number; minute: number } | null {
  const m = /^(\d{1,2}):?(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  return hour <= 23 && minute <= 59 ? { hour, minute } : null;
}

/**
 * The value the fields spell: '' when every field is empty, null when they are partly filled or
 * name no real day (31 April, 29 February 2027) or time.
 */
export function valueFromParts(parts: DateParts, mode: DateMode): string | null {
  const filled = [parts.day, parts.month, parts.year, ...(mode === 'datetime' ? [parts.time] : [])].map((p) => p.trim());
  if (filled.every((p) => p === '')) return '';
  if (!/^\d{1,2}$/.test(parts.day.trim()) || !/^\d{1,2}$/.test(parts.month.trim()) || !/^\d{4}$/.test(parts.year.trim())) return null;
  const day = Number(parts.day);
  const month = Number(parts.month);
  const year = Number(parts.year);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1000 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  const ymd = `${year}-${pad(month)}-${pad(day)}`;
  if (mode === 'date') return ymd;
  const time = parseTime(parts.time);
  return time ? `${ymd}T${pad(time.hour)}:${pad(time.minute)}Z` : null;
}
