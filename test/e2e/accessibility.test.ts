/**
 * Accessibility in Chromium: axe-core, with the WCAG 2.0, 2.1 and 2.2 A and AA rules, finds no
 * violation on the sign-in screen and on every main screen (test/e2e/main-screens.ts), in English
 * and in Urdu (right to left).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { MAIN_SCREENS, openScreen, screensInChromium } from './main-screens';
import type { Page } from 'playwright-core';
import type { AxeResults } from 'axe-core';

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

/** axe's violations on the page as it is, one line each (rule, impact, the elements it names). */
async function violations(page: Page): Promise<string[]> {
  // Evaluated rather than added as a <script>: the node's content security policy refuses inline scripts.
  await page.evaluate(AXE_SOURCE);
  const results = (await page.evaluate(async (tags) => {
    const run = await (window as unknown as { axe: { run: (c: Document, o: object) => Promise<AxeResults> } }).axe.run(document, {
      runOnly: { type: 'tag', values: tags },
    });
    // A map's markers sit where their places are: WCAG 2.5.8's "essential" exception (the position
    // is the information). They stay reachable and named by keyboard; every other target counts.
    const onMap = (target: unknown) =>
      typeof target === 'string' && document.querySelector(target)?.closest('.leaflet-marker-pane') !== null;
    for (const v of run.violations) if (v.id === 'target-size') v.nodes = v.nodes.filter((n) => !onMap(n.target[0]));
    run.violations = run.violations.filter((v) => v.nodes.length > 0);
    return run;
  }, TAGS)) as AxeResults;
  return results.violations.map(
    (v) =>
      `${v.id} (${v.impact ?? ''}): ${v.help} — ${v.nodes.map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''}`.replace(/\s+/g, ' ')).join(' | ')}`,
  );
}

const { as, url, browser, records } = screensInChromium();

describe.each(['en', 'ur'])('accessibility (axe-core, WCAG 2.2 AA) in %s', (language) => {
  it('finds nothing on the sign-in screen', async () => {
    const context = await browser().newContext();
    await context.addInitScript((lang) => window.localStorage.setItem('concord.language', lang), language);
    const page = await context.newPage();
    await page.goto(url());
    await page.locator('main h1').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe(language);
    expect(await violations(page)).toEqual([]);
    await context.close();
  });

  it.each(MAIN_SCREENS.map((s) => [s.name, s] as const))('finds nothing on %s', async (_name, screen) => {
    const page = await as(screen.as);
    await openScreen(page, url(), screen.path(records()), language);
    expect(await violations(page)).toEqual([]);
  });
});
