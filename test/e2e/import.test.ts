/**
 * CSV import in Chromium with an ACLED export: the problems of a bad file named by row and column,
 * the preview of a good one (nothing written), the import to the end of its progress, and a link
 * to one of the drafts it created.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nodeInChromium } from './chromium-node';

const { url: nodeUrl, signIn } = nodeInChromium();
const sample = fs.readFileSync(new URL('../fixtures/acled/acled-sample.csv', import.meta.url));
const upload = (name: string, text: Buffer | string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });

describe('ACLED import in Chromium', () => {
  it('previews an ACLED file, imports it with progress and links to the drafts', async () => {
    const page = await signIn('uzb.analyst');
    await page.setViewportSize({ width: 390, height: 800 });
    await page.goto(`${nodeUrl()}/import`);
    const file = page.locator('input[name=file]');
    const importButton = page.getByRole('button', { name: 'Import', exact: true });

    // A bad row: the preview names its row and column and says what to write; Import stays off.
    const lines = sample.toString('utf8').trim().split('\n');
    await file.setInputFiles(
      upload('bad.csv', [lines[0], lines[1], lines[2]!.replace('Explosions/Remote violence', 'Bombing')].join('\n')),
    );
    await page.getByRole('button', { name: 'Preview' }).click();
    await expect
      .poll(() => page.getByTestId('import-problems').textContent())
      .toContain('Row 3, column event_type: “Bombing” is neither an ACLED event type nor a Concord domain');
    expect(await importButton.isDisabled()).toBe(true);

    // The real file: the first rows as they will be created, and nothing written yet.
    const before = await page.evaluate(
      async () => ((await (await fetch('/api/incidents?q=ACLED')).json()) as { items: unknown[] }).items.length,
    );
    await file.setInputFiles(upload('acled-sample.csv', sample));
    await expect.poll(() => page.getByTestId('import-rows').textContent()).toBe('acled-sample.csv: 26 rows');
    expect(await importButton.isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Preview' }).click();
    const preview = page.getByTestId('import-preview');
    await expect
      .poll(() => preview.getByRole('status').textContent())
      .toBe('All 26 rows are ready to import. Nothing has been written yet.');
    const rows = preview.getByTestId('import-preview-row');
    expect(await rows.count()).toBe(10);
    expect(await rows.first().locator('td').allTextContents()).toEqual([
      '2',
      '2026-10-02 00:00 UTC',
      'armed clash / clash with armed group',
      'Armed clash — Miranshah, Khyber Pakhtunkhwa',
      'Miranshah, Khyber Pakhtunkhwa, PAK',
    ]);
    expect(
      await page.evaluate(async () => ((await (await fetch('/api/incidents?q=ACLED')).json()) as { items: unknown[] }).items.length),
    ).toBe(before);
    // A phone-wide screen: the preview never pushes past its box (its table scrolls inside it).
    expect(await preview.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);

    // Import: the progress runs to the end, then every draft is a link.
    await importButton.click();
    const result = page.getByTestId('import-result');
    await expect.poll(() => result.locator('p').first().textContent()).toBe(' Imported 26 incidents.');
    const progress = result.getByRole('progressbar');
    expect([await progress.getAttribute('value'), await progress.getAttribute('max')]).toEqual(['26', '26']);
    expect(await result.getByRole('link').count()).toBe(26);
    await result.getByRole('link', { name: 'Suicide bomb — Peshawar, Khyber Pakhtunkhwa' }).click();
    const detail = page.getByTestId('incident-detail');
    await detail.waitFor();
    await expect.poll(() => detail.textContent()).toContain('Suicide bomb — Peshawar, Khyber Pakhtunkhwa');
    expect(await detail.textContent()).toContain('ACLED PAK90003: Explosions/Remote violence / Suicide bomb.');
    expect(page.url()).toMatch(/\/incidents\/[0-9a-f-]{36}$/);
    await page.context().close();
  });
});
