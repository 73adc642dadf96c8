/**
 * Phones in Chromium, at 390 × 844: no main screen is wider than the screen (in English and in
 * Urdu); the header is one short line whose menu button opens the navigation (keyboard too); an
 * alert raised to the reader's desk is acknowledged with one tap on the banner's button, which is
 * on screen without scrolling sideways.
 */
import { describe, expect, it } from 'vitest';
import { apiAs } from './api-as';
import { MAIN_SCREENS, openScreen, screensInChromium } from './main-screens';
import type { Page } from 'playwright-core';

const PHONE = { width: 390, height: 844 };
const { as, url, browser, records } = screensInChromium();

const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

async function onPhone(username: string) {
  const page = await as(username);
  await page.setViewportSize(PHONE);
  return page;
}

describe.each(['en', 'ur'])('a phone, in %s', (language) => {
  it('shows the sign-in screen no wider than the phone', async () => {
    const context = await browser().newContext({ viewport: PHONE });
    await context.addInitScript((lang) => window.localStorage.setItem('concord.language', lang), language);
    const page = await context.newPage();
    await page.goto(url());
    await page.locator('main h1').waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await context.close();
  });

  it.each(MAIN_SCREENS.map((s) => [s.name, s] as const))('shows %s no wider than the phone', async (_name, screen) => {
    const page = await onPhone(screen.as);
    await openScreen(page, url(), screen.path(records()), language);
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
  });
});

describe('the header on a phone', () => {
  it('is one short line; the menu button opens and closes the navigation, by touch and by keyboard', async () => {
    const page = await onPhone('pak.analyst');
    await openScreen(page, url(), '/incidents', 'en');
    const header = page.locator('header.topbar');
    expect((await header.boundingBox())!.height).toBeLessThanOrEqual(64);
    const menu = page.getByRole('button', { name: 'Menu' });
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await nav.isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(false);

    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await nav.getByRole('link', { name: 'Crises' }).click();
    await page.getByRole('heading', { level: 1, name: 'Crisis rooms' }).waitFor();
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await nav.isVisible()).toBe(false);

    await menu.focus();
    await page.keyboard.press('Enter');
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Escape');
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('menu-button');
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
  });
});

describe('an alert on a phone', () => {
  it('is acknowledged with one tap on the banner, the button on screen without scrolling sideways', async () => {
    const page = await onPhone('pak.duty-officer');
    await openScreen(page, url(), '/incidents', 'en');
    const duty = await apiAs(url(), 'pak.duty-officer');
    const raised = await duty('POST', '/api/alerts', {
      severity: 'flash',
      summary: 'Armed group crossing reported near the Torkham post',
      label: { classification: 'UNCLASSIFIED', relTo: [], caveats: [], tlp: 'GREEN', recipients: { orgs: [], users: [] } },
      targetDesks: [records().desk],
    });
    expect(raised.status).toBe(201);
    const line = page.getByTestId('alert-banner').locator('p.alert-line', { hasText: 'Torkham' });
    await line.waitFor({ timeout: 20_000 });
    const acknowledge = line.getByRole('button', { name: 'Acknowledge' });
    const box = (await acknowledge.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    expect(box.y + box.height).toBeLessThanOrEqual(PHONE.height);
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);

    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await expect
      .poll(async () => ((await duty('GET', `/api/alerts/${raised.body.id as string}`)).body.targets as { status: string }[])[0]?.status, {
        timeout: 20_000,
      })
      .toBe('acknowledged');
    await expect.poll(() => line.count(), { timeout: 20_000 }).toBe(0);
  });
});
