/**
 * The hotline in Chromium: KAZ creates a desk; PAK raises an alert to it; the KAZ duty officer is
 * alerted by the banner and acknowledges; PAK sees the acknowledgement arrive; TJK, outside the
 * label, sees nothing of it.
 */
import { describe, expect, it } from 'vitest';
import { nodeInChromium } from './chromium-node';

const { signIn } = nodeInChromium();
const SUMMARY = 'Armed group crossing reported near the Zhibek Zholy post';

describe('the hotline in Chromium', () => {
  it('carries an alert from PAK to a KAZ desk and the acknowledgement back, and shows TJK nothing', async () => {
    const kaz = await signIn('kaz.duty-officer');
    await kaz.getByRole('link', { name: 'Desks' }).click();
    await kaz.locator('input[name=desk-name]').fill('KAZ border duty');
    await kaz.getByRole('button', { name: 'Create the desk' }).click();
    await kaz.getByTestId('desks').getByRole('link', { name: 'KAZ border duty' }).waitFor();

    const pak = await signIn('pak.duty-officer');
    await pak.getByRole('link', { name: 'Alerts' }).click();
    await pak.getByRole('link', { name: 'Raise an alert' }).click();
    await pak.locator('select[name=severity]').selectOption('flash');
    await pak.locator('input[name=summary]').fill(SUMMARY);
    await pak.locator('textarea[name=details]').fill('Twenty to thirty people with vehicles, heading north.');
    await pak.getByRole('checkbox', { name: 'KAZ border duty (KAZ)' }).check();
    await pak.locator('select[name=label-classification]').selectOption('RESTRICTED');
    await pak.getByTestId('label-picker-label').getByRole('checkbox', { name: /^KAZ/ }).check();
    await pak.getByRole('button', { name: 'Send the alert' }).click();
    await pak.getByRole('heading', { name: `Flash: ${SUMMARY}` }).waitFor();
    const alertUrl = pak.url();
    expect(await pak.getByTestId('alert-targets').textContent()).toContain('Waiting for an answer');

    // The KAZ duty officer's open screen shows the banner by itself (live updates).
    const banner = kaz.getByTestId('alert-banner');
    await banner.waitFor({ timeout: 20_000 });
    expect(await banner.textContent()).toContain('Flash alert waiting for KAZ border duty');
    await banner.getByRole('link', { name: 'Open and acknowledge' }).click();
    await kaz.locator('input[name=note]').fill('Patrol dispatched.');
    await kaz.getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(() => kaz.getByTestId('alert-targets').textContent()).toContain('Acknowledged');
    await expect.poll(() => kaz.getByTestId('alert-banner').count(), { timeout: 20_000 }).toBe(0);

    // PAK's open page turns to "Acknowledged" by itself, with the note (live; the fallback refresh is a minute).
    await expect.poll(() => pak.getByTestId('alert-targets').textContent(), { timeout: 20_000 }).toMatch(/Acknowledged — after \d+ min/);
    expect(await pak.getByTestId('alert-targets').textContent()).toContain('Patrol dispatched.');

    const tjk = await signIn('tjk.duty-officer');
    await tjk.getByRole('link', { name: 'Alerts' }).click();
    await tjk.getByText('No alerts.', { exact: false }).waitFor();
    expect(await tjk.getByTestId('alert-banner').count()).toBe(0);
    await tjk.goto(alertUrl);
    await tjk.getByText('No alert with this id.').waitFor();
    expect(await tjk.content()).not.toContain(SUMMARY);
  });
});
