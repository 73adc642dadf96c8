import { z } from 'zod';

export const idParamsSchema = z.strictObject({ id: z.uuid({ message: 'The id must be a UUID.' }) });

export const pageQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), next: z.string().nullable() });
}

export const okSchema = z.object({ ok: z.literal(true) });

/**
 * The instants a date-time may name: both PostgreSQL and JavaScript represent far more, but
 * nothing Concord records is older than 1900 or beyond year 9999 (and PostgreSQL has no year 0).
 */
const EARLIEST_DATE_TIME = '1900-01-01T00:00:00.000Z';
const LATEST_DATE_TIME = '9999-12-31T23:59:59.999Z';
const earliest = Date.parse(EARLIEST_DATE_TIME);
const latest = Date.parse(LATEST_DATE_TIME);

/** Whether an ISO 8601 date-time names an instant within the range above. */
function dateTimeInRange(value: string): boolean {
  const at = Date.parse(value);
  return at >= earliest && at <= latest;
}

/** An ISO 8601 date-time with an offset, within the range Concord accepts. */
export function isoDateTime(message = 'An ISO 8601 date-time such as 2026-11-27T03:00:00Z') {
  return z.iso
    .datetime({ offset: true, message })
    .refine(dateTimeInRange, { message: `A date-time between ${EARLIEST_DATE_TIME.slice(0, 10)} and ${LATEST_DATE_TIME.slice(0, 10)}` });
}

/**
 * How far ahead of now a time at which something happened may be: a day, for clocks and time
 * zones that disagree; anything later is a typing mistake (planned dates are not bound by it).
 */
const OCCURRENCE_AHEAD_MS = 86_400_000;

/** Times at which something happened (by field) that lie implausibly far ahead of `now`. */
export function futureOccurrences(times: Record<string, string | Date | null | undefined>, now: Date): { path: string; message: string }[] {
  const limit = now.getTime() + OCCURRENCE_AHEAD_MS;
  return Object.entries(times)
    .filter(([, value]) => value && new Date(value).getTime() > limit)
    .map(([path]) => ({
      path,
      message: `A time something happened may be at most a day ahead of now (${new Date(limit).toISOString()}).`,
    }));
}

/**
 * Text PostgreSQL cannot store as sent: a NUL character (refused in text and JSON columns) and an
 * unpaired UTF-16 surrogate (which the driver would silently turn into U+FFFD).
 */
// eslint-disable-next-line no-control-regex -- NUL is exactly what is looked for
const UNSTORABLE = /\u0000|\p{Cs}/u;
// eslint-disable-next-line no-control-regex -- as above
const UNSTORABLE_ALL = /\u0000|\p{Cs}/gu;

function unstorableTextProblem(text: string): string | null {
  const match = UNSTORABLE.exec(text);
  if (!match) return null;
  const what =
    match[0] === '\u0000'
      ? 'a NUL character (U+0000)'
      : `an unpaired UTF-16 surrogate (U+${match[0].charCodeAt(0).toString(16).toUpperCase()}, not a character)`;
  const before = text.slice(0, match.index);
  const line = before.split('\n').length;
  const column = match.index - before.lastIndexOf('\n');
  const where = text.includes('\n') ? `at line ${line}, column ${column}` : `at position ${match.index + 1}`;
  return `Contains ${what} ${where}; remove it.`;
}

/** A path segment safe to print: the characters refused above are written as escapes. */
const printable = (key: string) => key.replace(UNSTORABLE_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * Every string in a parsed value (object keys included) that cannot be stored, with its path
 * (`place.name`, `items.0.description`), at most `limit` of them.
 */
export function unstorableText(value: unknown, limit = 20): { path: string; message: string }[] {
  const found: { path: string; message: string }[] = [];
  const visit = (node: unknown, path: string[]) => {
    if (found.length >= limit) return;
    if (typeof node === 'string') {
      const problem = unstorableTextProblem(node);
      if (problem) found.push({ path: path.join('.') || '(root)', message: problem });
      return;
    }
    if (node === null || typeof node !== 'object') return;
    for (const [key, child] of Object.entries(node as Record<string, unknown>)) {
      const keyProblem = unstorableTextProblem(key);
      if (keyProblem)
        found.push({
          path: [...path, printable(key)].join('.'),
          message: `The name ${keyProblem.charAt(0).toLowerCase()}${keyProblem.slice(1)}`,
        });
      visit(child, [...path, printable(key)]);
    }
  };
  visit(value, []);
  return found.slice(0, limit);
}
