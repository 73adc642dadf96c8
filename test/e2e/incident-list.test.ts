/**
 * The analyst's list and incident page in a browser: filters live in the address (a copied address
 * shows the same list, Back restores the previous one), the count says how many match, columns
 * sort on the server, two selected rows export as a STIX bundle and are released together, a
 * dashboard bar opens the list filtered by it; the incident page names its origin, maps its place,
 * explains its admiralty codes and previews image, text and PDF attachments.
 */
import fs from 'node:fs/promises';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { apiAs } from './api-as';
import { nodeInChromium } from './chromium-node';
import { incidentBody, label } from '../kit/factories';

const { url: nodeUrl, signIn } = nodeInChromium();

/** A one-page PDF saying `text`. */
function pdfOf(text: string): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ size: 'A4' });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.fontSize(24).text(text);
    doc.end();
  });
}

/** A 1×1 PNG. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
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
    // The count arrives on its own request, after the rows.
    await expect.poll(() => page.getByTestId('result-count').textContent()).toMatch(/^\d+ incidents$/);
    const everything = await page.getByTestId('result-count').textContent();

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

describe('the incident page in Chromium', () => {
  it('names the origin, maps the place, explains admiralty codes and previews an image', async () => {
    const analyst = await apiAs(nodeUrl(), 'pak.analyst');
    const created = await analyst(
      'POST',
      '/api/incidents',
      incidentBody('Zephyr drone seen over Chaman', {
        sources: { items: [{ description: 'Border post log', reliability: 'B', credibility: 2 }] },
        label: label({ classification: 'RESTRICTED', relTo: ['KAZ'] }),
      }),
    );
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const attached = await analyst('POST', `/api/incidents/${id}/attachments`, { fileName: 'drone.png', contentBase64: PNG });
    expect(attached.status).toBe(201);
    const note = await analyst('POST', `/api/incidents/${id}/attachments`, {
      fileName: 'note.html',
      contentBase64: Buffer.from('<b>seen at dusk</b>').toString('base64'),
    });
    expect(note.status).toBe(201);
    const report = await analyst('POST', `/api/incidents/${id}/attachments`, {
      fileName: 'report.pdf',
      contentBase64: (await pdfOf('Patrol report')).toString('base64'),
    });
    expect(report.status).toBe(201);

    const page = await signIn('pak.analyst');
    const session = (await (await page.request.get(`${nodeUrl()}/api/session`)).json()) as { org: { name: string } };
    await page.goto(`${nodeUrl()}/incidents/${id}`);
    await page.getByTestId('incident-detail').waitFor();
    await expect.poll(() => page.getByTestId('origin').textContent()).toMatch(/Pakistan \(PAK\)/);
    expect(await page.getByTestId('origin').textContent()).toContain(session.org.name);
    await page.getByTestId('place-map').locator('.leaflet-interactive').first().waitFor();
    expect(await page.getByTestId('admiralty').textContent()).toBe('B2 — usually reliable, probably true');

    const image = page.getByTestId('image-preview');
    await image.waitFor();
    expect(await image.getAttribute('src')).toBe(`/api/attachments/${attached.body.id as string}`);
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
    // Text that looks like markup is shown as text, never rendered.
    await expect.poll(() => page.getByTestId('text-preview').textContent()).toBe('<b>seen at dusk</b>');
    expect(await page.getByTestId('text-preview').locator('b').count()).toBe(0);
    // A PDF's first page is drawn from its bytes, 480 pixels wide in the page's proportions (A4).
    await expect.poll(() => page.locator('figure.pdf').getAttribute('data-state')).toBe('shown');
    expect(await page.getByTestId('pdf-preview').evaluate((canvas: HTMLCanvasElement) => [canvas.width, canvas.height])).toEqual([
      480, 678,
    ]);
    await page.context().close();
  });
});
