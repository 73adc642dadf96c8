/**
 * What a commitment reminder says, in each person's own language (the account's language): a
 * minimal line naming the due date — never the commitment's text — the push title and the mail's
 * link. The words are the web app's (`bell.commitmentDueSoon`, `bell.commitmentOverdue`), so the
 * bell, the push and the mail agree.
 */
import type { Language } from '../../../shared/time/format-moment';

export type ReminderEvent = 'due-soon' | 'overdue';

interface Texts {
  'due-soon': (due: string) => string;
  overdue: (due: string) => string;
  pushTitle: string;
  open: string;
}

const TEXTS: Record<Language, Texts> = {
  en: {
    'due-soon': (due) => `A commitment of your nation is due on ${due}.`,
    overdue: (due) => `A commitment of your nation was due on ${due} and is not reported done.`,
    pushTitle: 'Concord: commitment',
    open: 'Open the commitment',
  },
  ru: {
    'due-soon': (due) => `Срок обязательства вашей страны — ${due}.`,
    overdue: (due) => `Срок обязательства вашей страны истёк ${due}, о выполнении не сообщено.`,
    pushTitle: 'Concord: обязательство',
    open: 'Открыть обязательство',
  },
  ur: {
    'due-soon': (due) => `آپ کے ملک کے ایک عہد کی آخری تاریخ ${due} ہے۔`,
    overdue: (due) => `آپ کے ملک کے ایک عہد کی آخری تاریخ ${due} تھی اور اس کی تکمیل کی اطلاع نہیں دی گئی۔`,
    pushTitle: 'Concord: عہد',
    open: 'عہد کھولیں',
  },
  uz: {
    'due-soon': (due) => `Davlatingiz majburiyatining muddati: ${due}.`,
    overdue: (due) => `Davlatingiz majburiyatining muddati ${due} kuni o‘tdi, bajarilgani haqida xabar berilmagan.`,
    pushTitle: 'Concord: majburiyat',
    open: 'Majburiyatni ochish',
  },
  kk: {
    'due-soon': (due) => `Еліңіздің міндеттемесінің мерзімі: ${due}.`,
    overdue: (due) => `Еліңіздің міндеттемесінің мерзімі ${due} өтті, орындалғаны туралы хабарланбаған.`,
    pushTitle: 'Concord: міндеттеме',
    open: 'Міндеттемені ашу',
  },
  ky: {
    'due-soon': (due) => `Өлкөңүздүн милдеттенмесинин мөөнөтү: ${due}.`,
    overdue: (due) => `Өлкөңүздүн милдеттенмесинин мөөнөтү ${due} өттү, аткарылганы тууралуу кабарланган жок.`,
    pushTitle: 'Concord: милдеттенме',
    open: 'Милдеттенмени ачуу',
  },
  tg: {
    'due-soon': (due) => `Мӯҳлати ӯҳдадории кишвари шумо: ${due}.`,
    overdue: (due) => `Мӯҳлати ӯҳдадории кишвари шумо ${due} гузашт ва иҷрои он гузориш нашудааст.`,
    pushTitle: 'Concord: ӯҳдадорӣ',
    open: 'Кушодани ӯҳдадорӣ',
  },
};

const languageOf = (language: string): Language => (language in TEXTS ? (language as Language) : 'en');

export function reminderLine(language: string, event: ReminderEvent, dueOn: string): string {
  return TEXTS[languageOf(language)][event](dueOn);
}

export function reminderPush(language: string, event: ReminderEvent, dueOn: string, path: string) {
  return { title: TEXTS[languageOf(language)].pushTitle, body: reminderLine(language, event, dueOn), url: path };
}

export function reminderMail(language: string, event: ReminderEvent, dueOn: string, link: string): { subject: string; body: string } {
  const line = reminderLine(language, event, dueOn);
  return { subject: line, body: `${line}\n\n${TEXTS[languageOf(language)].open}: ${link}\n` };
}
