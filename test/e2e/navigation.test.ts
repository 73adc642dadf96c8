/**
 * Navigation and keyboard shortcuts in Chromium: the screens grouped by module, links that need a
 * permission shown only to those who hold it, the current screen marked; `/`, `n`, `g i`, `g m`,
 * `g a`, `g c` and `?` (a help dialog that keeps the focus and closes with Escape), none of them
 * while typing in a field.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/server/domain/demo/demo-data';
import { signInAs } from './browser';
import { screensInChromium } from './main-screens';
import type { Page } from 'playwright-core';

const { browser, url } = screensInChromium();
const signIn = (username: string) => signInAs(browser(), url(), username, { password: DEMO_PASSWORD, language: 'en' });
const path = (page: Page) => new URL(page.url()).pathname;
const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name }).waitFor();

describe('navigation and shortcuts in Chromium', () => {
  it('group the screens by module and show only what the person may open', async () => {
    const analyst = await signIn('pak.analyst');
    const nav = analyst.getByRole('navigation', { name: 'Main' });
    expect(await nav.locator('.nav-group-title').allTextContents()).toEqual([
      'Picture',
      'Crisis response',
      'Dialogue',
      'Training',
      'Administration',
    ]);
    const picture = nav.getByRole('list', { name: 'Picture' });
    expect(await picture.getByRole('link').allTextContents()).toEqual([
      'Incidents',
      'New incident',
      'Map',
      'Timeline',
      'Dashboard',
      'Link graph',
      'Actors',
      'Indicators',
      'Notes',
      'New note',
      'Import',
      'Saved searches',
    ]);
    expect(await nav.getByRole('list', { name: 'Crisis response' }).getByRole('link').allTextContents()).toEqual([
      'Alerts',
      'Crises',
      'Desks',
    ]);
    // Meetings to read, but none to organise.
    expect(await nav.getByRole('list', { name: 'Dialogue' }).getByRole('link').allTextContents()).toEqual([
      'Meetings',
      'Commitments',
      'Calendar',
    ]);
    // Exercises to read, but none to plan.
    expect(await nav.getByRole('list', { name: 'Training' }).getByRole('link').allTextContents()).toEqual(['Exercises']);
    expect(await nav.getByRole('link', { name: 'Accounts' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Federation' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Incidents' }).getAttribute('aria-current')).toBe('page');
    await nav.getByRole('link', { name: 'Crises' }).click();
    await heading(analyst, 'Crisis rooms');
    expect(await nav.getByRole('link', { name: 'Crises' }).getAttribute('aria-current')).toBe('page');
    expect(await nav.getByRole('link', { name: 'Incidents' }).getAttribute('aria-current')).toBeNull();
    await analyst.context().close();

    const releaser = await signIn('pak.releasing-officer');
    const federation = releaser.getByRole('navigation', { name: 'Main' }).getByRole('list', { name: 'Federation' });
    expect(await federation.getByRole('link').allTextContents()).toEqual(['TAXII feeds']);
    expect(
      await releaser
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: /^To release/ })
        .count(),
    ).toBe(1);
    await releaser.context().close();
  });

  it('go where the keys say, focus the search with /, and do nothing while the person types', async () => {
    const analyst = await signIn('pak.analyst');
    await analyst.keyboard.press('g');
    await analyst.keyboard.press('m');
    await heading(analyst, 'Map');
    await analyst.keyboard.press('g');
    await analyst.keyboard.press('a');
    await heading(analyst, 'Alerts');
    await analyst.keyboard.press('g');
    await analyst.keyboard.press('c');
    await heading(analyst, 'Crisis rooms');
    await analyst.keyboard.press('n');
    await heading(analyst, 'New incident');

    // Typing in a field is typing: "g", "i" and "?" go into the title, nowhere else.
    const title = analyst.getByLabel('Title', { exact: true });
    await title.click();
    await analyst.keyboard.type('gi?n/');
    expect(await title.inputValue()).toBe('gi?n/');
    expect(path(analyst)).toBe('/incidents/new');
    await title.blur();

    await analyst.keyboard.press('/');
    await heading(analyst, 'Incidents');
    await expect.poll(() => analyst.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('q');
    await analyst.keyboard.type('Chaman');
    expect(await analyst.locator('input[name=q]').inputValue()).toBe('Chaman');

    await analyst.locator('input[name=q]').blur();
    await analyst.keyboard.press('g');
    await analyst.keyboard.press('c');
    await heading(analyst, 'Crisis rooms');
    await analyst.keyboard.press('g');
    await analyst.keyboard.press('i');
    await heading(analyst, 'Incidents');
    await analyst.context().close();

    // A viewer may not record incidents: `n` does nothing and the help does not offer it.
    const viewer = await signIn('pak.viewer');
    await viewer.keyboard.press('n');
    await viewer.keyboard.press('?');
    const help = viewer.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    expect(path(viewer)).toBe('/');
    expect(await help.textContent()).not.toContain('Record a new incident');
    await viewer.context().close();
  });

  it('list the shortcuts in a help dialog that keeps the focus and closes with Escape', async () => {
    const analyst = await signIn('pak.analyst');
    await analyst.keyboard.press('?');
    const help = analyst.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    const text = await help.textContent();
    for (const line of [
      'Search the incidents',
      'Record a new incident',
      'Go to the incidents',
      'Go to the map',
      'Go to the alerts',
      'Go to the crises',
    ])
      expect(text).toContain(line);
    expect(await help.locator('kbd').allTextContents()).toEqual(['/', 'n', 'g', 'i', 'g', 'm', 'g', 'a', 'g', 'c', '?']);
    // The focus stays in the dialog, however often the person tabs; the page behind is inert.
    for (let i = 0; i < 4; i++) {
      await analyst.keyboard.press('Tab');
      expect(await analyst.evaluate(() => Boolean(document.activeElement?.closest('dialog[open]')))).toBe(true);
    }
    // Shortcuts wait while it is open.
    await analyst.keyboard.press('g');
    await analyst.keyboard.press('m');
    expect(path(analyst)).toBe('/');
    await analyst.keyboard.press('Escape');
    await expect.poll(() => help.isVisible()).toBe(false);
    await analyst.keyboard.press('g');
    await analyst.keyboard.press('m');
    await heading(analyst, 'Map');
    await analyst.context().close();
  });
});
