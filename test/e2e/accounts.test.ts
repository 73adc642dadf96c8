/**
 * The Accounts and API tokens screens in Chromium: a SECRET clearance one administrator grants
 * waits until a second approves it, and a token made with only the taxii scope reads TAXII and
 * nothing else. The two administrators are bootstrapped at the console, as an operator would.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/server/domain/demo/demo-data';
import { currentTotp } from '../../src/server/domain/auth/totp';
import { launchChromium, signInAs } from './browser';
import { runConcord, startNodeProcess } from './node-process';
import type { Browser } from 'playwright-core';
import type { NodeProcess } from './node-process';

const PASSWORD = 'a long administrator passphrase';
let node: NodeProcess;
let browser: Browser;
const secrets: Record<string, string> = {};

beforeAll(async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-e2e-'));
  expect(runConcord(['demo', 'load', '--data-dir', dataDir]).status).toBe(0);
  for (const username of ['pak.security-admin1', 'pak.security-admin2']) {
    const added = runConcord([
      'user',
      'add',
      '--data-dir',
      dataDir,
      '--username',
      username,
      '--org',
      'PAK Joint Staff Headquarters',
      '--role',
      'node-admin',
      '--clearance',
      'SECRET',
      '--caveat',
      'CT',
      '--password',
      PASSWORD,
    ]);
    expect(added.status).toBe(0);
    secrets[username] = /TOTP secret[^:]*: (\S+)/.exec(added.stdout)?.[1] ?? '';
  }
  node = await startNodeProcess({}, dataDir);
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await node?.stop();
});

const administrator = (username: string) =>
  signInAs(browser, node.url, username, { password: PASSWORD, totp: currentTotp(secrets[username]!, new Date()), language: 'en' });

describe('accounts and tokens in Chromium', () => {
  it('holds a SECRET clearance until a second administrator approves it', async () => {
    const first = await administrator('pak.security-admin1');
    await first.getByRole('link', { name: 'Accounts' }).click();
    const form = first.getByRole('form', { name: 'Add an account' });
    await form.getByLabel('Username').fill('pak.new-analyst');
    await form.getByLabel('Name', { exact: true }).fill('New analyst');
    await form.getByLabel('Clearance').selectOption('SECRET');
    await form.getByRole('checkbox', { name: 'CT' }).check();
    await form.getByLabel('Password (at least 12 characters)').fill('another long passphrase');
    await form.getByRole('button', { name: 'Add an account' }).click();
    await form.getByText('SECRET waits for a second node administrator.').waitFor();
    const pending = first.getByTestId('pending-grants').getByRole('row', { name: /pak\.new-analyst/ });
    await pending.waitFor();
    expect(await pending.getByRole('button', { name: 'Approve' }).isDisabled()).toBe(true);
    await first.context().close();

    const second = await administrator('pak.security-admin2');
    await second.getByRole('link', { name: 'Accounts' }).click();
    const waiting = second.getByTestId('pending-grants').getByRole('row', { name: /pak\.new-analyst/ });
    await waiting.getByRole('button', { name: 'Approve' }).click();
    await second.getByText('Nothing is waiting.').waitFor();
    const clearance = second.getByRole('form', { name: 'Clearance of pak.new-analyst' }).getByLabel('Clearance');
    await expect.poll(() => clearance.inputValue()).toBe('SECRET');
    await second.context().close();
  });

  it('makes a token with only the scopes chosen', async () => {
    const analyst = await signInAs(browser, node.url, 'pak.analyst', { password: DEMO_PASSWORD, language: 'en' });
    await analyst.getByRole('link', { name: 'API tokens' }).click();
    const form = analyst.getByRole('form', { name: 'Make a token' });
    await form.getByLabel('Name').fill('siem');
    await form.getByRole('checkbox', { name: /^read/ }).uncheck();
    await form.getByRole('checkbox', { name: /^taxii/ }).check();
    expect(await form.getByRole('checkbox', { name: /^admin/ }).count()).toBe(0);
    await form.getByRole('button', { name: 'Make a token' }).click();
    const token = await analyst.getByTestId('new-token').inputValue();
    await analyst.getByTestId('tokens').getByRole('cell', { name: 'taxii', exact: true }).waitFor();
    const headers = { authorization: `Bearer ${token}` };
    expect((await fetch(`${node.url}/taxii2/`, { headers: { ...headers, accept: 'application/taxii+json;version=2.1' } })).status).toBe(
      200,
    );
    expect((await fetch(`${node.url}/api/notes`, { headers })).status).toBe(403);
    await analyst.context().close();
  });
});
