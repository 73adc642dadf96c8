/**
 * The map and the timeline in a browser: place names on the offline base map, clusters with their
 * counts coloured by domain, the legend, hover cards, "N in view of M" counted over what the reader
 * may read, the list's filters narrowing both (kept in the address), and the timeline's brush.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { apiAs } from './api-as';
import { nodeInChromium } from './chromium-node';
import type { Page } from 'playwright-core';

const { url: nodeUrl, signIn } = nodeInChromium();
/** Map and timeline answers over the demo data can take seconds on a busy machine. */
const WAIT = { timeout: 30_000 };

// The first page a fresh node serves can take long on a busy machine: fetch it once before the tests.
beforeAll(async () => {
  const html = await (await fetch(nodeUrl())).text();
  for (const asset of html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)) await (await fetch(`${nodeUrl()}${asset[1]}`)).arrayBuffer();
}, 120_000);

const PROBE = 'Map probe convoy stopped at Torkham';

const statsTotal = (page: Page, query = '') =>
  page.evaluate(async (q) => ((await (await fetch(`/api/incidents/stats${q}`)).json()) as { total: number }).total, query);

const inView = async (page: Page) => {
  const text = (await page.getByTestId('map-in-view').textContent()) ?? '';
  const match = /^(\d+) in view of (\d+) /.exec(text);
  return match ? { n: Number(match[1]), m: Number(match[2]) } : null;
};

describe('the map in Chromium', () => {
  it('names places and crossings, shows clusters with counts, a legend and "N in view of M"', async () => {
    const page = await signIn('kaz.analyst');
    await page.goto(`${nodeUrl()}/map`);
    const map = page.getByTestId('incident-map');
    await map.locator('.place-label', { hasText: 'Kabul' }).waitFor();
    await map.locator('.place-crossing', { hasText: 'Torkham' }).waitFor();
    await map.locator('.cluster-icon').first().waitFor();
    const counts = (await map.locator('.cluster-count').allTextContents()).map(Number);
    expect(counts.length).toBeGreaterThan(0);
    expect(Math.max(...counts)).toBeGreaterThan(1);
    // M is what the reader may read among all matching incidents; N the part of it in view.
    const total = await statsTotal(page);
    await expect.poll(() => inView(page), WAIT).toMatchObject({ m: total });
    const { n } = (await inView(page))!;
    expect(n).toBeLessThanOrEqual(total);
    expect(n).toBeGreaterThanOrEqual(counts.reduce((a, b) => a + b, 0));
    const legend = page.getByTestId('map-legend');
    expect(await legend.textContent()).toContain('Narcotics');
    expect(await legend.textContent()).toContain('Border crossing');
    // A cluster's hover card names its count and domains.
    await map.locator('.cluster-icon').first().dispatchEvent('mouseover');
    await expect.poll(() => page.locator('.map-tooltip').first().textContent(), WAIT).toMatch(/\d+ incidents.*: \d+/);
    await page.context().close();
  });

  it('a single incident shows its title and UTC date on hover and its halo only when selected', async () => {
    const call = await apiAs(nodeUrl(), 'pak.analyst');
    const created = await call('POST', '/api/incidents', {
      domain: 'border-incident',
      subtype: 'illegal-crossing',
      title: PROBE,
      occurredAt: '2026-05-04T06:30:00Z',
      timePrecision: 'exact',
      place: { country: 'PAK', point: { lat: 34.14, lon: 71.1 }, precision: 'near', uncertaintyKm: 5 },
      label: { classification: 'UNCLASSIFIED', relTo: [], caveats: [], tlp: 'GREEN', recipients: { orgs: [], users: [] } },
    });
    expect(created.status).toBe(201);
    const page = await signIn('pak.analyst');
    await page.goto(`${nodeUrl()}/map?q=${encodeURIComponent('Map probe')}`);
    const map = page.getByTestId('incident-map');
    const marker = map.locator('.single-icon');
    await marker.waitFor();
    expect(await marker.count()).toBe(1);
    await expect.poll(() => inView(page), WAIT).toEqual({ n: 1, m: 1 });
    expect(await map.locator('.selection-halo').count()).toBe(0);
    await marker.dispatchEvent('mouseover');
    const card = page.locator('.map-tooltip');
    await expect.poll(() => card.textContent()).toContain(PROBE);
    expect(await card.textContent()).toContain('2026-05-04 06:30 UTC');
    await marker.click();
    await expect.poll(() => map.locator('.selection-halo').count()).toBe(1);
    expect(await page.getByTestId('map-selected').textContent()).toContain(PROBE);
    await page.getByRole('button', { name: 'Clear the selection' }).click();
    await expect.poll(() => map.locator('.selection-halo').count()).toBe(0);
    await page.context().close();
  });

  it('takes the list filters from its form into the address, and Back restores the previous ones', async () => {
    const page = await signIn('kaz.analyst');
    await page.goto(`${nodeUrl()}/map`);
    const all = await statsTotal(page);
    await expect.poll(() => inView(page), WAIT).toMatchObject({ m: all });
    await page.locator('form.picture-filters select[name=domain]').selectOption('cyber');
    await page.locator('form.picture-filters').getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => new URL(page.url()).search).toBe('?domain=cyber');
    const cyber = await statsTotal(page, '?domain=cyber');
    expect(cyber).toBeLessThan(all);
    await expect.poll(() => inView(page), WAIT).toMatchObject({ m: cyber });
    await page.goBack();
    await expect.poll(() => inView(page), WAIT).toMatchObject({ m: all });
    await page.context().close();
  });
});

describe('the timeline in Chromium', () => {
  const shown = async (page: Page) => {
    const text = (await page.getByTestId('timeline-count').textContent()) ?? '';
    const match = /^(\d+) of (\d+) incidents/.exec(text);
    return match ? { n: Number(match[1]), m: Number(match[2]) } : null;
  };

  it('counts every matching incident per bucket with month ticks, and a filter narrows it', async () => {
    const page = await signIn('pak.analyst');
    await page.goto(`${nodeUrl()}/timeline`);
    await page.getByTestId('timeline-overview').waitFor();
    const total = await statsTotal(page);
    await expect.poll(() => shown(page), WAIT).toEqual({ n: total, m: total });
    // More than it draws one by one: counts per bucket, and no "Load more".
    expect(total).toBeGreaterThan(300);
    await page.locator('[data-testid=timeline][data-mode=counts]').waitFor();
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
    expect(await page.getByTestId('month-ticks').first().locator('text').count()).toBeGreaterThan(2);
    await page.goto(`${nodeUrl()}/timeline?domain=cyber`);
    const cyber = await statsTotal(page, '?domain=cyber');
    expect(cyber).toBeLessThan(total);
    await expect.poll(() => shown(page), WAIT).toEqual({ n: cyber, m: cyber });
    await page.context().close();
  });

  it('narrows to the range brushed with the pointer or moved with the keys', async () => {
    const page = await signIn('pak.analyst');
    await page.goto(`${nodeUrl()}/timeline`);
    const overview = page.getByTestId('timeline-overview');
    await overview.waitFor();
    await expect.poll(() => shown(page), WAIT).not.toBeNull();
    const total = (await shown(page))!.m;
    const box = (await overview.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.85, box.y + 20);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.9, box.y + 20, { steps: 4 });
    await page.mouse.move(box.x + box.width * 0.95, box.y + 20, { steps: 4 });
    await page.mouse.up();
    await expect.poll(() => new URL(page.url()).searchParams.has('from')).toBe(true);
    await expect.poll(async () => (await shown(page))?.n ?? total, WAIT).toBeLessThan(total);
    expect((await shown(page))!.m).toBe(total);
    await page.getByTestId('timeline-brush').waitFor();
    // Few enough in that range to draw them one by one.
    await page.locator('[data-testid=timeline][data-mode=items]').waitFor();
    expect(await page.getByTestId('timeline-item').count()).toBe((await shown(page))!.n);
    // The keys move the range by a day.
    const before = new URL(page.url()).searchParams.get('from')!;
    await overview.focus();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => new URL(page.url()).searchParams.get('from')).toBe(new Date(Date.parse(before) - 86_400_000).toISOString());
    await page.keyboard.press('Escape');
    await expect.poll(() => new URL(page.url()).search).toBe('');
    await expect.poll(() => shown(page), WAIT).toEqual({ n: total, m: total });
    await page.context().close();
  });
});

describe('map and timeline on a phone, right to left', () => {
  it('fit 390 px in Urdu without anything wider than the screen', async () => {
    const page = await signIn('pak.analyst');
    // Chosen at desktop width: on a phone the language picker sits behind the menu button.
    await page.getByLabel('Language').selectOption('ur');
    await page.setViewportSize({ width: 390, height: 800 });
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    // The widest element of the screen's own section, against the window's width.
    const overflow = (selector: string) =>
      page.evaluate((s) => {
        const section = document.querySelector(s);
        if (!section) return -1;
        const wide = [section, ...section.querySelectorAll('*')].filter((e) => e.getBoundingClientRect().width > 0);
        return Math.max(...wide.map((e) => e.getBoundingClientRect().right)) - window.innerWidth;
      }, selector);
    await page.goto(`${nodeUrl()}/map`);
    await page.getByTestId('incident-map').locator('.cluster-icon').first().waitFor();
    expect(await overflow('form.picture-filters')).toBeLessThanOrEqual(0);
    expect(await overflow('[data-testid=map-legend]')).toBeLessThanOrEqual(0);
    expect(await page.getByTestId('incident-map').evaluate((e) => e.getBoundingClientRect().right)).toBeLessThanOrEqual(390);
    await page.goto(`${nodeUrl()}/timeline`);
    await page.getByTestId('timeline-overview').waitFor();
    await page.getByTestId('timeline').waitFor(WAIT);
    expect(await overflow('section.timeline-page')).toBeLessThanOrEqual(0);
    await page.context().close();
  });
});
