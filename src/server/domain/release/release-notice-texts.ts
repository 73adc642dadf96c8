/**
 * What a release notice says, in each officer's own language (the account's language): the line
 * (also the mail's subject), the push title and the mail's link. The words are the web app's
 * (`bell.releaseAwaits`, `shell.nav.toRelease`), so the bell, the push and the mail agree.
 */
import type { Language } from '../../../shared/time/format-moment';

interface Texts {
  /** By plural category of the count (Intl.PluralRules), `other` when a category is missing. */
  awaits: Partial<Record<Intl.LDMLPluralRule, (n: number) => string>> & { other: (n: number) => string };
  pushTitle: string;
  open: string;
}

const TEXTS: Record<Language, Texts> = {
  en: {
    awaits: { one: (n) => `${n} new draft awaits your release.`, other: (n) => `${n} new drafts await your release.` },
    pushTitle: 'Concord: to release',
    open: 'Open the queue',
  },
  ru: {
    awaits: {
      one: (n) => `${n} новый черновик ожидает вашего выпуска.`,
      few: (n) => `${n} новых черновика ожидают вашего выпуска.`,
      many: (n) => `${n} новых черновиков ожидают вашего выпуска.`,
      other: (n) => `${n} новых черновика ожидают вашего выпуска.`,
    },
    pushTitle: 'Concord: к выпуску',
    open: 'Открыть очередь',
  },
  ur: {
    awaits: { one: (n) => `${n} نیا مسودہ آپ کے اجرا کا منتظر ہے۔`, other: (n) => `${n} نئے مسودے آپ کے اجرا کے منتظر ہیں۔` },
    pushTitle: 'Concord: اجرا کے منتظر',
    open: 'قطار کھولیں',
  },
  uz: {
    awaits: { other: (n) => `${n} ta yangi qoralama tarqatishingizni kutmoqda.` },
    pushTitle: 'Concord: tarqatishga',
    open: 'Navbatni ochish',
  },
  kk: {
    awaits: { other: (n) => `${n} жаңа жоба сіздің таратуыңызды күтуде.` },
    pushTitle: 'Concord: таратуға',
    open: 'Кезекті ашу',
  },
  ky: {
    awaits: { other: (n) => `${n} жаңы долбоор сиздин таратууңузду күтүүдө.` },
    pushTitle: 'Concord: таратууга',
    open: 'Кезекти ачуу',
  },
  tg: {
    awaits: { one: (n) => `${n} лоиҳаи нав интизори интишори шумост.`, other: (n) => `${n} лоиҳаи нав интизори интишори шумоянд.` },
    pushTitle: 'Concord: барои интишор',
    open: 'Кушодани навбат',
  },
};

/** The account's language, or English for one this node does not know. */
const languageOf = (language: string): Language => (language in TEXTS ? (language as Language) : 'en');

/** "3 new drafts await your release." in `language`. */
export function releaseNoticeLine(language: string, count: number): string {
  const known = languageOf(language);
  const awaits = TEXTS[known].awaits;
  return (awaits[new Intl.PluralRules(known).select(count)] ?? awaits.other)(count);
}

export function releaseNoticePush(language: string, count: number) {
  return { title: TEXTS[languageOf(language)].pushTitle, body: releaseNoticeLine(language, count), url: '/release' };
}

export function releaseNoticeMail(language: string, count: number, link: string): { subject: string; body: string } {
  const line = releaseNoticeLine(language, count);
  return { subject: line, body: `${line}\n\n${TEXTS[languageOf(language)].open}: ${link}\n` };
}
