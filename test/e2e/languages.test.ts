/**
 * Every main screen in every language and in a pseudo-locale, at desktop width and at 390 px: no
 * translation key on screen, no text that bypassed translation (in the pseudo-locale), and no
 * horizontal scrolling. User data is isolated (<bdi>, dir, <code>, <time>) and so set aside.
 * Add a screen to SCREENS to check it too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../src/web/i18n/index';
import { nodeInChromium } from './chromium-node';
import { englishKeys, pseudoMessages, pseudoText, PSEUDO_CLOSE, PSEUDO_OPEN } from './pseudo-locale';
import type { Page } from 'playwright-core';

interface ScreenToCheck {
  path: string;
  /** The demo account that sees the screen at work. */
  as: string;
}

const SCREENS: ScreenToCheck[] = [
  { path: '/incidents', as: 'pak.analyst' },
  { path: '/incidents/new', as: 'pak.analyst' },
  { path: '/map', as: 'pak.analyst' },
  { path: '/dashboard', as: 'pak.analyst' },
  { path: '/timeline', as: 'pak.analyst' },
  { path: '/actors', as: 'pak.analyst' },
  { path: '/indicators', as: 'pak.analyst' },
  { path: '/saved', as: 'pak.analyst' },
  { path: '/notes', as: 'pak.analyst' },
  { path: '/import', as: 'pak.analyst' },
  { path: '/release', as: 'pak.releasing-officer' },
  { path: '/alerts', as: 'pak.duty-officer' },
  { path: '/alerts/new', as: 'pak.duty-officer' },
  { path: '/desks', as: 'pak.duty-officer' },
  { path: '/crises', as: 'pak.duty-officer' },
  { path: '/federation', as: 'pak.analyst' },
  { path: '/users', as: 'pak.analyst' },
  { path: '/tokens', as: 'pak.analyst' },
  { path: '/commitments', as: 'pak.analyst' },
  { path: '/exercises', as: 'pak.analyst' },
  { path: '/calendar?view=planning', as: 'pak.analyst' },
];

const WIDTHS = [1280, 390];
const PSEUDO = 'pseudo';
const { url, signIn } = nodeInChromium();

/** The words a screen shows while its data loads, in `language`. */
function loadingText(language: string): string {
  if (language === PSEUDO) return pseudoText('Loading…');
  const messages = JSON.parse(readFileSync(join(import.meta.dirname, `../../src/web/i18n/locales/${language}.json`), 'utf8')) as {
    notes: { loading: string };
  };
  return messages.notes.loading;
}

/** What a screen shows that it should not: keys, unbracketed text (pseudo-locale only), and its overflow. */
async function inspect(page: Page, keys: string[], pseudo: boolean) {
  return page.evaluate(
    ({ keys, pseudo, open, close }) => {
      const keySet = new Set(keys);
      // User data and codes: isolated or machine text, not the app's words.
      const userData =
        'bdi, code, pre, time, q, textarea, [dir], [data-testid=identity], [data-testid=marking-banner], .chip, .marking, svg';
      const missing: string[] = [];
      const untranslated: string[] = [];
      const walker = document.createTreeWalker(document.querySelector('#root') ?? document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent?.trim() ?? '';
        const parent = node.parentElement;
        if (!text || !parent || parent.closest('script, style')) continue;
        for (const word of text.match(/[a-zA-Z]+(?:\.[a-zA-Z0-9_-]+)+/g) ?? []) if (keySet.has(word)) missing.push(word);
        if (!pseudo || parent.closest(userData)) continue;
        const outside = text
          .replace(new RegExp(`${open}[^${close}]*${close}`, 'g'), ' ')
          .replace(/\b[A-Z0-9][A-Z0-9+/_:.-]*\b/g, ' ') // codes, markings, TLP, UTC, numbers
          .replace(/https?:\/\/\S+/g, ' ');
        if (/[A-Za-z]{3,}/.test(outside)) untranslated.push(text);
      }
      const overflow = document.documentElement.scrollWidth - window.innerWidth;
      return { missing: [...new Set(missing)], untranslated: [...new Set(untranslated)], overflow };
    },
    { keys, pseudo, open: PSEUDO_OPEN, close: PSEUDO_CLOSE },
  );
}

describe('languages', () => {
  it('shows every main screen in every language and the pseudo-locale with no missing key, no untranslated text and no horizontal scroll', async () => {
    const keys = englishKeys();
    const messages = pseudoMessages();
    const languages = [...LANGUAGES.map((l) => l.code), PSEUDO];
    const problems: string[] = [];
    const accounts = [...new Set(SCREENS.map((s) => s.as))];
    for (const account of accounts) {
      const page = await signIn(account);
      await page.context().addInitScript((pseudo) => {
        (window as Window & { concordPseudoLocale?: unknown }).concordPseudoLocale = pseudo;
      }, messages);
      for (const language of languages) {
        await page.evaluate((lang) => window.localStorage.setItem('concord.language', lang), language);
        for (const width of WIDTHS) {
          await page.setViewportSize({ width, height: 900 });
          for (const screen of SCREENS.filter((s) => s.as === account)) {
            await page.goto(`${url()}${screen.path}`);
            await page.getByTestId('identity').waitFor();
            // The live stream keeps a request open, so "network idle" never comes: wait for the screen's data instead.
            await page.waitForFunction((loading) => !document.body.innerText.includes(loading), loadingText(language));
            const found = await inspect(page, keys, language === PSEUDO);
            const where = `${language} ${width}px ${screen.path}`;
            if (found.missing.length) problems.push(`${where}: missing keys ${found.missing.join(', ')}`);
            if (found.untranslated.length) problems.push(`${where}: untranslated ${JSON.stringify(found.untranslated)}`);
            if (found.overflow > 1) problems.push(`${where}: ${found.overflow}px wider than the window`);
          }
        }
      }
      await page.context().close();
    }
    expect(problems).toEqual([]);
  });

  it('renders Urdu in the bundled Nastaliq face, loaded only once Urdu is chosen', async () => {
    const page = await signIn('pak.analyst');
    const nastaliq = () =>
      page.evaluate(
        () =>
          document.fonts.check('16px "Noto Nastaliq Urdu"', 'اردو') &&
          [...document.fonts].some((f) => f.family.includes('Nastaliq') && f.status === 'loaded'),
      );
    expect(await nastaliq()).toBe(false);
    await page.getByLabel('Language').selectOption('ur');
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    await expect.poll(nastaliq, { timeout: 15_000 }).toBe(true);
    expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).toMatch(/^"?Noto Nastaliq Urdu/);
    await page.context().close();
  });
});
