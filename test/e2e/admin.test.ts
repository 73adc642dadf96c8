/**
 * A node administrator in Chromium: adds an account, disables and enables it, gives it a new
 * second factor (shown once, and the account then needs it), and finds each of these in the audit
 * log with a filter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../src/server/domain/demo/demo-data';
import { currentTotp } from '../../src/server/domain/auth/totp';
import { launchChromium, signInAs } from './browser';
import { startNodeProcess } from './node-process';
import type { Browser } from 'playwright-core';
import type { NodeProcess } from './node-process';

let node: NodeProcess;
let browser: Browser;
beforeAll(async () => {
  node = await startNodeProcess();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await node?.stop();
});

const PASSWORD = 'a new duty officer passphrase';
const signInStatus = async (body: object) =>
  (
    await fetch(`${node.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'pak.night-duty', password: PASSWORD, ...body }),
    })
  ).status;

describe('node administration in Chromium', () => {
  it('adds, disables, enables and re-keys an account, and reads it back in the audit log', async () => {
    const admin = await signInAs(browser, node.url, 'pak.node-admin', {
      password: DEMO_PASSWORD,
      totp: currentTotp(DEMO_TOTP_SECRET, new Date()),
      language: 'en',
    });
    admin.on('dialog', (dialog) => void dialog.accept());
    await admin.getByRole('link', { name: 'Accounts' }).click();

    const form = admin.getByRole('form', { name: 'Add an account' });
    await form.getByLabel('Username').fill('pak.night-duty');
    await form.getByLabel('Name', { exact: true }).fill('Night duty');
    await form.getByLabel('Password (at least 12 characters)').fill(PASSWORD);
    await form.getByRole('button', { name: 'Add an account' }).click();
    await form.getByText('Added pak.night-duty').waitFor();
    expect(await signInStatus({})).toBe(200);

    const row = admin.locator('tr[data-username="pak.night-duty"]');
    await row.getByRole('button', { name: 'Disable' }).click();
    await row.getByText('disabled', { exact: true }).waitFor();
    expect(await signInStatus({})).not.toBe(200);
    await row.getByRole('button', { name: 'Enable' }).click();
    await row.getByRole('button', { name: 'Disable' }).waitFor();
    expect(await signInStatus({})).toBe(200);

    await row.getByRole('button', { name: 'New second factor' }).click();
    const shown = admin.getByTestId('reset-totp');
    const secret = await shown.getByTestId('totp-secret').inputValue();
    expect(await shown.getByTestId('totp-uri').inputValue()).toMatch(new RegExp(`^otpauth://totp/.*secret=${secret}`));
    // The account now needs the new factor.
    expect(await signInStatus({})).not.toBe(200);
    expect(await signInStatus({ totp: currentTotp(secret, new Date()) })).toBe(200);
    await shown.getByRole('button', { name: 'Done, hide it' }).click();
    expect(await admin.getByTestId('totp-secret').count()).toBe(0);

    await admin.getByRole('link', { name: 'Audit log' }).click();
    const filter = admin.getByRole('form', { name: 'Filter the audit log' });
    await filter.getByLabel('Actor (username)').fill('pak.node-admin');
    await filter.getByLabel('Action').fill('user');
    await filter.getByRole('button', { name: 'Show' }).click();
    const entries = admin.getByTestId('audit-entries').locator('li');
    await expect
      .poll(() => entries.evaluateAll((items) => items.map((item) => item.getAttribute('data-action'))), { timeout: 20_000 })
      .toEqual(['user.totp-reset', 'user.enable', 'user.disable', 'user.add']);
    await admin.getByTestId('audit-entries').getByText('"username":"pak.night-duty"', { exact: false }).waitFor();

    // A filter that matches nothing says what to do.
    await filter.getByLabel('Action').fill('crisis.close');
    await filter.getByRole('button', { name: 'Show' }).click();
    await admin.getByText('No entries match. Widen the time range or clear a filter.').waitFor();

    // Someone who is not an administrator has no such screen.
    const analyst = await signInAs(browser, node.url, 'pak.analyst', { password: DEMO_PASSWORD, language: 'en' });
    expect(await analyst.getByRole('link', { name: 'Audit log' }).count()).toBe(0);
    await analyst.goto(`${node.url}/admin/audit`);
    await analyst.getByText('Only node administrators read the audit log.').waitFor();
    await analyst.context().close();
    await admin.context().close();
  });
});
