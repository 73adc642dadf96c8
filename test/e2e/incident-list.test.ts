/**
 * The analyst's list and incident page in a browser: filters live in the address (a copied address
 * shows the same list, Back restores the previous one), the count says how many match, columns
 * sort on the server, two selected rows export as a STIX bundle and are released together, a
 * dashboard bar opens the list filtered by it.
 */
import fs from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { apiAs } from './api-as';
import { nodeInChromium } from './chromium-node';
import { incidentBody } from '../kit/factories';

const { url: nodeUrl, signIn } = nodeInChromium();

const TITLES = ['Zephyr crossing at Khorog', 'Zephyr boats on the Panj', 'Zephyr convoy near Termez'];

const rowTitles = (page: Awaited<ReturnType<typeof signIn>>) =>
  page.getByTestId('incident-list').locator('tbody tr[data-index] td:nth-child(3) a').allTextContents();

describe('the incident list in Chromium', () => {
  it('keeps filters and order in the address, counts, sorts, and exports and releases a selection', async () => {
    const analyst = await apiAs(nodeUrl(), 'pak.analyst');
    const countries = ['TJK', 'AFG', 'UZB'];
    for (const [index, title] of TITLES.entries()) {
      const created = await analyst(
        'POST',
        '/api/incidents',
        incidentBody(title, {
          occurredAt: new Date(Date.UTC(2026, 10, 10 + index)).toISOString(),
          place: { country: countries[index], precision: 'country' },
        }),
      );
      expect(created.status).toBe(201);
    }

    const page = await signIn('pak.releasing-officer');
    await page.goto(`${nodeUrl()}/incidents`);
    await page.getByTestId('incident-list').waitFor();
    const everything = await page.getByTestId('result-count').textContent();
    expect(everything).toMatch(/^\d+ incidents$/);

    await page.getByRole('searchbox', { name: 'Search' }).fill('Zephyr');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.getByTestId('result-count').textContent()).toBe('3 incidents');
    expect(new URL(page.url()).search).toBe('?q=Zephyr');
    // Newest first by default.
    await expect.poll(() => rowTitles(page)).toEqual([...TITLES].reverse());

    // Sorting by title is a new address; every page follows the server's order.
    await page.getByTestId('sort-title').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('sort')).toBe('title');
    await expect.poll(() => rowTitles(page)).toEqual([...TITLES].sort());
    expect(await page.locator('th[aria-sort=ascending]').textContent()).toMatch(/^What/);
    await page.getByTestId('sort-title').click();
    await expect.poll(() => rowTitles(page)).toEqual([...TITLES].sort().reverse());

    // The address, opened elsewhere, shows the same list.
    const shared = await signIn('pak.releasing-officer');
    await shared.goto(page.url());
    await expect.poll(() => shared.getByTestId('result-count').textContent()).toBe('3 incidents');
    await expect.poll(() => rowTitles(shared)).toEqual([...TITLES].sort().reverse());
    expect(await shared.getByRole('searchbox', { name: 'Search' }).inputValue()).toBe('Zephyr');
    await shared.context().close();

    // Back restores the previous order, then the unfiltered list.
    await page.goBack();
    await expect.poll(() => rowTitles(page)).toEqual([...TITLES].sort());
    await page.goBack();
    await expect.poll(() => rowTitles(page)).toEqual([...TITLES].reverse());
    await page.goBack();
    await expect.poll(() => page.getByTestId('result-count').textContent()).toBe(everything);
    expect(await page.getByRole('searchbox', { name: 'Search' }).inputValue()).toBe('');
    await page.goForward();
    await expect.poll(() => page.getByTestId('result-count').textContent()).toBe('3 incidents');

    // Two rows selected: exported as a STIX bundle, then released together.
    await page.getByRole('checkbox', { name: `Select “${TITLES[0]}”` }).check();
    await page.getByRole('checkbox', { name: `Select “${TITLES[2]}”` }).check();
    expect(await page.getByTestId('selected-count').textContent()).toBe('2 selected');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-selection').click()]);
    const bundle = JSON.parse(await fs.readFile((await download.path())!, 'utf8')) as {
      type: string;
      objects: { type: string; name?: string }[];
    };
    expect(bundle.type).toBe('bundle');
    expect(
      bundle.objects
        .filter((o) => o.type === 'incident')
        .map((o) => o.name)
        .sort(),
    ).toEqual([TITLES[0], TITLES[2]].sort());

    await page.getByTestId('bulk-release').click();
    await page.getByRole('button', { name: 'Release now' }).click();
    await expect.poll(() => page.getByTestId('bulk-release-result').textContent()).toMatch(/^2 released\./);
    // A KAZ analyst now finds the two released ones, and only those.
    const kaz = await apiAs(nodeUrl(), 'kaz.analyst');
    const found = (await kaz('GET', '/api/incidents?q=Zephyr')).body as { items: { title: string }[] };
    expect(found.items.map((i) => i.title).sort()).toEqual([TITLES[0], TITLES[2]].sort());
    expect((await kaz('GET', '/api/incidents/count?q=Zephyr')).body).toEqual({ total: 2 });
    await page.context().close();
  });

  it('a dashboard bar opens the list filtered by it', async () => {
    const page = await signIn('pak.analyst');
    await page.goto(`${nodeUrl()}/dashboard`);
    const bar = page.getByTestId('chart-domain').locator('a.bar-link').first();
    await bar.waitFor();
    const count = Number(await bar.locator('.count').textContent());
    await bar.click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/incidents');
    const domain = new URL(page.url()).searchParams.get('domain');
    expect(domain).toBeTruthy();
    await expect.poll(() => page.getByTestId('result-count').textContent()).toBe(`${count} incident${count === 1 ? '' : 's'}`);
    expect(await page.locator('select[name=domain]').inputValue()).toBe(domain);

    await page.goto(`${nodeUrl()}/dashboard`);
    const nationBar = page.getByTestId('chart-nation').locator('a.bar-link').first();
    await nationBar.waitFor();
    const nationCount = Number(await nationBar.locator('.count').textContent());
    await nationBar.click();
    await expect.poll(() => new URL(page.url()).searchParams.get('nation')).toMatch(/^[A-Z]{3}$/);
    await expect.poll(() => page.getByTestId('result-count').textContent()).toBe(`${nationCount} incident${nationCount === 1 ? '' : 's'}`);
    await page.context().close();
  });
});
