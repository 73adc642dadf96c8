/**
 * How Concord writes a moment, the same in the web app, e-mails, push messages and reports: UTC
 * first in ISO order (`2026-11-20 03:00 UTC`, never a day/month puzzle), then the reader's own
 * time with the month as a word in their language and the offset named (`20 ноября 2026, 08:00
 * UTC+05:00`). Month names live here rather than in ICU: browsers ship ICU data for only some of
 * the languages Concord speaks, and the server needs the same words.
 */
import type { LANGUAGES } from '../contracts/auth';
import { wallClockAt } from './time-zone';

export type Language = (typeof LANGUAGES)[number];

interface MonthWords {
  /** Standalone names, as a month picker lists them. */
  names: readonly string[];
  /** A day of the month written with its month, in the language's own order. */
  dayMonth: (day: number, month: number) => string;
}

const standalone = (names: readonly string[], joined: (day: number, name: string) => string): MonthWords => ({
  names,
  dayMonth: (day, month) => joined(day, names[month - 1] ?? ''),
});

const EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const RU = ['январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь'];
// Russian writes a day with the month in the genitive.
const RU_GENITIVE = ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'];
const UR = ['جنوری', 'فروری', 'مارچ', 'اپریل', 'مئی', 'جون', 'جولائی', 'اگست', 'ستمبر', 'اکتوبر', 'نومبر', 'دسمبر'];
const UZ = ['yanvar', 'fevral', 'mart', 'aprel', 'may', 'iyun', 'iyul', 'avgust', 'sentabr', 'oktabr', 'noyabr', 'dekabr'];
const KK = ['қаңтар', 'ақпан', 'наурыз', 'сәуір', 'мамыр', 'маусым', 'шілде', 'тамыз', 'қыркүйек', 'қазан', 'қараша', 'желтоқсан'];
const KY = ['январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь'];
const TG = ['январ', 'феврал', 'март', 'апрел', 'май', 'июн', 'июл', 'август', 'сентябр', 'октябр', 'ноябр', 'декабр'];

const MONTHS: Record<Language, MonthWords> = {
  en: standalone(EN, (d, m) => `${d} ${m}`),
  ru: { names: RU, dayMonth: (d, m) => `${d} ${RU_GENITIVE[m - 1] ?? ''}` },
  ur: standalone(UR, (d, m) => `${d} ${m}`),
  uz: standalone(UZ, (d, m) => `${d}-${m}`),
  kk: standalone(KK, (d, m) => `${d} ${m}`),
  ky: standalone(KY, (d, m) => `${d}-${m}`),
  // Tajik joins the day to the month with the izofat: "20 ноябри".
  tg: standalone(TG, (d, m) => `${d} ${m}и`),
};

const wordsFor = (language: string): MonthWords => MONTHS[language as Language] ?? MONTHS.en;

/** The month names a date picker offers, January first. */
export function monthNames(language: string): readonly string[] {
  return wordsFor(language).names;
}

const toDate = (at: string | Date): Date => (at instanceof Date ? at : new Date(at));

/** `2026-11-20 03:00 UTC`: the same in every language. */
export function formatUtc(at: string | Date): string {
  return `${toDate(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `2026-11-20`: a day, in UTC. */
export function formatUtcDate(at: string | Date): string {
  return toDate(at).toISOString().slice(0, 10);
}

const pad = (n: number) => String(n).padStart(2, '0');

const zoned = wallClockAt;

/** `UTC+05:00`, `UTC−03:30`, or `UTC` itself. */
function offsetName(minutes: number): string {
  if (minutes === 0) return 'UTC';
  const sign = minutes > 0 ? '+' : '−';
  const abs = Math.abs(minutes);
  return `UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * The same moment on the reader's clock: `20 ноября 2026, 08:00 UTC+05:00`, the month a word in
 * `language`. `timeZone` defaults to the runtime's own (the browser's, for the web app).
 */
export function formatLocal(at: string | Date, language: string, timeZone?: string): string {
  const z = zoned(toDate(at), timeZone);
  return `${wordsFor(language).dayMonth(z.day, z.month)} ${z.year}, ${pad(z.hour)}:${pad(z.minute)} ${offsetName(z.offset)}`;
}

/** A day on the reader's calendar with the month as a word: `20 ноября 2026`. */
export function formatLocalDate(at: string | Date, language: string, timeZone?: string): string {
  const z = zoned(toDate(at), timeZone);
  return `${wordsFor(language).dayMonth(z.day, z.month)} ${z.year}`;
}

/** UTC with the local time beside it, for plain text (mail, push): `2026-11-20 03:00 UTC (20 ноября 2026, 08:00 UTC+05:00)`. */
export function formatMoment(at: string | Date, language: string, timeZone?: string): string {
  const utc = formatUtc(at);
  const local = zoned(toDate(at), timeZone);
  return local.offset === 0 ? utc : `${utc} (${formatLocal(at, language, timeZone)})`;
}
