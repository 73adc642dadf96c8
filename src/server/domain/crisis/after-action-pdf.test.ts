import { describe, expect, it } from 'vitest';
import { reportToPdf } from './after-action-report';
import type { Report } from './after-action-report';

const MARKING = 'SECRET//REL TO PAK, KAZ TLP:AMBER';

/** A long crisis: hundreds of log lines, a wide table and long quotes, over several pages. */
function longReport(exercise = false): Report {
  const entries = Array.from(
    { length: 240 },
    (_, i) => `2026-03-0${(i % 9) + 1} 10:${String(i % 60).padStart(2, '0')} UTC — PAK, Duty: log line ${i}`,
  );
  return {
    exercise,
    title: 'After-action report: Border post overrun',
    banner: ['Crisis marking: RESTRICTED//REL TO PAK, KAZ TLP:AMBER'],
    marking: MARKING,
    filename: 'after-action-test',
    sections: [
      { heading: 'Summary', blocks: [{ kind: 'quote', text: 'A long summary. '.repeat(400) }] },
      {
        heading: 'Tasks',
        blocks: [
          {
            kind: 'table',
            head: ['Task', 'Owner', 'Deadline', 'State'],
            rows: entries.slice(0, 80).map((e) => [e, 'KAZ', 'soon', 'open']),
          },
        ],
      },
      { heading: 'Log', blocks: [{ kind: 'list', items: entries }] },
    ],
  };
}

async function pageTexts(data: Buffer): Promise<{ lines: string[] }[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const pdf = await pdfjs.getDocument({ data: new Uint8Array(data), verbosity: 0 }).promise;
  const pages: { lines: string[] }[] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const content = await (await pdf.getPage(i)).getTextContent();
    // Top to bottom: PDF y grows upwards.
    const items = content.items
      .flatMap((item) => ('str' in item && item.str.trim() ? [{ text: item.str, y: item.transform[5] as number }] : []))
      .sort((a, b) => b.y - a.y);
    pages.push({ lines: items.map((item) => item.text) });
  }
  return pages;
}

describe('the after-action PDF', () => {
  // Laying out and parsing a few hundred lines takes seconds on a loaded machine.
  it('marks every page at top and bottom and has no empty page', { timeout: 60_000 }, async () => {
    const pages = await pageTexts(await reportToPdf(longReport()));
    expect(pages.length).toBeGreaterThan(3);
    for (const [index, page] of pages.entries()) {
      const lines = page.lines.filter((line) => !/^\d+ \/ \d+$/.test(line));
      expect(lines[0], `top of page ${index + 1}`).toBe(MARKING);
      expect(lines.at(-1), `bottom of page ${index + 1}`).toBe(MARKING);
      expect(lines.length, `page ${index + 1} holds nothing but its marking`).toBeGreaterThan(2);
    }
  });

  it('marks an exercise on every page', { timeout: 60_000 }, async () => {
    const pages = await pageTexts(await reportToPdf(longReport(true)));
    expect(pages.length).toBeGreaterThan(3);
    for (const page of pages) expect(page.lines.join(' ')).toContain('EXERCISE');
  });
});
