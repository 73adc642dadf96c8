/**
 * The newcomer's path, in a real browser against a real node process: sign in as each demo role,
 * create a labelled note as a PAK analyst released to KAZ, read it as KAZ, get the plain 404 as
 * TJK, then find the write and the refused read in `concord audit list` while `audit verify` passes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../src/shared/vocab/roles';
import { currentTotp } from '../../src/server/domain/auth/totp';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../src/server/domain/demo/demo-data';
import { launchChromium, signInAs } from './browser';
import { runConcord, startNodeProcess } from './node-process';
import type { Browser, Page } from 'playwright-core';
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

const signIn = (username: string, totp?: string): Promise<Page> =>
  signInAs(browser, node.url, username, { password: DEMO_PASSWORD, ...(totp ? { totp } : {}) });

let noteId = '';

describe('a newcomer in Chromium', () => {
  it('signs in as each demo role and sees who they are', async () => {
    for (const role of ROLES) {
      const username = `pak.${role}`;
      const page = await signIn(username, role === 'node-admin' ? currentTotp(DEMO_TOTP_SECRET, new Date()) : undefined);
      await expect.poll(() => page.getByTestId('identity-user').textContent()).toContain(username);
      expect(await page.getByTestId('identity-nation').textContent()).toBe('PAK');
      expect(await page.getByTestId('identity-org').textContent()).toMatch(/^PAK /);
      expect((await page.getByTestId('identity-roles').textContent())?.length).toBeGreaterThan(0);
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      await page.context().close();
    }
  });

  it('creates a note as a PAK analyst released to KAZ, showing the marking first', async () => {
    const page = await signIn('pak.analyst');
    await page.getByRole('link', { name: 'New note' }).click();
    await page.getByLabel('Title').fill('Convoy sighted at the crossing');
    await page.getByLabel('Text').fill('Three trucks, no markings.');
    await page.getByTestId('label-picker-label').getByLabel('Classification').selectOption('RESTRICTED');
    await page.getByTestId('label-picker-label').getByRole('checkbox', { name: /^KAZ/ }).check();
    await expect.poll(() => page.getByTestId('marking-preview-label').textContent()).toBe('RESTRICTED//REL TO PAK, KAZ TLP:GREEN');
    await page.getByRole('button', { name: 'Create note' }).click();
    await page.getByTestId('note-detail').waitFor();
    noteId = page.url().split('/notes/')[1] ?? '';
    expect(noteId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await page.getByTestId('marking-banner').first().textContent()).toBe('RESTRICTED//REL TO PAK, KAZ TLP:GREEN');
    await page.context().close();
  });

  it('shows a user their own language (KAZ demo accounts use Russian)', async () => {
    const page = await signIn('kaz.analyst');
    await page.getByRole('button', { name: 'Выйти' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ru');
    await page.context().close();
  });

  it('lets a KAZ user read it', async () => {
    const page = await signIn('kaz.viewer');
    await page.goto(`${node.url}/notes/${noteId}`);
    await page.getByRole('heading', { name: 'Convoy sighted at the crossing' }).waitFor();
    await page.goto(`${node.url}/notes`);
    await page.getByRole('link', { name: 'Convoy sighted at the crossing' }).waitFor();
    await page.context().close();
  });

  it('gives a TJK user the same 404 as a record that does not exist', async () => {
    const page = await signIn('tjk.viewer');
    await page.goto(`${node.url}/notes/${noteId}`);
    await page.getByTestId('note-not-found').waitFor();
    const answers = await page.evaluate(async (id) => {
      const read = async (u: string) => {
        const r = await fetch(u);
        return `${r.status} ${await r.text()}`;
      };
      return { hidden: await read(`/api/notes/${id}`), missing: await read('/api/notes/00000000-0000-4000-8000-000000000000') };
    }, noteId);
    expect(answers.hidden).toBe(answers.missing);
    expect(answers.hidden).toMatch(/^404 /);
    await page.goto(`${node.url}/notes`);
    await page.getByTestId('identity').waitFor();
    await page.waitForLoadState('networkidle');
    expect(await page.getByText('Convoy sighted at the crossing').count()).toBe(0);
    await page.context().close();
  });

  it('lays Urdu out right to left', async () => {
    const page = await signIn('pak.viewer');
    await page.getByLabel('Language').selectOption('ur');
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await page.getByRole('button', { name: 'سائن آؤٹ' }).count()).toBe(1);
    await page.context().close();
  });

  it('shows the write and the refused read in `concord audit list`, and `audit verify` passes', async () => {
    await node.stop();
    const list = runConcord(['audit', 'list', '--limit', '1000', '--data-dir', node.dataDir]);
    expect(list.status).toBe(0);
    const lines = list.stdout.split('\n');
    expect(lines.some((l) => /ok\s+pak\.analyst\s+note\.create note:/.test(l) && l.includes(noteId))).toBe(true);
    expect(lines.some((l) => /denied\s+tjk\.viewer\s+note\.read note:/.test(l) && l.includes(noteId))).toBe(true);
    const verify = runConcord(['audit', 'verify', '--data-dir', node.dataDir]);
    expect(verify.stderr).toBe('');
    expect(verify.status).toBe(0);
    expect(verify.stdout).toMatch(/audit log intact/);
  });
});
