/**
 * Actors, indicators, links and attachments in a browser: an analyst records an indicator (seeing how
 * it will be stored and why it may be benign), links it to two incidents (attaching a file to one),
 * and sees them related through it; a
 * releasing officer releases it; a nation outside its label never sees it; the STIX export holds it.
 */
import { describe, expect, it } from 'vitest';
import { nodeInChromium } from './chromium-node';
import type { Page } from 'playwright-core';

const { url: nodeUrl, signIn } = nodeInChromium();
const VALUE = 'c2.border-ops-example.net';
/** The name the analyst gives it (optional in the form). */
const NAME = 'Border ops C2';
let indicatorUrl = '';

async function newIncident(page: Page, title: string, lat: string): Promise<void> {
  await page.getByRole('link', { name: 'New incident' }).click();
  await page.locator('select[name=domain]').selectOption('cyber');
  await page.locator('select[name=subtype]').selectOption('phishing-campaign');
  await page.locator('input[name=title]').fill(title);
  await page.locator('input[name=country]').fill('PAK');
  await page.locator('input[name=lat]').fill(lat);
  await page.locator('input[name=lon]').fill('60.5');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await page.getByTestId('incident-detail').waitFor();
}

async function linkIndicator(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Edit links' }).click();
  await page.locator('input[name=find-indicators]').fill('border-ops');
  await page.getByRole('button', { name: `Link ${VALUE}` }).click();
  await page.getByTestId('links').getByRole('link', { name: VALUE }).waitFor();
}

describe('indicators and links in Chromium', () => {
  it('an analyst records an indicator, normalised, with a warning for a benign value', async () => {
    const page = await signIn('pak.analyst');
    await page.getByRole('link', { name: 'Indicators' }).click();
    await page.getByRole('link', { name: 'New indicator' }).click();
    await page.locator('input[name=value]').fill('Update.Microsoft.COM');
    await expect.poll(() => page.getByTestId('indicator-check').textContent()).toMatch(/update\.microsoft\.com.*well-known/);
    await page.locator('input[name=value]').fill(`C2.Border-Ops-Example.NET.`);
    await expect.poll(() => page.getByTestId('indicator-check').textContent()).toBe(`Will be stored as ${VALUE}`);
    await page.locator('input[name=name]').fill(NAME);
    await page.getByTestId('label-picker-label').getByRole('checkbox', { name: /^KAZ/ }).check();
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByTestId('record-detail').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(NAME);
    expect(await page.locator('.indicator-value').textContent()).toBe(VALUE);
    indicatorUrl = page.url();
    expect(await page.getByTestId('proposed-marking').textContent()).toBe('UNCLASSIFIED//REL TO PAK, KAZ TLP:GREEN');

    await newIncident(page, 'Phishing against border staff', '25.1');
    await linkIndicator(page);
    await page
      .locator('input[name=attachment]')
      .setInputFiles({ name: 'headers.txt', mimeType: 'text/plain', buffer: Buffer.from('Received: from mail-gov\n') });
    const download = page.getByTestId('attachments').getByRole('link', { name: 'headers.txt' });
    await download.waitFor();
    expect(await download.getAttribute('href')).toMatch(/^\/api\/attachments\//);
    await newIncident(page, 'Second phishing wave', '28.7');
    await linkIndicator(page);
    const related = page.getByTestId('related');
    await related.getByRole('link', { name: 'Phishing against border staff' }).waitFor();
    expect(await related.textContent()).toContain(`shares indicator ${VALUE}`);
    await page.locator('select[name=relation]').selectOption('part-of');
    await page.locator('input[name=find-incidents]').fill('Phishing against');
    await page.getByRole('button', { name: 'Link Phishing against border staff' }).click();
    await expect.poll(() => page.getByTestId('links').textContent()).toContain('Part of: Phishing against border staff');
    await page.context().close();
  });

  it('a releasing officer releases it; TJK never sees it; the STIX export holds it for the originator', async () => {
    const releaser = await signIn('pak.releasing-officer');
    await releaser.goto(indicatorUrl);
    await releaser.getByRole('button', { name: 'Release under the proposed label' }).click();
    // The confirmation says who will be able to read it.
    await releaser.getByRole('dialog').getByRole('button', { name: 'Release', exact: true }).click();
    await expect.poll(() => releaser.getByTestId('marking-banner').first().textContent()).toBe('UNCLASSIFIED//REL TO PAK, KAZ TLP:GREEN');
    const bundle = await releaser.evaluate(async () => (await fetch('/api/incidents/export?format=stix&q=phishing')).text());
    expect(bundle).toContain(`[domain-name:value = '${VALUE}']`);
    expect(bundle).toContain(`"name":"${NAME}"`);
    await releaser.context().close();

    const kaz = await signIn('kaz.analyst');
    await kaz.goto(indicatorUrl);
    expect(await kaz.getByRole('heading', { level: 1 }).textContent()).toBe(NAME);
    expect(await kaz.locator('.indicator-value').textContent()).toBe(VALUE);
    await kaz.context().close();
    const tjk = await signIn('tjk.analyst');
    await tjk.goto(indicatorUrl);
    await tjk.getByTestId('record-not-found').waitFor();
    await tjk.goto(`${nodeUrl()}/indicators`);
    await tjk.waitForLoadState('networkidle');
    expect(await tjk.getByText(VALUE).count()).toBe(0);
    expect(await tjk.getByText(NAME).count()).toBe(0);
    await tjk.context().close();
  });
});

describe('TLP:RED in Chromium', () => {
  it('names a reader from the people the label lets in; only they read it', async () => {
    const page = await signIn('pak.analyst');
    await page.getByRole('link', { name: 'New note' }).click();
    await page.locator('input[name=title]').fill('For the KAZ analyst only');
    await page.getByTestId('label-picker-label').getByRole('checkbox', { name: /^KAZ/ }).check();
    await page.locator('select[name=label-tlp]').selectOption('RED');
    await page.locator('input[name=label-red-find]').fill('Kazakhstan an');
    const picker = page.getByTestId('red-recipients-label');
    await picker.getByRole('button', { name: /^Name Kazakhstan analyst/ }).click();
    await expect.poll(() => page.getByTestId('audience-label').textContent()).toMatch(/Also released to KAZ:/);
    expect(await picker.getByRole('button', { name: /^Name Tajikistan/ }).count()).toBe(0);
    await page.getByRole('button', { name: 'Create note' }).click();
    await page.getByTestId('note-detail').waitFor();
    const url = page.url();
    await page.context().close();

    const reader = await signIn('kaz.analyst');
    await reader.goto(url);
    await reader.getByRole('heading', { name: 'For the KAZ analyst only' }).waitFor();
    await reader.context().close();
    const other = await signIn('kaz.viewer');
    await other.goto(url);
    await other.getByTestId('note-not-found').waitFor();
    await other.context().close();
  });
});
