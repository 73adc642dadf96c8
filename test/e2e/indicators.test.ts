/**
 * Indicators in a browser: a defanged value is shown as it will be stored before saving, and a
 * pasted report becomes a review list — benign values warned about and left unpicked — from which
 * the picked indicators are created as drafts.
 */
import { describe, expect, it } from 'vitest';
import { nodeInChromium } from './chromium-node';

const { url, signIn } = nodeInChromium();

const REPORT = [
  'Second-stage payloads came from hxxps[:]//cdn-drop[.]paste-example[.]net/stage2.bin,',
  'beaconing to 185.220.101[.]44; the loader also queried 8.8.8[.]8.',
  'Lures were sent by courier[at]mail-paste[.]example-ops[.]net. Sample MD5: 0A1B2C3D4E5F60718293A4B5C6D7E8F9.',
].join('\n');

describe('indicators in Chromium', () => {
  it('a defanged value is refanged and warned about before saving', async () => {
    const page = await signIn('pak.analyst');
    await page.goto(`${url()}/indicators/new`);
    await page.getByLabel('Type').selectOption('ipv4');
    await page.getByLabel('Value').fill('8.8.8[.]8');
    await expect
      .poll(() => page.getByTestId('indicator-check').textContent())
      .toMatch(/Will be stored as 8\.8\.8\.8 ⚠ .*public DNS resolver/);
    await page.context().close();
  });

  it('bulk paste extracts indicators into a review list and creates the picked ones', async () => {
    const page = await signIn('pak.analyst');
    await page.goto(`${url()}/indicators`);
    await page.getByRole('link', { name: 'Paste from text' }).click();
    await page.getByLabel('Text to search for indicators').fill(REPORT);
    await page.getByRole('button', { name: 'Find indicators' }).click();
    const review = page.getByTestId('paste-review');
    await review.waitFor();
    const row = (value: string) => review.locator('li', { hasText: value });
    const values = [
      'https://cdn-drop.paste-example.net/stage2.bin',
      'cdn-drop.paste-example.net',
      '185.220.101.44',
      '8.8.8.8',
      'courier@mail-paste.example-ops.net',
      '0a1b2c3d4e5f60718293a4b5c6d7e8f9',
    ];
    for (const value of values) expect(await row(value).count(), value).toBeGreaterThan(0);
    // The public resolver is offered with its warning, and not picked.
    const resolver = review.locator('li', { has: page.locator('bdi', { hasText: /^8\.8\.8\.8$/ }) });
    expect(await resolver.textContent()).toMatch(/public DNS resolver/);
    expect(await resolver.getByRole('checkbox').isChecked()).toBe(false);
    expect(await row('185.220.101.44').getByRole('checkbox').isChecked()).toBe(true);
    // The analyst leaves out the bare domain too.
    await review
      .locator('li', { has: page.locator('bdi', { hasText: /^cdn-drop\.paste-example\.net$/ }) })
      .getByRole('checkbox')
      .uncheck();
    const picked = await review.getByRole('checkbox', { checked: true }).count();
    expect(picked).toBeGreaterThanOrEqual(4);
    // The review list fits a phone.
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.getByRole('button', { name: `Create picked indicators as drafts (${picked})` }).click();
    await expect.poll(() => page.getByTestId('paste-summary').textContent()).toBe(`Created: ${picked}. Not created: 0.`);

    // They were created through the ordinary create call: normalised, drafts, in the list.
    const listed = await page.request.get(`${url()}/api/indicators?q=185.220.101.44`);
    expect(((await listed.json()) as { items: { value: string; releaseState: string }[] }).items).toEqual([
      expect.objectContaining({ value: '185.220.101.44', releaseState: 'draft' }),
    ]);
    const resolverListed = await page.request.get(`${url()}/api/indicators?q=8.8.8.8&type=ipv4`);
    expect(((await resolverListed.json()) as { items: unknown[] }).items).toEqual([]);
    await row('185.220.101.44').getByRole('link', { name: 'Open' }).click();
    expect(await page.locator('.indicator-value').first().textContent()).toBe('185.220.101.44');
    await page.context().close();
  });
});
