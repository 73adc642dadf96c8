/**
 * What anyone may read without signing in: joint statements their host released publicly — each
 * as an HTML page per language, as PDF — and the node's Atom feed of them. Nothing else of a
 * statement, its meeting or its nations' words is served here; any other id answers exactly as a
 * missing one.
 */
import { z } from 'zod';
import { STATEMENT_LANGUAGES } from '../../../shared/contracts/statements';
import { AppError } from '../../domain/app-error';
import fs from 'node:fs/promises';
import {
  PUBLIC_CSS,
  PUBLIC_FONTS,
  findPublicText,
  pdfIn,
  publicHtml,
  publicPdf,
  publicStatementsFeed,
} from '../../domain/dialogue/public-statement';
import { defineRoute } from '../route';
import type { Context } from '../../context';

const tag = 'public';
const params = z.strictObject({ id: z.string().max(100) });
const query = z.strictObject({
  /** The language to read it in: its original's when left out. */
  lang: z.enum(STATEMENT_LANGUAGES, { message: `One of ${STATEMENT_LANGUAGES.join(', ')}.` }).optional(),
});
/** Public pages may be cached briefly by the reader's browser and proxies; a withdrawn release is gone within minutes. */
const CACHE = 'public, max-age=300';

/** The public text of a released statement, in the language asked; a missing one otherwise, whatever the reason. */
async function released(ctx: Context, id: string, language: (typeof STATEMENT_LANGUAGES)[number] | undefined) {
  const uuid = z.uuid().safeParse(id);
  const text = uuid.success ? await findPublicText(ctx, uuid.data, language) : undefined;
  if (!text) throw new AppError('NOT_FOUND', 'No public statement with this id in this language.');
  return text;
}

export const publicStatementRoutes = [
  defineRoute({
    method: 'GET',
    url: '/public/statement.css',
    summary: 'The public statement pages’ stylesheet',
    tag,
    auth: 'public',
    response: z.unknown(),
    reads: { kind: 'none', why: 'a stylesheet' },
    handler: async ({ reply }) => {
      reply.header('cache-control', 'public, max-age=86400').type('text/css; charset=utf-8');
      return PUBLIC_CSS;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/public/fonts/:file',
    summary: 'The face the public statement pages set Urdu in',
    tag,
    auth: 'public',
    params: z.strictObject({ file: z.string().max(40) }),
    response: z.unknown(),
    reads: { kind: 'none', why: 'a font file' },
    handler: async ({ params: p, reply }) => {
      const file = Object.hasOwn(PUBLIC_FONTS, p.file) ? PUBLIC_FONTS[p.file] : undefined;
      if (!file) throw new AppError('NOT_FOUND', 'No such font.');
      reply.header('cache-control', 'public, max-age=604800').type('font/woff2');
      return fs.readFile(file);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/public/statements.atom',
    summary: 'The node’s public joint statements as an Atom feed, latest release first (no sign-in)',
    tag,
    auth: 'public',
    response: z.unknown(),
    reads: { kind: 'public', recordKind: 'statement', form: 'feed' },
    handler: async ({ ctx, reply }) => {
      reply.header('cache-control', CACHE).type('application/atom+xml; charset=utf-8');
      return publicStatementsFeed(ctx);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/public/statements/:id',
    summary: 'A publicly released joint statement as an HTML page, in its original language or `lang` (no sign-in; 404 for anything else)',
    tag,
    auth: 'public',
    params,
    query,
    response: z.unknown(),
    reads: { kind: 'public', recordKind: 'statement', form: 'record' },
    handler: async ({ ctx, params: p, query: q, reply }) => {
      const text = await released(ctx, p.id, q.lang);
      reply.header('cache-control', CACHE).header('content-language', text.language).type('text/html; charset=utf-8');
      return publicHtml(text);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/public/statements/:id/pdf',
    summary: 'A publicly released joint statement as PDF, in its original language or `lang` (no sign-in)',
    tag,
    auth: 'public',
    params,
    query,
    response: z.unknown(),
    reads: { kind: 'public', recordKind: 'statement', form: 'record' },
    handler: async ({ ctx, params: p, query: q, reply }) => {
      const text = await released(ctx, p.id, q.lang);
      if (!pdfIn(text.language))
        throw new AppError(
          'NOT_FOUND',
          `No PDF in this language: print the page (/public/statements/${text.id}?lang=${text.language}) instead.`,
        );
      reply
        .header('cache-control', CACHE)
        .header('content-disposition', `inline; filename="statement-${text.id}-${text.language}.pdf"`)
        .type('application/pdf');
      return publicPdf(text);
    },
  }),
];
