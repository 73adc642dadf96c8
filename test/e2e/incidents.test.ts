/**
 * The shared picture in a browser: an analyst records a draft (seeing who will be able to read it
 * before saving), a releasing officer releases it, a partner finds it, a nation outside the label
 * never sees it.
 */
import { describe, expect, it } from 'vitest';
import { nodeInChromium } from './chromium-node';

const { url: nodeUrl, signIn } = nodeInChromium();

const TITLE = 'Armed group crossing observed near Ishkashim';
let url = '';

describe('incidents in Chromium', () => {
  it('an analyst records a draft and sees its audience before saving', async () => {
    const page = await signIn('pak.analyst');
    await page.getByRole('link', { name: 'New incident' }).click();
    await page.locator('select[name=domain]').selectOption('border-incident');
    await page.locator('select[name=subtype]').selectOption('incursion');
    await page.locator('input[name=title]').fill(TITLE);
    await page.locator('input[name=country]').fill('TJK');
    await page.locator('input[name=lat]').fill('36.73');
    await page.locator('input[name=lon]').fill('71.61');
    await page.locator('select[name=label-classification]').selectOption('RESTRICTED');
    await page.getByTestId('label-picker-label').getByRole('checkbox', { name: /^KAZ/ }).check();
    await expect
      .poll(() => page.getByTestId('audience-label').textContent())
      .toMatch(/Readable by \d+ people in PAK\. Also released to KAZ:/);
    expect(await page.getByTestId('audience-label').textContent()).not.toMatch(/TJK/);
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByTestId('incident-detail').waitFor();
    url = page.url();
    expect(await page.getByTestId('proposed-marking').textContent()).toBe('RESTRICTED//REL TO PAK, KAZ TLP:GREEN');
    expect(await page.getByTestId('killed').textContent()).toBe('unknown');
    await page.context().close();
  });

  it('a KAZ user cannot see the draft; a releasing officer releases it; then KAZ finds it', async () => {
    const kaz = await signIn('kaz.analyst');
    await kaz.goto(url);
    await kaz.getByTestId('incident-not-found').waitFor();

    const releaser = await signIn('pak.releasing-officer');
    await releaser.goto(url);
    await releaser.getByRole('button', { name: 'Release under the proposed label' }).click();
    // The confirmation says who will be able to read it.
    await releaser.getByRole('dialog').getByRole('button', { name: 'Release', exact: true }).click();
    await expect.poll(() => releaser.getByTestId('marking-banner').first().textContent()).toBe('RESTRICTED//REL TO PAK, KAZ TLP:GREEN');
    await releaser.context().close();

    await kaz.goto(`${nodeUrl()}/incidents`);
    await kaz.locator('input[name=q]').fill('Ishkashim');
    await kaz.getByRole('button', { name: 'Apply' }).click();
    await kaz.getByRole('link', { name: TITLE }).click();
    await kaz.getByTestId('incident-history').waitFor();
    expect(await kaz.getByTestId('incident-history').locator('tbody tr').count()).toBe(1); // the draft version is not KAZ's to see
    await kaz.context().close();
  });

  it('a TJK user never sees it, not even by searching for it', async () => {
    const tjk = await signIn('tjk.analyst');
    await tjk.locator('input[name=q]').fill('Ishkashim');
    await tjk.getByRole('button', { name: 'Apply' }).click();
    await tjk.waitForLoadState('networkidle');
    expect(await tjk.getByText(TITLE).count()).toBe(0);
    await tjk.goto(url);
    await tjk.getByTestId('incident-not-found').waitFor();
    await tjk.context().close();
  });
});

describe('related records in Chromium', () => {
  it('shows a nearby incident from the same hours as related', async () => {
    const page = await signIn('pak.analyst');
    await page.getByRole('link', { name: 'New incident' }).click();
    await page.locator('input[name=title]').fill('Second group seen near Ishkashim');
    await page.locator('input[name=country]').fill('TJK');
    await page.locator('input[name=lat]').fill('36.74');
    await page.locator('input[name=lon]').fill('71.62');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByTestId('related').getByRole('link', { name: TITLE }).waitFor();
    await page.context().close();
  });
});

describe('map and dashboard in Chromium', () => {
  it('count only what the reader may read', async () => {
    const page = await signIn('kaz.analyst');
    const apiTotal = await page.evaluate(async () => ((await (await fetch('/api/incidents/stats')).json()) as { total: number }).total);
    await page.goto(`${nodeUrl()}/dashboard`);
    await expect.poll(() => page.getByTestId('dashboard-total').textContent()).toContain(String(apiTotal));
    const domainSum = await page.getByTestId('chart-domain').locator('.count').allTextContents();
    expect(domainSum.reduce((sum, c) => sum + Number(c), 0)).toBe(apiTotal);
    await page.goto(`${nodeUrl()}/map`);
    await page.getByTestId('incident-map').locator('.cluster-icon').first().waitFor();
    await expect.poll(() => page.getByTestId('map-in-view').textContent()).toMatch(new RegExp(`^\\d+ in view of ${apiTotal} `));
    await page.context().close();

    const tjk = await signIn('tjk.analyst');
    const tjkTotal = await tjk.evaluate(async () => ((await (await fetch('/api/incidents/stats')).json()) as { total: number }).total);
    expect(tjkTotal).not.toBe(apiTotal);
    await tjk.context().close();
  });
});

describe('timeline in Chromium', () => {
  it('draws imprecise times as bars wider than exact ones', async () => {
    const page = await signIn('pak.analyst');
    // Sixty days of the demo data: few enough to be drawn one by one.
    const to = new Date();
    const from = new Date(to.getTime() - 60 * 86_400_000);
    await page.goto(`${nodeUrl()}/timeline?from=${from.toISOString()}&to=${to.toISOString()}`);
    await page.locator('[data-testid=timeline][data-mode=items]').waitFor();
    const widthOf = async (precision: string) =>
      Math.max(
        ...(await page
          .locator(`[data-precision=${precision}] rect`)
          .evaluateAll((rects) => rects.map((r) => Number(r.getAttribute('width'))))),
      );
    expect(await widthOf('month')).toBeGreaterThan(await widthOf('exact'));
    await page.context().close();
  });
});

describe('the incident list in Chromium', () => {
  it('is virtualised, loads more as it scrolls, and is usable from the keyboard', async () => {
    const page = await signIn('kaz.analyst');
    const list = page.getByTestId('incident-list');
    await list.locator('tbody tr[data-index]').first().waitFor();
    // Demo incidents arrive in the background after start: wait until there is more than a page.
    await expect
      .poll(async () => page.evaluate(async () => ((await (await fetch('/api/incidents/stats')).json()) as { total: number }).total))
      .toBeGreaterThan(200);
    await page.reload();
    await list.locator('tbody tr[data-index]').first().waitFor();
    const rendered = await list.locator('tbody tr[data-index]').count();
    expect(rendered).toBeLessThan(50); // a page of 50 is loaded; only the rows in view are in the page
    await page.getByTestId('incident-scroll').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await expect.poll(async () => Number(await list.getAttribute('aria-rowcount')), { timeout: 10_000 }).toBeGreaterThan(51);

    await page.getByTestId('incident-scroll').evaluate((el) => el.scrollTo(0, 0));
    const first = list.locator('tbody tr[data-index="0"]');
    await first.focus();
    const focusedIndex = () => page.evaluate(() => document.activeElement?.getAttribute('data-index'));
    await expect.poll(focusedIndex).toBe('0');
    for (const next of ['1', '2', '3']) {
      await page.keyboard.press('ArrowDown');
      await expect.poll(focusedIndex, { timeout: 10_000 }).toBe(next);
    }
    const fourth = list.locator('tbody tr[data-index="3"]');
    const title = await fourth.getByRole('link').textContent();
    await page.keyboard.press('Enter');
    await page.getByTestId('incident-detail').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(title);
    await page.context().close();
  });
});
