/** The releasing officer's queue in Chromium: the badge, a label narrowed at release, the confirmation, bulk release. */
import { describe, expect, it } from 'vitest';
import { nodeInChromium } from './chromium-node';
import type { Page } from 'playwright-core';

const { url, signIn } = nodeInChromium();
const badge = async (page: Page) => Number((await page.getByTestId('release-count').textContent()) ?? '0');

async function saveDraft(analyst: Page, title: string, nations: string[]): Promise<string> {
  await analyst.getByRole('link', { name: 'New incident' }).click();
  await analyst.locator('input[name=title]').fill(title);
  for (const nation of nations)
    await analyst
      .getByTestId('label-picker-label')
      .getByRole('checkbox', { name: new RegExp(`^${nation}`) })
      .check();
  await analyst.getByRole('button', { name: 'Save draft' }).click();
  await analyst.getByTestId('incident-detail').waitFor();
  return analyst.url();
}

describe('the release queue', () => {
  it('shows the badge, narrows a label with its audience, confirms who will read, and releases both drafts', async () => {
    const officer = await signIn('pak.releasing-officer');
    await officer.getByTestId('release-count').waitFor();
    const before = await badge(officer);

    const analyst = await signIn('pak.analyst');
    // The analyst sees no queue: they do not release.
    expect(await analyst.getByRole('link', { name: /^To release/ }).count()).toBe(0);
    const wide = await saveDraft(analyst, 'Smuggling boat at Gwadar', ['KAZ', 'UZB']);
    await saveDraft(analyst, 'Checkpoint fire at Chaman', []);
    await analyst.context().close();

    // The badge follows without a reload (the live stream).
    await expect.poll(() => badge(officer), { timeout: 15_000 }).toBe(before + 2);

    // A draft never released offers no recall.
    await officer.goto(wide);
    await officer.getByTestId('incident-detail').waitFor();
    expect(await officer.getByRole('button', { name: 'Recall everywhere' }).count()).toBe(0);

    await officer.getByRole('link', { name: /^To release/ }).click();
    const rows = officer.getByTestId('release-queue-row');
    await rows.first().waitFor();
    const row = rows.filter({ hasText: 'Smuggling boat at Gwadar' });
    await expect.poll(() => row.getByTestId('queue-marking').textContent()).toBe('UNCLASSIFIED//REL TO PAK, KAZ, UZB TLP:GREEN');

    // Narrow: UZB out. The audience preview changes with it.
    await officer.getByRole('button', { name: 'Adjust label of Smuggling boat at Gwadar' }).click();
    const id = await row.getAttribute('data-id');
    const picker = officer.getByTestId(`label-picker-queue-${id}`);
    await expect.poll(() => picker.getByTestId(`audience-queue-${id}`).textContent()).toContain('KAZ, UZB');
    await picker.getByRole('checkbox', { name: /^UZB/ }).uncheck();
    await expect.poll(() => picker.getByTestId(`audience-queue-${id}`).textContent()).not.toContain('UZB');
    await expect.poll(() => row.getByTestId('queue-marking').textContent()).toContain('UNCLASSIFIED//REL TO PAK, KAZ TLP:GREEN');

    await officer.getByRole('checkbox', { name: 'Select Smuggling boat at Gwadar' }).check();
    await officer.getByRole('checkbox', { name: 'Select Checkpoint fire at Chaman' }).check();
    await officer.getByRole('button', { name: 'Release selected (2)' }).click();

    // The confirmation says who will be able to read each one.
    const dialog = officer.getByRole('dialog', { name: 'Release these 2 records?' });
    await dialog.waitFor();
    await expect.poll(() => dialog.getByTestId(`readers-incident:${id}`).textContent()).toMatch(/Will be readable by \d+ people in PAK\./);
    const readers = (await dialog.getByTestId(`readers-incident:${id}`).textContent()) ?? '';
    expect(readers).toContain('Also released to KAZ:');
    expect(readers).not.toContain('UZB');
    expect(await dialog.textContent()).toContain('UNCLASSIFIED//REL TO PAK, KAZ TLP:GREEN');
    await dialog.getByRole('button', { name: 'Release 2 records' }).click();

    const result = officer.getByTestId('release-result');
    await expect.poll(() => result.locator('[data-outcome=released]').count()).toBe(2);
    await expect.poll(() => badge(officer).catch(() => 0), { timeout: 15_000 }).toBe(before);
    expect(await officer.getByTestId('release-queue-row').filter({ hasText: 'Smuggling boat at Gwadar' }).count()).toBe(0);

    // Released: KAZ reads it under the narrowed label, and now it can be recalled.
    await officer.goto(wide);
    await expect.poll(() => officer.getByTestId('marking-banner').first().textContent()).toBe('UNCLASSIFIED//REL TO PAK, KAZ TLP:GREEN');
    await officer.getByRole('button', { name: 'Recall everywhere' }).waitFor();
    await officer.context().close();
    const kaz = await signIn('kaz.analyst');
    await kaz.goto(wide.replace(/^http:\/\/[^/]+/, url()));
    await kaz.getByTestId('incident-detail').waitFor();
    await kaz.context().close();
  });
});
