/**
 * Alerts nobody misses, in Chromium: a FLASH alert to the KAZ desk shows its summary and severity
 * in the banner, counts in the tab title and favicon, and its alarm repeats until someone of the
 * desk acknowledges it from another browser; an exercise says so in stripes and words; a browser
 * that blocks audio says "Sound is blocked" and enables it on click. Raising an alert: choosing a
 * KAZ desk releases the label to KAZ. And where the node sends Web Push, notifications on the
 * device are offered on the alerts page, and "Not now" is remembered.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/server/domain/demo/demo-data';
import { launchChromium, signInAs } from './browser';
import { apiAs } from './api-as';
import { nodeInChromium } from './chromium-node';
import type { Page } from 'playwright-core';

// Read through locators: page.evaluate would count as a user gesture and let audio play.
const alarmOf = async (page: Page) => (await page.locator('html').getAttribute('data-alarm')) ?? 'off';
const ringsOf = async (page: Page) => Number((await page.locator('html').getAttribute('data-alarm-rings')) ?? 0);
const faviconAlarm = (page: Page) => page.locator('link[rel="icon"]').getAttribute('data-alarm');

describe('hotline alerts in Chromium', () => {
  const { signIn, url } = nodeInChromium();
  let deskId = '';
  let pakApi: Awaited<ReturnType<typeof apiAs>>;
  const raise = async (severity: string, summary: string, exercise = false) => {
    const raised = await pakApi('POST', '/api/alerts', {
      severity,
      summary,
      exercise,
      label: { classification: 'RESTRICTED', relTo: ['KAZ'], tlp: 'GREEN' },
      targetDesks: [deskId],
    });
    expect(raised.status).toBe(201);
    return raised.body.id as string;
  };

  beforeAll(async () => {
    const kazApi = await apiAs(url(), 'kaz.duty-officer');
    const desk = await kazApi('POST', '/api/desks', { name: 'KAZ border duty' });
    expect(desk.status).toBe(201);
    deskId = desk.body.id as string;
    pakApi = await apiAs(url(), 'pak.duty-officer');
  });

  it('ring, title and favicon until the desk acknowledges from another browser; silencing keeps the banner', async () => {
    const kaz = await signIn('kaz.duty-officer');
    const other = await signIn('kaz.duty-officer');
    expect(await kaz.title()).toBe('Concord');
    await raise('flash', 'Armed group crossing reported near the Khorgos post');

    const banner = kaz.getByTestId('alert-banner');
    await banner.waitFor({ timeout: 20_000 });
    const line = banner.locator('p.alert-line');
    expect(await line.getAttribute('data-severity')).toBe('flash');
    expect(await line.textContent()).toContain('Flash alert waiting for KAZ border duty.');
    expect(await line.locator('.alert-summary').textContent()).toBe('Armed group crossing reported near the Khorgos post');
    await expect.poll(() => kaz.title()).toBe('(1) FLASH — Concord');
    expect(await faviconAlarm(kaz)).toBe('on');
    // The alarm repeats: the pattern sounds again and again, not once.
    await expect.poll(() => alarmOf(kaz)).toBe('ringing');
    await expect.poll(() => ringsOf(kaz), { timeout: 20_000 }).toBeGreaterThanOrEqual(3);

    await raise('priority', 'Second crossing reported');
    await expect.poll(() => kaz.title(), { timeout: 20_000 }).toBe('(2) FLASH — Concord');

    // Silenced on one screen: quiet there, the banner and title stay; the other screen still rings.
    const otherBanner = other.getByTestId('alert-banner');
    await expect.poll(() => otherBanner.locator('p.alert-line').count(), { timeout: 20_000 }).toBe(2);
    await otherBanner.getByRole('button', { name: 'Silence' }).click();
    await expect.poll(() => alarmOf(other)).toBe('silenced');
    expect(await otherBanner.textContent()).toContain('Alarm silenced on this screen');
    expect(await other.title()).toBe('(2) FLASH — Concord');
    expect(await alarmOf(kaz)).toBe('ringing');

    // Acknowledged in one tap from the other browser: the first screen stops and gets its title back.
    await otherBanner.getByRole('button', { name: 'Acknowledge' }).first().click();
    await expect.poll(() => otherBanner.locator('p.alert-line').count(), { timeout: 20_000 }).toBe(1);
    await otherBanner.getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(() => alarmOf(kaz), { timeout: 20_000 }).toBe('off');
    expect(await banner.count()).toBe(0);
    expect(await kaz.title()).toBe('Concord');
    expect(await faviconAlarm(kaz)).toBeNull();
    await other.context().close();
    await kaz.context().close();
  });

  it('make an exercise unmistakable: stripes and EXERCISE EXERCISE EXERCISE in the banner, EXERCISE in the title', async () => {
    const kaz = await signIn('kaz.duty-officer');
    const id = await raise('immediate', 'Drill: convoy at the crossing', true);
    const line = kaz.getByTestId('alert-banner').locator('p.alert-line');
    await line.waitFor({ timeout: 20_000 });
    expect(await line.getAttribute('class')).toContain('exercise');
    expect(await line.locator('.exercise-mark').textContent()).toContain('EXERCISE EXERCISE EXERCISE');
    await expect.poll(() => kaz.title()).toBe('(1) EXERCISE IMMEDIATE — Concord');
    await line.getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(() => kaz.title(), { timeout: 20_000 }).toBe('Concord');
    expect((await pakApi('GET', `/api/alerts/${id}`)).body.targets).toEqual([expect.objectContaining({ status: 'acknowledged' })]);
    await kaz.context().close();
  });

  it('say "Sound is blocked — click to enable" where the browser holds audio back, and ring once it is clicked', async () => {
    const strict = await launchChromium(['--autoplay-policy=document-user-activation-required']);
    try {
      const signedIn = await signInAs(strict, url(), 'kaz.duty-officer', { password: DEMO_PASSWORD, language: 'en' });
      await signedIn.goto('about:blank');
      await raise('flash', 'Shots heard at the Khorgos post');
      // A new tab of the signed-in browser that nobody has clicked or typed in: the browser keeps
      // its audio suspended. Playwright's own page queries count as a gesture, so until the
      // control is clicked the page is read through the DevTools protocol, which does not.
      const kaz = await signedIn.context().newPage();
      await signedIn.close();
      const devtools = await kaz.context().newCDPSession(kaz);
      const read = async (expression: string) =>
        ((await devtools.send('Runtime.evaluate', { expression, returnByValue: true })) as { result: { value: unknown } }).result.value;
      await kaz.goto(`${url()}/alerts`);
      await expect.poll(() => read('document.documentElement.dataset.alarm'), { timeout: 20_000 }).toBe('blocked');
      expect(await read('document.documentElement.dataset.alarmRings')).toBe('0');
      expect(await read('navigator.userActivation.hasBeenActive')).toBe(false);
      expect(await read(`[...document.querySelectorAll('[data-testid=alert-banner] button')].map((b) => b.textContent)`)).toContain(
        'Sound is blocked — click to enable',
      );

      const enable = kaz.getByRole('button', { name: 'Sound is blocked — click to enable' });
      await enable.click();
      await expect.poll(() => alarmOf(kaz), { timeout: 20_000 }).toBe('ringing');
      await expect.poll(() => ringsOf(kaz), { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
      expect(await enable.count()).toBe(0);
      await kaz.getByTestId('alert-banner').locator('p', { hasText: 'Shots heard' }).getByRole('button', { name: 'Acknowledge' }).click();
      await expect.poll(() => alarmOf(kaz), { timeout: 20_000 }).toBe('off');
    } finally {
      await strict.close();
    }
  });

  it('release the label to the nation of each desk chosen, in plain words', async () => {
    const pak = await signIn('pak.duty-officer');
    await pak.getByRole('link', { name: 'Alerts' }).click();
    await pak.getByRole('link', { name: 'Raise an alert' }).click();
    await pak.locator('input[name=summary]').fill('Convoy seen at the Khorgos crossing');
    const picker = pak.getByTestId('label-picker-label');
    const kazInLabel = picker.getByRole('checkbox', { name: /^KAZ/ });
    expect(await kazInLabel.isChecked()).toBe(false);

    await pak.getByRole('checkbox', { name: 'KAZ border duty (KAZ)' }).check();
    expect(await kazInLabel.isChecked()).toBe(true);
    expect(await pak.getByTestId('marking-preview-label').textContent()).toContain('KAZ');
    expect(await pak.getByTestId('desk-nations').textContent()).toBe('Releasable to KAZ: the desks you chose can read the alert.');
    expect(await pak.locator('form.alert-form').textContent()).not.toMatch(/relTo/);

    // Taken off by hand, the form says in words what that means.
    await kazInLabel.uncheck();
    expect(await pak.locator('form.alert-form [role=status]').first().textContent()).toContain(
      'The label does not let KAZ read the alert, so the desks you chose there will not receive it',
    );
    await kazInLabel.check();
    await pak.getByRole('button', { name: 'Send the alert' }).click();
    await pak.getByRole('heading', { name: /Convoy seen at the Khorgos crossing/ }).waitFor();
    await pak.context().close();
  });
});

describe('notifications on this device, where the node sends Web Push', () => {
  const PUSH_ON = 'Notify me on this device';
  const { signIn } = nodeInChromium({ CONCORD_WEB_PUSH: '1' });

  it('are offered on the alerts page without looking for a setting, and "Not now" is remembered', async () => {
    const kaz = await signIn('kaz.duty-officer');
    await kaz.getByRole('link', { name: 'Alerts' }).click();
    const offer = kaz.getByTestId('push-offer');
    await offer.waitFor({ timeout: 20_000 });
    expect(await offer.textContent()).toContain('Get hotline alerts as notifications on this device');
    expect(await offer.getByRole('button', { name: 'Turn on notifications' }).isVisible()).toBe(true);
    await offer.getByRole('button', { name: 'Not now' }).click();
    expect(await offer.count()).toBe(0);
    await kaz.reload();
    await kaz.getByRole('heading', { name: 'Hotline alerts' }).waitFor();
    // The header's own switch rests on the same key and subscription check: once it shows, the offer would have too.
    await kaz.getByRole('button', { name: PUSH_ON }).waitFor({ timeout: 20_000 });
    expect(await kaz.getByTestId('push-offer').count()).toBe(0);
    await kaz.context().close();
  });
});
