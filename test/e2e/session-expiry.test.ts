/**
 * A session that ends under an open screen, in Chromium: the KAZ duty officer is typing an alert
 * when the session is ended on the server; the page says so at once (banner, header, a sign-in
 * dialog that Escape does not close), keeps what was typed, and once the person signs in again in
 * place the FLASH alert PAK raised meanwhile shows. And the warning before the idle limit: "Stay
 * signed in" extends the session past the end it had.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/server/domain/demo/demo-data';
import { apiAs } from './api-as';
import { nodeInChromium } from './chromium-node';
import type { Page } from 'playwright-core';

/** Ends the page's session on the server, as its expiry would; the browser keeps its cookie. */
async function endSessionOf(page: Page, url: string) {
  const cookie = (await page.context().cookies()).find((c) => c.name === 'concord_session');
  expect(cookie).toBeDefined();
  const headers = { cookie: `concord_session=${cookie!.value}` };
  const { csrfToken } = (await (await fetch(`${url}/api/session`, { headers })).json()) as { csrfToken: string };
  const ended = await fetch(`${url}/api/session`, { method: 'DELETE', headers: { ...headers, 'x-csrf-token': csrfToken } });
  expect(ended.status).toBe(200);
}

const sessionEnd = async (page: Page) => {
  const answer = await page.request.get(new URL('/api/session', page.url()).toString());
  return answer.ok() ? ((await answer.json()) as { session: { expiresAt: string } }).session.expiresAt : null;
};

describe('an ended session in Chromium', () => {
  const { signIn, url } = nodeInChromium();

  it('says so on an open alert screen, keeps what was typed, signs in again in place and then shows the alert raised meanwhile', async () => {
    const kazApi = await apiAs(url(), 'kaz.duty-officer');
    const desk = await kazApi('POST', '/api/desks', { name: 'KAZ border duty' });
    expect(desk.status).toBe(201);
    const pakApi = await apiAs(url(), 'pak.duty-officer');
    expect((await pakApi('POST', '/api/desks', { name: 'PAK operations' })).status).toBe(201);

    const kaz = await signIn('kaz.duty-officer');
    await kaz.getByRole('link', { name: 'Alerts' }).click();
    await kaz.getByRole('link', { name: 'Raise an alert' }).click();
    const summary = kaz.locator('input[name=summary]');
    await summary.fill('Convoy seen at the Khorgos crossing');
    await kaz.locator('textarea[name=details]').fill('Six lorries, no markings.');
    await kaz.getByRole('checkbox', { name: 'PAK operations (PAK)' }).check();
    await kaz.locator('select[name=label-classification]').selectOption('RESTRICTED');
    await kaz.getByTestId('label-picker-label').getByRole('checkbox', { name: /^PAK/ }).check();

    await endSessionOf(kaz, url());

    // The live stream is refused: the page says the session has ended, in words, and stops claiming anyone.
    const banner = kaz.getByTestId('session-ended');
    await banner.waitFor({ timeout: 20_000 });
    expect(await banner.textContent()).toContain('Your session has ended; new alerts will not show until you sign in again.');
    expect(await kaz.getByTestId('identity').count()).toBe(0);
    expect(await kaz.getByTestId('identity-ended').textContent()).toBe('Not signed in: the session has ended');
    expect(await kaz.locator('header').textContent()).not.toContain('Signed in as');

    // PAK raises a FLASH alert to the KAZ desk while the KAZ screen is signed out.
    const raised = await pakApi('POST', '/api/alerts', {
      severity: 'flash',
      summary: 'Armed group crossing reported near the Khorgos post',
      label: { classification: 'RESTRICTED', relTo: ['KAZ'], tlp: 'GREEN' },
      targetDesks: [desk.body.id],
    });
    expect(raised.status).toBe(201);

    // The sign-in dialog has the focus; Escape does not close it.
    const dialog = kaz.getByRole('dialog', { name: 'Your session has ended' });
    await dialog.waitFor();
    expect(await kaz.evaluate(() => Boolean(document.activeElement?.closest('dialog')))).toBe(true);
    await kaz.keyboard.press('Escape');
    expect(await dialog.isVisible()).toBe(true);
    expect(await dialog.getByLabel('Username').inputValue()).toBe('kaz.duty-officer');
    expect(await kaz.getByTestId('alert-banner').count()).toBe(0);

    // Closed on purpose ("Not now"), the banner stays; sending the form fails and nothing is lost.
    await dialog.getByRole('button', { name: 'Not now' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await kaz.getByRole('button', { name: 'Send the alert' }).click();
    const notSaved = kaz.locator('form.alert-form .error');
    await notSaved.waitFor();
    expect(await notSaved.textContent()).toBe('Not saved: your session has ended. Sign in again, then try again.');
    expect(await banner.isVisible()).toBe(true);
    await banner.getByRole('button', { name: 'Sign in again' }).click();
    await dialog.waitFor();

    // Signing in again (Enter submits) keeps the page and what was typed.
    await dialog.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await dialog.getByLabel('Password', { exact: true }).press('Enter');
    await kaz.getByTestId('identity').waitFor();
    expect(await kaz.getByTestId('identity-user').textContent()).toContain('kaz.duty-officer');
    expect(await banner.count()).toBe(0);
    expect(await summary.inputValue()).toBe('Convoy seen at the Khorgos crossing');
    expect(await kaz.locator('textarea[name=details]').inputValue()).toBe('Six lorries, no markings.');

    // The alert raised meanwhile shows, and the live stream is back: a second one arrives by itself.
    const alerts = kaz.getByTestId('alert-banner');
    await alerts.waitFor({ timeout: 20_000 });
    expect(await alerts.textContent()).toContain('Flash alert waiting for KAZ border duty');
    const second = await pakApi('POST', '/api/alerts', {
      severity: 'priority',
      summary: 'Second crossing reported',
      label: { classification: 'RESTRICTED', relTo: ['KAZ'], tlp: 'GREEN' },
      targetDesks: [desk.body.id],
    });
    expect(second.status).toBe(201);
    await expect.poll(() => alerts.locator('p').count(), { timeout: 20_000 }).toBe(2);

    // The form is sent now, as typed.
    await kaz.getByRole('button', { name: 'Send the alert' }).click();
    await kaz.getByRole('heading', { name: /Convoy seen at the Khorgos crossing/ }).waitFor();
  });

  it('starts someone else who signs in on an ended page on the home page, with nothing of the previous screens', async () => {
    const analyst = await signIn('pak.analyst');
    await analyst.getByRole('link', { name: 'Notes' }).click();
    await analyst.getByRole('heading', { name: 'Notes' }).waitFor();
    await endSessionOf(analyst, url());
    const dialog = analyst.getByRole('dialog', { name: 'Your session has ended' });
    await dialog.waitFor({ timeout: 20_000 });
    await dialog.getByLabel('Username').fill('pak.duty-officer');
    await dialog.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => new URL(analyst.url()).pathname, { timeout: 20_000 }).toBe('/');
    await analyst.getByTestId('identity-user').waitFor();
    expect(await analyst.getByTestId('identity-user').textContent()).toContain('pak.duty-officer');
    expect(await analyst.getByTestId('session-ended').count()).toBe(0);
  });
});

describe('the warning before a session ends in Chromium', () => {
  const { signIn } = nodeInChromium({ CONCORD_SESSION_IDLE_MINUTES: '1' });

  it('warns half a minute before the idle limit, and "Stay signed in" extends the session', async () => {
    const page = await signIn('pak.analyst');
    const before = await sessionEnd(page);
    expect(before).not.toBeNull();

    const warning = page.getByRole('dialog', { name: 'Your session ends in 1 minute' });
    await warning.waitFor({ timeout: 60_000 });
    expect(await warning.textContent()).toContain('Stay signed in to keep receiving new alerts.');
    await page.keyboard.press('Escape');
    expect(await warning.isVisible()).toBe(true);
    await warning.getByRole('button', { name: 'Stay signed in' }).click();
    await warning.waitFor({ state: 'hidden' });
    const after = await sessionEnd(page);
    expect(Date.parse(after!)).toBeGreaterThan(Date.parse(before!));

    // Past the end it had, still signed in.
    await expect.poll(() => Date.now() > Date.parse(before!) + 2_000, { timeout: 60_000, interval: 1_000 }).toBe(true);
    expect(await sessionEnd(page)).not.toBeNull();
    expect(await page.getByTestId('session-ended').count()).toBe(0);
    expect(await page.getByTestId('identity-user').textContent()).toContain('pak.analyst');
  });
});
