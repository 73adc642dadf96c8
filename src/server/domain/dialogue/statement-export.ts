/**
 * A joint statement to read outside Concord: Markdown of its text — clauses numbered, reservations
 * as footnotes, how and when it was adopted — and, for an adopted one, the signed JSON document
 * (statement-document.ts) or a PDF headed by its marking. An unadopted statement exports as a
 * draft, marked so (Markdown or JSON only).
 */
import { formatMarking } from '../../../shared/labels/format-label';
import { labelFromColumns } from '../../../shared/labels/label-columns';
import { AppError } from '../app-error';
import { pdfIn, publicPdf, publicText } from './public-statement';
import { standingReservations } from './statement-service';
import type { StatementDocument } from '../../../shared/contracts/statements';
import type { MeetingRow } from '../../db/repositories/meeting-repository';
import type { StatementPositionRow, StatementRow } from '../../db/repositories/statement-repository';

export interface ExportedText {
  title: string;
  preamble: string;
  host: string;
  meeting: { title: string; place: string; startsAt: string };
  clauses: { id: string; text: string }[];
  /** Standing reservations: on a clause (its id) or on the whole (null). */
  reservations: { nation: string; clause: string | null; text: string }[];
  adopted: { at: string; by: 'concurrence' | 'silence'; participants: string[] } | null;
}

/** The text as the adopted document holds it, its reservations with it. */
export function exportedFromDocument(doc: StatementDocument): ExportedText {
  return {
    title: doc.statement.title,
    preamble: doc.statement.preamble,
    host: doc.statement.host,
    meeting: { title: doc.statement.meeting.title, place: doc.statement.meeting.place, startsAt: doc.statement.meeting.startsAt },
    clauses: doc.clauses.map((c) => ({ id: c.id, text: c.text })),
    reservations: doc.positions
      .filter((p) => p.stance === 'reservation')
      .map((p) => ({ nation: p.nation, clause: p.clause, text: p.reservation })),
    adopted: { at: doc.statement.adoptedAt, by: doc.statement.adoptedBy, participants: doc.statement.participants },
  };
}

const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ');

export function statementMarkdown(text: ExportedText): string {
  const notes: string[] = [];
  const mark = (clause: string | null) =>
    text.reservations
      .filter((r) => r.clause === clause)
      .map((r) => {
        notes.push(`${r.nation} reserves: ${oneLine(r.text)}`);
        return `[^${notes.length}]`;
      })
      .join('');
  const lines = [`# ${text.title}${mark(null)}`, ''];
  lines.push(`${text.meeting.title}, ${text.meeting.place}, ${text.meeting.startsAt.slice(0, 10)} — hosted by ${text.host}`, '');
  if (!text.adopted) lines.push('**Draft — not adopted.**', '');
  if (text.preamble) lines.push(text.preamble, '');
  text.clauses.forEach((c, i) => lines.push(`${i + 1}. ${c.text.replace(/\n/g, '\n   ')}${mark(c.id)}`));
  lines.push('');
  if (text.adopted)
    lines.push(
      `Adopted ${text.adopted.at.slice(0, 10)} by ${text.adopted.by === 'silence' ? 'silence procedure' : 'the concurrence of every participant'}: ${text.adopted.participants.join(', ')}.`,
      '',
    );
  notes.forEach((n, i) => lines.push(`[^${i + 1}]: ${n}`));
  return `${lines.join('\n').trimEnd()}\n`;
}

/** A draft's text: as it stands, with the reservations standing on it among the nations' words read. */
function exportedDraft(row: StatementRow, meeting: MeetingRow, positions: readonly StatementPositionRow[]): ExportedText {
  const venue = meeting.venue;
  return {
    title: row.title,
    preamble: row.preamble,
    host: row.originator_nation,
    meeting: {
      title: meeting.title,
      place: venue.online ? 'online' : `${venue.name}, ${venue.country}`,
      startsAt: new Date(meeting.starts_at).toISOString(),
    },
    clauses: row.clauses.map((c) => ({ id: c.id, text: c.text })),
    reservations: standingReservations(positions, row),
    adopted: null,
  };
}

/**
 * A statement as a file: Markdown, or JSON — for an adopted statement the signed document, for a
 * draft its text as it stands, marked as a draft (`positions`: the nations' words its reader may read).
 */
export function statementFile(row: StatementRow, meeting: MeetingRow, positions: readonly StatementPositionRow[], format: 'md' | 'json') {
  const name = `statement-${row.id}`;
  if (format === 'json')
    return {
      name: `${name}.json`,
      type: 'application/json; charset=utf-8',
      body: `${JSON.stringify(
        row.adopted ?? {
          format: 'concord-statement-draft/1',
          id: row.id,
          title: row.title,
          preamble: row.preamble,
          textVersion: row.text_version,
          clauses: row.clauses.map(({ id, version, text }) => ({ id, version, text })),
        },
        null,
        2,
      )}\n`,
    };
  const text = row.adopted ? exportedFromDocument(row.adopted) : exportedDraft(row, meeting, positions);
  return { name: `${name}.md`, type: 'text/markdown; charset=utf-8', body: statementMarkdown(text) };
}

/** An adopted statement as a PDF in its original language, headed by the statement's own marking. */
export async function statementPdf(row: StatementRow) {
  const text = publicText(row);
  if (!text) throw new AppError('CONFLICT', 'Only an adopted statement is exported as PDF: export this draft as Markdown or JSON.');
  if (!pdfIn(text.language))
    throw new AppError('CONFLICT', 'Its original is in Urdu, which Concord does not print to PDF: export it as Markdown or JSON.');
  return {
    name: `statement-${row.id}.pdf`,
    type: 'application/pdf',
    body: await publicPdf(text, formatMarking(labelFromColumns(row))),
  };
}
