/**
 * The after-action report of a crisis, for one reader: built from the crisis and the entries that
 * reader may read (a report is never stored — a stored one would carry whatever its first reader
 * could see to everyone after), written as Markdown or as PDF from the same outline.
 */
import { pdfDocument } from '../pdf-document';
import { formatMarking } from '../../../shared/labels/format-label';
import { CLASSIFICATION_LEVELS, classificationRank } from '../../../shared/vocab/levels';
import { labelFromColumns } from '../../../shared/labels/label-columns';
import { crisisRepository } from '../../db/repositories/crisis-repository';
import { crisisBoard, isOverdue } from './crisis-board';
import { EXERCISE_PREFIX, getCrisis, participantsOf } from './crisis-service';
import { requestStateFor } from './entry-lifecycle';
import type { CrisisBoard, Sitrep } from '../../../shared/contracts/crises';
import type { EntryAction } from '../../../shared/vocab/crisis';
import type { Context } from '../../context';
import type { UserActor } from '../auth/actor';
import type { CrisisEntryRow, CrisisRow } from '../../db/repositories/crisis-repository';
import { formatUtc } from '../../../shared/time/format-moment';

/** The report as an outline: a title, then sections of paragraphs, quotes, lists and tables. */
export type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'quote'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; head: string[]; rows: string[][] };

export interface Report {
  title: string;
  banner: string[];
  /** The marking every page carries at its top and bottom: the highest classification in the report, and the crisis's label. */
  marking: string;
  sections: { heading: string; blocks: Block[] }[];
  filename: string;
  /** An exercise's report carries the exercise watermark on every page. */
  exercise: boolean;
}

// The same convention as the app and mail (src/shared/time): UTC first, in ISO order.
const when = (value: Date | string | null | undefined) => (value ? formatUtc(value) : '—');

function duration(from: Date | string, to: Date | string): string {
  const minutes = Math.round((new Date(to).getTime() - new Date(from).getTime()) / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  return [days ? `${days} d` : '', hours ? `${hours} h` : '', `${minutes % 60} min`].filter(Boolean).join(' ');
}

export async function buildAfterActionReport(ctx: Context, actor: UserActor, crisisId: string): Promise<Report> {
  const crisis = await getCrisis(ctx, actor, crisisId);
  const entries = await crisisRepository(ctx.database.db).allEntriesReadable(actor.reader, crisisId);
  const participants = await participantsOf(ctx, actor, crisis);
  const now = ctx.clock.now();
  return outline(
    crisis,
    entries,
    participants,
    crisisBoard(participants, entries, crisis.closed_at ? new Date(crisis.closed_at) : now),
    actor,
    now,
  );
}

function outline(
  crisis: CrisisRow,
  entries: CrisisEntryRow[],
  participants: string[],
  board: CrisisBoard,
  actor: UserActor,
  now: Date,
): Report {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const highest = [crisis, ...entries].reduce((top, r) => Math.max(top, classificationRank(r.classification as never)), 0);
  const banner = [
    ...(crisis.exercise ? [EXERCISE_PREFIX] : []),
    `Crisis marking: ${formatMarking(labelFromColumns(crisis))}`,
    `Highest classification of any record in this report: ${CLASSIFICATION_LEVELS[highest]}. Each entry carries its own marking.`,
    `Prepared for ${actor.user.displayName} (${actor.nation.code}) on ${when(now)}; it holds only records released to that reader.`,
  ];
  const marking = `${crisis.exercise ? 'EXERCISE — ' : ''}${CLASSIFICATION_LEVELS[highest]} — crisis: ${formatMarking(labelFromColumns(crisis))}`;
  const sections: Report['sections'] = [];
  sections.push({
    heading: 'Summary',
    blocks: [
      {
        kind: 'table',
        head: ['', ''],
        rows: [
          ['Declared', `${when(crisis.declared_at)} by ${crisis.declared_by_name} (${crisis.originator_nation})`],
          ['Participants', participants.join(', ')],
          ['Status', crisis.status === 'closed' ? `closed ${when(crisis.closed_at)}` : 'open'],
          ['Duration', duration(crisis.declared_at, crisis.closed_at ?? now)],
          ['Log entries', String(entries.length)],
        ],
      },
      ...(crisis.summary ? [{ kind: 'quote' as const, text: crisis.summary }] : []),
    ],
  });
  if (crisis.status === 'closed') {
    sections.push({ heading: 'How it ended', blocks: [{ kind: 'quote', text: crisis.closing_summary ?? '' }] });
    if (crisis.lessons) sections.push({ heading: 'Lessons', blocks: [{ kind: 'quote', text: crisis.lessons }] });
  }
  sections.push({
    heading: 'Status board',
    blocks: [
      {
        kind: 'table',
        head: ['Nation', 'Situation', 'As of'],
        rows: board.participants.map((p) => [p.nation, p.level ?? 'no report', when(p.asOf)]),
      },
      {
        kind: 'list',
        items: [`Requests: ${countLine(board.requests)}`, `Offers: ${countLine(board.offers)}`, `Tasks: ${countLine(board.tasks)}`],
      },
    ],
  });
  const requests = entries.filter((e) => e.kind === 'request');
  // Offers answering no request, or one this reader may not read (which is then not named).
  const freeOffers = entries.filter((e) => e.kind === 'offer' && !(e.request_id && byId.has(e.request_id)));
  if (requests.length + freeOffers.length > 0) {
    const rows: string[][] = [];
    for (const request of requests) {
      const offers = entries.filter((e) => e.kind === 'offer' && e.request_id === request.id);
      const state = requestStateFor(
        request.entry_state ?? 'open',
        offers.map((o) => ({ state: o.entry_state ?? 'offered' })),
      );
      rows.push([`Request (${request.originator_nation})`, String(content(request).what), state, when(request.entered_at)]);
      for (const offer of offers)
        rows.push([
          `  Offer (${offer.originator_nation})`,
          String(content(offer).what),
          offer.entry_state ?? 'offered',
          when(offer.entered_at),
        ]);
    }
    for (const offer of freeOffers)
      rows.push([
        `Offer (${offer.originator_nation})`,
        String(content(offer).what),
        offer.entry_state ?? 'offered',
        when(offer.entered_at),
      ]);
    sections.push({
      heading: 'Requests for assistance and offers',
      blocks: [{ kind: 'table', head: ['', 'What', 'State', 'Entered'], rows }],
    });
  }
  const tasks = entries.filter((e) => e.kind === 'task');
  if (tasks.length > 0) {
    sections.push({
      heading: 'Tasks',
      blocks: [
        {
          kind: 'table',
          head: ['Task', 'Owner', 'Deadline', 'State'],
          rows: tasks.map((t) => [
            String(content(t).title),
            `${t.owner_nation}${t.owner_name ? ` — ${t.owner_name}` : ''}`,
            when(t.deadline),
            `${t.entry_state}${isOverdue(t, crisis.closed_at ? new Date(crisis.closed_at) : now) ? ' (overdue)' : ''}`,
          ]),
        },
      ],
    });
  }
  const sitreps = entries.filter((e) => e.kind === 'sitrep');
  for (const s of sitreps) {
    const sitrep = s.content as Sitrep;
    sections.push({
      heading: `Situation report — ${s.originator_nation}, as of ${when(sitrep.asOf)} (${sitrep.level})`,
      blocks: [
        { kind: 'paragraph', text: formatMarking(labelFromColumns(s)) },
        ...(
          [
            ['Situation', sitrep.situation],
            ['Actions taken', sitrep.actionsTaken],
            ['Assessment', sitrep.assessment],
            ['Next steps', sitrep.nextSteps],
            ['Needs', sitrep.needs],
          ] as const
        ).flatMap(([name, text]) =>
          text
            ? [
                { kind: 'paragraph' as const, text: `${name}:` },
                { kind: 'quote' as const, text },
              ]
            : [],
        ),
      ],
    });
  }
  sections.push({
    heading: 'Log',
    blocks:
      entries.length === 0
        ? [{ kind: 'paragraph', text: 'No entries you may read.' }]
        : [
            {
              kind: 'list',
              items: entries.map(
                (e) =>
                  `${when(e.entered_at)} — ${e.originator_nation}, ${e.entered_by_name}: ${describe(e, byId)} [${formatMarking(labelFromColumns(e))}]`,
              ),
            },
          ],
  });
  const stamp = now.toISOString().slice(0, 10);
  return {
    title: `After-action report: ${crisis.title}`,
    banner,
    marking,
    sections,
    filename: `after-action-${crisis.id.slice(0, 8)}-${stamp}`,
    exercise: crisis.exercise,
  };
}

const content = (e: CrisisEntryRow) => e.content as Record<string, unknown>;

function countLine(counts: Record<string, number>): string {
  const parts = Object.entries(counts).filter(([, n]) => n > 0);
  return parts.length === 0 ? 'none' : parts.map(([state, n]) => `${n} ${state}`).join(', ');
}

/** One line saying what an entry is. */
function describe(entry: CrisisEntryRow, byId: Map<string, CrisisEntryRow>): string {
  const c = content(entry);
  switch (entry.kind) {
    case 'log':
      return String(c.text);
    case 'sitrep':
      return `situation report (${String(c.level)})`;
    case 'request':
      return `requested assistance: ${String(c.what)}`;
    case 'offer':
      return `offered: ${String(c.what)}`;
    case 'task':
      return `set task for ${entry.owner_nation}: ${String(c.title)} (by ${when(entry.deadline)})`;
    default: {
      const subject = entry.subject_id ? byId.get(entry.subject_id) : undefined;
      const what = subject ? `${subject.kind} “${String(content(subject).what ?? content(subject).title ?? '')}”` : 'an entry';
      return `${PAST[c.action as EntryAction] ?? String(c.action)} ${what}${typeof c.note === 'string' && c.note ? ` — ${c.note}` : ''}`;
    }
  }
}

const PAST: Record<EntryAction, string> = {
  accept: 'accepted',
  decline: 'declined',
  fulfil: 'marked fulfilled',
  withdraw: 'withdrew',
  take: 'took',
  done: 'completed',
  cancel: 'cancelled',
};

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

export function reportToMarkdown(report: Report): string {
  const lines = [`# ${report.title}`, '', ...report.banner.map((b) => `**${b}**  `), ''];
  for (const section of report.sections) {
    lines.push(`## ${section.heading}`, '');
    for (const block of section.blocks) {
      if (block.kind === 'paragraph') lines.push(block.text, '');
      else if (block.kind === 'quote') lines.push(...block.text.split('\n').map((l) => `> ${l}`), '');
      else if (block.kind === 'list') lines.push(...block.items.map((i) => `- ${cell(i)}`), '');
      else {
        lines.push(`| ${block.head.map(cell).join(' | ')} |`, `|${block.head.map(() => ' --- |').join('')}`);
        lines.push(...block.rows.map((r) => `| ${r.map(cell).join(' | ')} |`), '');
      }
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/** Room kept above and below each page's text for its marking and page number. */
const PAGE_MARGINS = { top: 70, bottom: 80, left: 50, right: 50 };

/**
 * The same outline as a PDF (A4, DejaVu Sans for Latin and Cyrillic text). Every page carries the
 * report's marking at its top and bottom, written into the margins once the text is laid out.
 */
export function reportToPdf(report: Report): Promise<Buffer> {
  const { doc, done } = pdfDocument({ size: 'A4', margins: PAGE_MARGINS, info: { Title: report.title }, bufferPages: true });
  const left = PAGE_MARGINS.left;
  const width = doc.page.width - left - PAGE_MARGINS.right;
  const bottom = () => doc.page.height - PAGE_MARGINS.bottom;
  doc.font('bold').fontSize(16).text(report.title, { width });
  doc.moveDown(0.5);
  for (const line of report.banner) doc.font('bold').fontSize(9).text(line, { width });
  for (const section of report.sections) {
    doc.moveDown(0.8);
    // A heading never ends a page on its own.
    if (doc.y + 60 > bottom()) doc.addPage();
    doc.font('bold').fontSize(12).text(section.heading, left, doc.y, { width });
    doc.moveDown(0.3);
    for (const block of section.blocks) {
      doc.font('regular').fontSize(9.5);
      if (block.kind === 'paragraph') doc.text(block.text, left, doc.y, { width });
      else if (block.kind === 'quote') doc.text(block.text, left + 12, doc.y, { width: width - 12 });
      else if (block.kind === 'list') for (const item of block.items) doc.text(`•  ${item}`, left, doc.y, { width });
      else {
        const colWidth = width / block.head.length;
        const headed = block.head.some(Boolean);
        const rows = headed ? [block.head, ...block.rows] : block.rows;
        rows.forEach((row, i) => {
          doc.font(headed && i === 0 ? 'bold' : 'regular');
          // Cells are placed side by side at one height: a row that does not fit starts a new page
          // first, or the cells after the first would land below a page break of their own.
          const height = Math.max(...row.map((value) => doc.heightOfString(value, { width: colWidth - 6 })));
          if (doc.y + height > bottom()) doc.addPage();
          const y = doc.y;
          row.forEach((value, c) => {
            doc.text(value, left + c * colWidth, y, { width: colWidth - 6 });
          });
          doc.x = left;
          doc.y = y + height + 2;
        });
      }
      doc.moveDown(0.3);
    }
  }
  // Every page: the marking at top and bottom, the exercise watermark when it is one, and the page
  // number. The margins are lifted while writing into them, or pdfkit would start a new page.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.page.margins = { top: 0, bottom: 0, left: 0, right: 0 };
    if (report.exercise) {
      doc
        .save()
        .font('bold')
        .fontSize(40)
        .fillColor('#cc0000', 0.15)
        .rotate(-35, { origin: [doc.page.width / 2, doc.page.height / 2] });
      doc.text('EXERCISE', 0, doc.page.height / 2 - 20, { width: doc.page.width, align: 'center', lineBreak: false });
      doc.restore();
    }
    doc.font('bold').fontSize(9).fillColor('#000000');
    doc.text(report.marking, left, 30, { width, align: 'center', lineBreak: false });
    doc
      .font('regular')
      .fontSize(8)
      .fillColor('#444444')
      .text(`${i + 1} / ${range.count}`, left, doc.page.height - 62, { width, align: 'right', lineBreak: false });
    doc.font('bold').fontSize(9).fillColor('#000000');
    doc.text(report.marking, left, doc.page.height - 45, { width, align: 'center', lineBreak: false });
  }
  doc.end();
  return done;
}
