/**
 * What a hotline notification says, in each reader's own language (the account's language): the
 * in-app line, the push title and the e-mail. Moments are written as everywhere else (UTC first,
 * src/shared/time); the node does not know a reader's time zone, so mail states UTC alone.
 */
import { formatMoment } from '../../../shared/time/format-moment';
import type { Language } from '../../../shared/time/format-moment';
import type { AlertSeverity, RosterRole } from '../../../shared/vocab/hotline';

interface Texts {
  exercise: string;
  severity: Record<AlertSeverity, string>;
  role: Record<RosterRole, string>;
  forDesk: (severity: string, desk: string, role: string) => string;
  exhausted: (severity: string, desk: string) => string;
  pushTitle: string;
  raised: string;
  open: string;
}

const TEXTS: Record<Language, Texts> = {
  en: {
    exercise: 'EXERCISE EXERCISE EXERCISE',
    severity: { routine: 'ROUTINE', priority: 'PRIORITY', immediate: 'IMMEDIATE', flash: 'FLASH' },
    role: { primary: 'primary', deputy: 'deputy', 'duty-officer': 'duty officer', headquarters: 'headquarters' },
    forDesk: (s, d, r) => `${s} alert for ${d} (${r}): acknowledge it.`,
    exhausted: (s, d) => `${s} alert: nobody on ${d} acknowledged it; its escalation has run out.`,
    pushTitle: 'Concord hotline',
    raised: 'Raised',
    open: 'Open it',
  },
  ru: {
    exercise: 'УЧЕНИЯ УЧЕНИЯ УЧЕНИЯ',
    severity: { routine: 'ОБЫЧНОЕ', priority: 'ПРИОРИТЕТНОЕ', immediate: 'СРОЧНОЕ', flash: 'МОЛНИЯ' },
    role: { primary: 'основной', deputy: 'заместитель', 'duty-officer': 'дежурный офицер', headquarters: 'штаб' },
    forDesk: (s, d, r) => `Оповещение «${s}» для поста ${d} (${r}): подтвердите получение.`,
    exhausted: (s, d) => `Оповещение «${s}»: никто на посту ${d} не подтвердил получение; эскалация исчерпана.`,
    pushTitle: 'Горячая линия Concord',
    raised: 'Отправлено',
    open: 'Открыть',
  },
  ur: {
    exercise: 'مشق مشق مشق',
    severity: { routine: 'معمول', priority: 'ترجیحی', immediate: 'فوری', flash: 'انتہائی فوری' },
    role: { primary: 'بنیادی', deputy: 'نائب', 'duty-officer': 'ڈیوٹی افسر', headquarters: 'ہیڈکوارٹر' },
    forDesk: (s, d, r) => `${d} کے لیے ${s} الرٹ (${r}): اس کی وصولی کی تصدیق کریں۔`,
    exhausted: (s, d) => `${s} الرٹ: ${d} پر کسی نے وصولی کی تصدیق نہیں کی؛ اس کی ایسکلیشن ختم ہو گئی۔`,
    pushTitle: 'Concord ہاٹ لائن',
    raised: 'بھیجا گیا',
    open: 'کھولیں',
  },
  uz: {
    exercise: 'MASHQ MASHQ MASHQ',
    severity: { routine: 'ODDIY', priority: 'USTUVOR', immediate: 'ZUDLIK BILAN', flash: 'FAVQULODDA' },
    role: { primary: 'asosiy', deputy: 'o‘rinbosar', 'duty-officer': 'navbatchi ofitser', headquarters: 'shtab' },
    forDesk: (s, d, r) => `${d} posti uchun «${s}» ogohlantirish (${r}): qabul qilganingizni tasdiqlang.`,
    exhausted: (s, d) => `«${s}» ogohlantirish: ${d} postida hech kim qabul qilmadi; eskalatsiya tugadi.`,
    pushTitle: 'Concord tezkor aloqasi',
    raised: 'Yuborilgan',
    open: 'Ochish',
  },
  kk: {
    exercise: 'ЖАТТЫҒУ ЖАТТЫҒУ ЖАТТЫҒУ',
    severity: { routine: 'ҚАЛЫПТЫ', priority: 'БАСЫМ', immediate: 'ШҰҒЫЛ', flash: 'АСА ШҰҒЫЛ' },
    role: { primary: 'негізгі', deputy: 'орынбасар', 'duty-officer': 'кезекші офицер', headquarters: 'штаб' },
    forDesk: (s, d, r) => `${d} посты үшін «${s}» дабылы (${r}): қабылдағаныңызды растаңыз.`,
    exhausted: (s, d) => `«${s}» дабылы: ${d} постында ешкім қабылдамады; эскалация аяқталды.`,
    pushTitle: 'Concord жедел байланысы',
    raised: 'Жіберілген',
    open: 'Ашу',
  },
  ky: {
    exercise: 'МАШЫГУУ МАШЫГУУ МАШЫГУУ',
    severity: { routine: 'КАДИМКИ', priority: 'АРТЫКЧЫЛЫКТУУ', immediate: 'ШАШЫЛЫШ', flash: 'ӨТӨ ШАШЫЛЫШ' },
    role: { primary: 'негизги', deputy: 'орун басар', 'duty-officer': 'кезметчи офицер', headquarters: 'штаб' },
    forDesk: (s, d, r) => `${d} посту үчүн «${s}» кабары (${r}): кабыл алганыңызды ырастаңыз.`,
    exhausted: (s, d) => `«${s}» кабары: ${d} постунда эч ким кабыл алган жок; эскалация бүттү.`,
    pushTitle: 'Concord ыкчам байланышы',
    raised: 'Жөнөтүлгөн',
    open: 'Ачуу',
  },
  tg: {
    exercise: 'МАШҚ МАШҚ МАШҚ',
    severity: { routine: 'МУҚАРРАРӢ', priority: 'АФЗАЛИЯТНОК', immediate: 'ФАВРӢ', flash: 'ФАВҚУЛФАВРӢ' },
    role: { primary: 'асосӣ', deputy: 'ҷонишин', 'duty-officer': 'афсари навбатдор', headquarters: 'ситод' },
    forDesk: (s, d, r) => `Огоҳии «${s}» барои пости ${d} (${r}): қабулро тасдиқ кунед.`,
    exhausted: (s, d) => `Огоҳии «${s}»: дар пости ${d} ҳеҷ кас қабул накард; эскалатсия ба охир расид.`,
    pushTitle: 'Хатти фаврии Concord',
    raised: 'Фиристода шуд',
    open: 'Кушодан',
  },
};

const textsFor = (language: string): Texts => TEXTS[language as Language] ?? TEXTS.en;

export interface AlertFacts {
  severity: AlertSeverity;
  exercise: boolean;
}

const prefixed = (t: Texts, alert: AlertFacts, line: string) => (alert.exercise ? `${t.exercise}: ${line}` : line);

/** "FLASH alert for Border desk (deputy): acknowledge it." in `language`. */
export function alertForDeskLine(language: string, alert: AlertFacts, desk: string, role: RosterRole): string {
  const t = textsFor(language);
  return prefixed(t, alert, t.forDesk(t.severity[alert.severity], desk, t.role[role]));
}

/** The sender's line when nobody at a desk answered. */
export function alertExhaustedLine(language: string, alert: AlertFacts, desk: string): string {
  const t = textsFor(language);
  return prefixed(t, alert, t.exhausted(t.severity[alert.severity], desk));
}

export function alertPushTitle(language: string, alert: Pick<AlertFacts, 'exercise'>): string {
  const t = textsFor(language);
  return alert.exercise ? `${t.exercise}: ${t.pushTitle}` : t.pushTitle;
}

/** The e-mail: the line, when the alert was raised, and the link. */
export function alertMail(language: string, line: string, raisedAt: Date, link: string): { subject: string; body: string } {
  const t = textsFor(language);
  return { subject: line, body: `${line}\n\n${t.raised}: ${formatMoment(raisedAt, language, 'UTC')}\n${t.open}: ${link}\n` };
}
