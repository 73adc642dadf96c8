/** Release with a second approver, in Chromium, on a node whose rule asks for one beyond the nation. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/server/domain/demo/demo-data';
import { launchChromium, signInAs } from './browser';
import { runConcord, startNodeProcess } from './node-process';
import type { Browser, Page } from 'playwright-core';
import type { NodeProcess } from './node-process';

let node: NodeProcess;
let browser: Browser;
beforeAll(async () => {
  node = await startNodeProcess({ CONCORD_SECOND_APPROVER: 'beyond-nation' });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await node?.stop();
});

const signIn = (username: string): Promise<Page> => signInAs(browser, node.url, username, { password: DEMO_PASSWORD, language: 'en' });

describe('release with a second approver', () => {
  it('waits for a second releasing officer before KAZ can read it', async () => {
    const analyst = await signIn('pak.analyst');
    await analyst.getByRole('link', { name: 'New incident' }).click();
    await analyst.locator('input[name=title]').fill('Drone over the Chaman crossing');
    await analyst.getByTestId('label-picker-label').getByRole('checkbox', { name: /^KAZ/ }).check();
    await analyst.getByRole('button', { name: 'Save draft' }).click();
    await analyst.getByTestId('incident-detail').waitFor();
    const url = analyst.url();
    await analyst.context().close();

    const first = await signIn('pak.releasing-officer');
    await first.goto(url);
    await first.getByRole('button', { name: 'Release under the proposed label' }).click();
    // The confirmation says who will be able to read it.
    await first.getByRole('dialog').getByRole('button', { name: 'Release', exact: true }).click();
    await expect.poll(() => first.getByTestId('pending-release').textContent()).toMatch(/You approved it/);
    expect(await first.getByRole('button', { name: /Approve the release/ }).count()).toBe(0);
    await first.context().close();

    const kaz = await signIn('kaz.analyst');
    await kaz.goto(url);
    await kaz.getByTestId('incident-not-found').waitFor();

    // A second releasing officer of PAK, added for this test.
    await node.stop();
    const orgs = JSON.parse(runConcord(['directory', 'list', '--json', '--data-dir', node.dataDir]).stdout) as {
      organisations: { id: string; name: string }[];
    };
    const intel = orgs.organisations.find((o) => o.name === 'PAK Military Intelligence Directorate')!;
    const added = runConcord([
      'user',
      'add',
      '--username',
      'pak.releasing-officer2',
      '--org',
      intel.id,
      '--role',
      'releasing-officer',
      '--clearance',
      'SECRET',
      '--password',
      DEMO_PASSWORD,
      '--data-dir',
      node.dataDir,
    ]);
    expect(added.status).toBe(0);
    node = await startNodeProcess({ CONCORD_SECOND_APPROVER: 'beyond-nation' }, node.dataDir);
    const second = await signIn('pak.releasing-officer2');
    await second.goto(url.replace(/^http:\/\/[^/]+/, node.url));
    await second.getByRole('button', { name: /Approve the release/ }).click();
    // The confirmation says who will be able to read it.
    await second.getByRole('dialog').getByRole('button', { name: 'Release', exact: true }).click();
    await expect.poll(() => second.getByTestId('marking-banner').first().textContent()).toBe('UNCLASSIFIED//REL TO PAK, KAZ TLP:GREEN');
    await second.context().close();

    const kazAgain = await signIn('kaz.analyst');
    await kazAgain.goto(url.replace(/^http:\/\/[^/]+/, node.url));
    await kazAgain.getByTestId('incident-detail').waitFor();
    await kazAgain.context().close();
    await kaz.context().close();
  });
});
