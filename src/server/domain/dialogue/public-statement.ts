/**
 * A joint statement its host released publicly, as the world reads it without signing in: an
 * accessible HTML page in each language it is available in, a PDF of each, and the node's Atom
 * feed of its public statements. Built from the adopted document and its translations only — the
 * text, when and how it was adopted, the nations, the reservations published as footnotes — never
 * from the meeting (its title, place and dates are not released with the text).
 */
import { createRequire } from 'node:module';
import { Feed } from 'feed';
import { statementRepository } from '../../db/repositories/statement-repository';
import { pdfDocument } from '../pdf-document';
import type { StatementLanguage } from '../../../shared/contracts/statements';
import type { Context } from '../../context';
import type { StatementRow } from '../../db/repositories/statement-repository';

/** The words around the text, per language. */
const WORDS: Record<
  StatementLanguage,
  Record<
    | 'adopted'
    | 'concurrence'
    | 'silence'
    | 'nations'
    | 'notes'
    | 'reserves'
    | 'original'
    | 'authentic'
    | 'unofficial'
    | 'languages'
    | 'pdf'
    | 'feed',
    string
  >
> = {
  en: {
    adopted: 'Adopted on',
    concurrence: 'by the concurrence of every participant',
    silence: 'under the silence procedure',
    nations: 'Participating nations',
    notes: 'Reservations',
    reserves: 'reserves',
    original: 'Original text',
    authentic: 'Authentic text',
    unofficial: 'Unofficial translation',
    languages: 'Other languages',
    pdf: 'PDF',
    feed: 'Public statements',
  },
  ru: {
    adopted: 'Принято',
    concurrence: 'с согласия всех участников',
    silence: 'по процедуре умолчания',
    nations: 'Государства-участники',
    notes: 'Оговорки',
    reserves: 'делает оговорку',
    original: 'Оригинальный текст',
    authentic: 'Аутентичный текст',
    unofficial: 'Неофициальный перевод',
    languages: 'Другие языки',
    pdf: 'PDF',
    feed: 'Публичные заявления',
  },
  kk: {
    adopted: 'Қабылданды',
    concurrence: 'барлық қатысушылардың келісімімен',
    silence: 'үнсіздік рәсімімен',
    nations: 'Қатысушы мемлекеттер',
    notes: 'Ескертпелер',
    reserves: 'ескертпе жасайды',
    original: 'Түпнұсқа мәтін',
    authentic: 'Түпнұсқалық мәтін',
    unofficial: 'Ресми емес аударма',
    languages: 'Басқа тілдер',
    pdf: 'PDF',
    feed: 'Жария мәлімдемелер',
  },
  ky: {
    adopted: 'Кабыл алынды',
    concurrence: 'бардык катышуучулардын макулдугу менен',
    silence: 'унчукпоо жол-жобосу менен',
    nations: 'Катышуучу мамлекеттер',
    notes: 'Эскертүүлөр',
    reserves: 'эскертүү берет',
    original: 'Түп нуска текст',
    authentic: 'Аутентүү текст',
    unofficial: 'Расмий эмес котормо',
    languages: 'Башка тилдер',
    pdf: 'PDF',
    feed: 'Ачык билдирүүлөр',
  },
  tg: {
    adopted: 'Қабул шуд',
    concurrence: 'бо розигии ҳамаи иштирокчиён',
    silence: 'бо тартиби хомӯшӣ',
    nations: 'Давлатҳои иштирокчӣ',
    notes: 'Қайдҳо',
    reserves: 'қайд мегузорад',
    original: 'Матни аслӣ',
    authentic: 'Матни аутентикӣ',
    unofficial: 'Тарҷумаи ғайрирасмӣ',
    languages: 'Забонҳои дигар',
    pdf: 'PDF',
    feed: 'Изҳороти оммавӣ',
  },
  uz: {
    adopted: 'Qabul qilindi',
    concurrence: 'barcha ishtirokchilar roziligi bilan',
    silence: 'sukut tartibida',
    nations: 'Ishtirokchi davlatlar',
    notes: 'Izohlar',
    reserves: 'izoh beradi',
    original: 'Asl matn',
    authentic: 'Haqiqiy matn',
    unofficial: 'Norasmiy tarjima',
    languages: 'Boshqa tillar',
    pdf: 'PDF',
    feed: 'Ommaviy bayonotlar',
  },
  ur: {
    adopted: 'منظور شدہ',
    concurrence: 'تمام شرکاء کے اتفاق سے',
    silence: 'خاموشی کے طریقہ کار کے تحت',
    nations: 'شریک ممالک',
    notes: 'تحفظات',
    reserves: 'کا تحفظ',
    original: 'اصل متن',
    authentic: 'مستند متن',
    unofficial: 'غیر سرکاری ترجمہ',
    languages: 'دیگر زبانیں',
    pdf: 'PDF',
    feed: 'عوامی اعلامیے',
  },
};

const NATIVE_NAMES: Record<StatementLanguage, string> = {
  en: 'English',
  ru: 'Русский',
  kk: 'Қазақша',
  ky: 'Кыргызча',
  tg: 'Тоҷикӣ',
  uz: 'Oʻzbekcha',
  ur: 'اردو',
};

const RTL: ReadonlySet<StatementLanguage> = new Set(['ur']);

/** The text in one language, with everything the public page shows around it. */
export interface PublicText {
  id: string;
  language: StatementLanguage;
  dir: 'ltr' | 'rtl';
  /** The original, or a translation marked authentic or unofficial. */
  standing: 'original' | 'authentic' | 'unofficial';
  title: string;
  preamble: string;
  clauses: { id: string; text: string }[];
  reservations: { nation: string; clause: string | null; text: string }[];
  adoptedAt: string;
  adoptedBy: 'concurrence' | 'silence';
  participants: string[];
  /** Every language it is available in, the original first. */
  languages: StatementLanguage[];
}

/** The languages a public statement is available in: its original's, then its translations'. */
export const languagesOf = (row: Pick<StatementRow, 'language' | 'translations'>): StatementLanguage[] => [
  row.language as StatementLanguage,
  ...row.translations.map((t) => t.language).filter((l) => l !== row.language),
];

/** The public text of a released statement in `language` (the original when not given); undefined when not available in it. */
export function publicText(row: StatementRow, language?: StatementLanguage): PublicText | undefined {
  const doc = row.adopted;
  if (!doc) return undefined;
  const original = row.language as StatementLanguage;
  const wanted = language ?? original;
  const translation = wanted === original ? undefined : row.translations.find((t) => t.language === wanted);
  if (wanted !== original && !translation) return undefined;
  return {
    id: row.id,
    language: wanted,
    dir: RTL.has(wanted) ? 'rtl' : 'ltr',
    standing: translation ? translation.status : 'original',
    title: translation?.title ?? doc.statement.title,
    preamble: translation?.preamble ?? doc.statement.preamble,
    clauses: translation ? translation.clauses : doc.clauses.map((c) => ({ id: c.id, text: c.text })),
    reservations: doc.positions
      .filter((p) => p.stance === 'reservation')
      .map((p) => ({ nation: p.nation, clause: p.clause, text: p.reservation })),
    adoptedAt: doc.statement.adoptedAt,
    adoptedBy: doc.statement.adoptedBy,
    participants: doc.statement.participants,
    languages: languagesOf(row),
  };
}

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const day = (iso: string, language: StatementLanguage) =>
  new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(iso));

/** Footnote numbers: the whole text's reservations first, then each clause's in order. */
function footnotes(text: PublicText) {
  const order = [null, ...text.clauses.map((c) => c.id)];
  const notes = order.flatMap((clause) => text.reservations.filter((r) => r.clause === clause));
  const numbersOf = (clause: string | null) => notes.flatMap((n, i) => (n.clause === clause ? [i + 1] : []));
  return { notes, numbersOf };
}

/** The public pages' stylesheet (served beside them: the node's content policy admits no inline style). */
export const PUBLIC_CSS = `@font-face { font-family: 'Noto Nastaliq Urdu'; font-weight: 400; src: url(/public/fonts/nastaliq-400.woff2) format('woff2'); unicode-range: U+0600-06FF, U+0750-077F, U+FB50-FDFF, U+FE70-FEFF; }
@font-face { font-family: 'Noto Nastaliq Urdu'; font-weight: 700; src: url(/public/fonts/nastaliq-700.woff2) format('woff2'); unicode-range: U+0600-06FF, U+0750-077F, U+FB50-FDFF, U+FE70-FEFF; }
html:lang(ur) body { font-family: 'Noto Nastaliq Urdu', system-ui, sans-serif; line-height: 2.1; }
body { font-family: system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.55; color: #111; background: #fff; }
.meta, .standing { color: #444; }
ol.clauses > li { margin-block-end: 0.75rem; }
footer { border-block-start: 1px solid #999; margin-block-start: 2rem; padding-block-start: 1rem; font-size: 0.95rem; }
a { color: #0b57d0; }
a:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
`;

export const publicPath = (id: string, language?: StatementLanguage) => `/public/statements/${id}${language ? `?lang=${language}` : ''}`;
export const publicPdfPath = (id: string, language: StatementLanguage) => `/public/statements/${id}/pdf?lang=${language}`;

/** The public page: plain, self-contained HTML (no script), in the text's language and direction. */
export function publicHtml(text: PublicText): string {
  const w = WORDS[text.language];
  const { notes, numbersOf } = footnotes(text);
  const refs = (clause: string | null) =>
    numbersOf(clause)
      .map((n) => `<sup><a href="#note-${n}" id="ref-${n}" aria-label="${escape(w.notes)} ${n}">${n}</a></sup>`)
      .join('');
  const others = text.languages.filter((l) => l !== text.language);
  return `<!doctype html>
<html lang="${text.language}" dir="${text.dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(text.title)}</title>
<link rel="alternate" type="application/atom+xml" href="/public/statements.atom" title="${escape(w.feed)}">
${text.languages.map((l) => `<link rel="alternate" hreflang="${l}" href="${escape(publicPath(text.id, l))}">`).join('\n')}
<link rel="stylesheet" href="/public/statement.css">
</head>
<body>
<header>
<p class="standing">TLP:CLEAR · ${escape(text.standing === 'original' ? w.original : w[text.standing])}</p>
<h1>${escape(text.title)}${refs(null)}</h1>
<p class="meta">${escape(w.adopted)} <time datetime="${escape(text.adoptedAt)}">${escape(day(text.adoptedAt, text.language))}</time> ${escape(text.adoptedBy === 'concurrence' ? w.concurrence : w.silence)}.</p>
<p class="meta">${escape(w.nations)}: ${text.participants.map(escape).join(', ')}</p>
</header>
<main>
${text.preamble ? `<p>${escape(text.preamble)}</p>` : ''}
<ol class="clauses">
${text.clauses.map((c) => `<li>${escape(c.text)}${refs(c.id)}</li>`).join('\n')}
</ol>
</main>
<footer>
${
  notes.length > 0
    ? `<h2>${escape(w.notes)}</h2>\n<ol>\n${notes.map((n, i) => `<li id="note-${i + 1}">${escape(n.nation)} ${escape(w.reserves)}: ${escape(n.text)} <a href="#ref-${i + 1}" aria-label="↩">↩</a></li>`).join('\n')}\n</ol>`
    : ''
}
<nav aria-label="${escape(w.languages)}">
<p>${others.length > 0 ? `${escape(w.languages)}: ${others.map((l) => `<a href="${escape(publicPath(text.id, l))}" hreflang="${l}" lang="${l}">${escape(NATIVE_NAMES[l])}</a>`).join(' · ')} · ` : ''}${pdfIn(text.language) ? `<a href="${escape(publicPdfPath(text.id, text.language))}">${escape(w.pdf)}</a> · ` : ''}<a href="/public/statements.atom">${escape(w.feed)} (Atom)</a></p>
</nav>
</footer>
</body>
</html>
`;
}

const require = createRequire(import.meta.url);

/** The Urdu face the public pages use (the web app's, bundled): by name, nothing else is served. */
export const PUBLIC_FONTS: Readonly<Record<string, string>> = {
  'nastaliq-400.woff2': require.resolve('@fontsource/noto-nastaliq-urdu/files/noto-nastaliq-urdu-arabic-400-normal.woff2'),
  'nastaliq-700.woff2': require.resolve('@fontsource/noto-nastaliq-urdu/files/noto-nastaliq-urdu-arabic-700-normal.woff2'),
};

/**
 * Whether a PDF is made in `language`. pdfkit lays text out left to right, without the bidirectional
 * reordering and the Nastaliq shaping Urdu needs: its page prints correctly from a browser instead.
 */
export const pdfIn = (language: StatementLanguage) => !RTL.has(language);

/**
 * The public text as a PDF (A4, DejaVu Sans: Latin and Cyrillic), for a left-to-right language
 * (`pdfIn`), headed by its marking: TLP:CLEAR for a statement released publicly, the statement's
 * own label when it is exported from inside Concord.
 */
export function publicPdf(text: PublicText, marking = 'TLP:CLEAR'): Promise<Buffer> {
  const w = WORDS[text.language];
  const { doc, done } = pdfDocument({ size: 'A4', margin: 56, info: { Title: text.title }, lang: text.language });
  const { notes, numbersOf } = footnotes(text);
  const marks = (clause: string | null) =>
    numbersOf(clause)
      .map((n) => ` [${n}]`)
      .join('');
  doc
    .font('regular')
    .fontSize(8)
    .fillColor('#444')
    .text(`${marking} · ${text.standing === 'original' ? w.original : w[text.standing]}`);
  doc
    .moveDown(0.5)
    .font('bold')
    .fontSize(16)
    .fillColor('#000')
    .text(`${text.title}${marks(null)}`);
  doc
    .moveDown(0.3)
    .font('regular')
    .fontSize(9.5)
    .fillColor('#444')
    .text(
      `${w.adopted} ${day(text.adoptedAt, text.language)} ${text.adoptedBy === 'concurrence' ? w.concurrence : w.silence}. ${w.nations}: ${text.participants.join(', ')}`,
    );
  doc.fillColor('#000').fontSize(11).moveDown();
  if (text.preamble) doc.text(text.preamble).moveDown(0.5);
  text.clauses.forEach((c, i) => doc.text(`${i + 1}. ${c.text}${marks(c.id)}`).moveDown(0.4));
  if (notes.length > 0) {
    doc.moveDown().font('bold').fontSize(10).text(w.notes).font('regular').fontSize(9.5);
    notes.forEach((n, i) => doc.text(`[${i + 1}] ${n.nation} ${w.reserves}: ${n.text}`));
  }
  doc.end();
  return done;
}

/** The node's Atom feed of its public statements, newest release first. */
export function publicFeed(rows: StatementRow[], baseUrl: string, nodeId: string): string {
  const base = baseUrl.replace(/\/$/, '');
  const feed = new Feed({
    id: `urn:concord:${nodeId}:public-statements`,
    title: WORDS.en.feed,
    updated: rows[0]?.public_at ? new Date(rows[0].public_at) : new Date(0),
    generator: false,
    feedLinks: { atom: `${base}/public/statements.atom` },
  });
  for (const row of rows) {
    const text = publicText(row);
    if (!text || !row.public_at) continue;
    feed.addItem({
      id: `urn:uuid:${row.id}`,
      // The feed declares its text as HTML inside CDATA sections: escaped, the text reads as written
      // and can close neither.
      title: escape(text.title),
      link: `${base}${publicPath(row.id)}`,
      date: new Date(row.public_at),
      published: new Date(text.adoptedAt),
      description: [text.preamble, ...text.clauses.map((c, i) => `${i + 1}. ${c.text}`)].filter(Boolean).map(escape).join('<br>'),
    });
  }
  return feed.atom1();
}

/** A statement released publicly by this node's nation, in `language`; undefined for any other id or a language it is not in. */
export async function findPublicText(ctx: Context, id: string, language?: StatementLanguage): Promise<PublicText | undefined> {
  const row = await statementRepository(ctx.database.db).findPublic(id);
  return row && publicText(row, language);
}

/** This node's public statements as its Atom feed (the latest hundred releases). */
export async function publicStatementsFeed(ctx: Context): Promise<string> {
  return publicFeed(await statementRepository(ctx.database.db).listPublic(100), ctx.config.publicUrl, ctx.node.nodeId);
}
