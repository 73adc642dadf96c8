/**
 * The public holidays of the nations taking part in an exercise, national and religious, from
 * date-holidays (a maintained library that works out the Islamic calendar's feasts, Easter and
 * substitute days for each year). The library has no data for Kyrgyzstan or Tajikistan yet; for
 * those two the node gives it their statutory public holidays as rules in its own grammar (the
 * library still computes the dates) — docs/decisions/0047.
 *
 * Each holiday is whole days in its country's time zone: the Islamic feasts, which the library
 * starts at the eve's sunset, are counted from the next midnight, as the day off is.
 */
import Holidays from 'date-holidays';
import countries from 'i18n-iso-countries';
import { addDays, startOfDay } from '../../../shared/time/time-zone';

export interface PublicHoliday {
  nation: string;
  name: string;
  /** The first day (in the country's time zone). */
  date: string;
  startsAt: Date;
  endsAt: Date;
}

/** Statutory public holidays missing from the library, as rules in its grammar (`MM-DD`, `1 Shawwal`, `P4D` for four days). */
const RULES: Readonly<Record<string, { timeZone: string; rules: readonly [rule: string, name: string][] }>> = {
  // Labour Code of the Kyrgyz Republic, article 113.
  KG: {
    timeZone: 'Asia/Bishkek',
    rules: [
      ['01-01', 'New Year'],
      ['01-07', 'Orthodox Christmas'],
      ['02-23', 'Defender of the Fatherland Day'],
      ['03-08', 'International Women’s Day'],
      ['03-21', 'Nooruz'],
      ['04-07', 'Day of the People’s April Revolution'],
      ['05-01', 'Labour Day'],
      ['05-05', 'Constitution Day'],
      ['05-09', 'Victory Day'],
      ['08-31', 'Independence Day'],
      ['11-07 P2D', 'Days of History and Commemoration of Ancestors'],
      ['1 Shawwal', 'Orozo Ait (Eid al-Fitr)'],
      ['10 Dhu al-Hijjah', 'Kurman Ait (Eid al-Adha)'],
    ],
  },
  // Labour Code of the Republic of Tajikistan, article 103, and the law on public holidays.
  TJ: {
    timeZone: 'Asia/Dushanbe',
    rules: [
      ['01-01', 'New Year'],
      ['03-08', 'Mother’s Day'],
      ['03-21 P4D', 'Navruz'],
      ['05-01', 'Labour Day'],
      ['05-09', 'Victory Day'],
      ['06-27', 'National Unity Day'],
      ['09-09', 'Independence Day'],
      ['11-06', 'Constitution Day'],
      ['1 Shawwal', 'Idi Ramazon (Eid al-Fitr)'],
      ['10 Dhu al-Hijjah', 'Idi Qurbon (Eid al-Adha)'],
    ],
  },
};

const DAY_MS = 86_400_000;

function calendarOf(country: string): { holidays: Holidays; timeZone: string } | null {
  const own = RULES[country];
  if (own) {
    const holidays = new Holidays({ languages: ['en'], types: ['public'] });
    holidays.setTimezone(own.timeZone);
    for (const [rule, name] of own.rules) holidays.setHoliday(rule, { name: { en: name }, type: 'public' });
    return { holidays, timeZone: own.timeZone };
  }
  if (!new Holidays().getCountries('en')[country]) return null;
  const holidays = new Holidays(country, { languages: ['en'], types: ['public'] });
  const timeZone = holidays.getTimezones()[0];
  if (!timeZone) return null;
  holidays.setTimezone(timeZone);
  return { holidays, timeZone };
}

/** Each country's holidays by year, worked out once per process (they never change for a year already computed). */
const byYear = new Map<string, PublicHoliday[]>();
const calendars = new Map<string, ReturnType<typeof calendarOf>>();

function holidaysOf(nation: string, year: number): PublicHoliday[] {
  const key = `${nation}:${year}`;
  const known = byYear.get(key);
  if (known) return known;
  const country = countries.alpha3ToAlpha2(nation);
  let calendar = country ? calendars.get(country) : null;
  if (country && calendar === undefined) {
    calendar = calendarOf(country);
    calendars.set(country, calendar);
  }
  const found: PublicHoliday[] = [];
  if (calendar)
    for (const holiday of calendar.holidays.getHolidays(year, 'en')) {
      if (holiday.type !== 'public') continue;
      const date = holiday.date.slice(0, 10);
      const days = Math.max(1, Math.round((holiday.end.getTime() - holiday.start.getTime()) / DAY_MS));
      found.push({
        nation,
        name: holiday.name,
        date,
        startsAt: startOfDay(date, calendar.timeZone),
        endsAt: startOfDay(addDays(date, days), calendar.timeZone),
      });
    }
  byYear.set(key, found);
  return found;
}

/** The public holidays of `nations` that overlap [from, to), by start. */
export function publicHolidays(nations: readonly string[], from: Date, to: Date): PublicHoliday[] {
  const years: number[] = [];
  // A day either side: a holiday in a zone ahead of UTC can start in the year before.
  for (let y = new Date(from.getTime() - DAY_MS).getUTCFullYear(); y <= new Date(to.getTime() + DAY_MS).getUTCFullYear(); y++)
    years.push(y);
  return [...new Set(nations)]
    .flatMap((nation) => years.flatMap((year) => holidaysOf(nation, year)))
    .filter((h) => h.startsAt < to && h.endsAt > from)
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.nation.localeCompare(b.nation));
}
