/**
 * Peering in Chromium across two node processes (PAK and KAZ, each with its own database): the
 * node administrators exchange invites on the Federation screen; a check from PAK reaches KAZ with
 * a signed node token and both screens show the contact.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotp } from '../../src/server/domain/auth/totp';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../src/server/domain/demo/demo-data';
import { launchChromium, signInAs } from './browser';
import { freePort, startNodeProcess } from './node-process';
import type { Browser, Page } from 'playwright-core';
import type { NodeProcess } from './node-process';

const nodes: Record<'PAK' | 'KAZ', NodeProcess> = {} as never;
let browser: Browser;

beforeAll(async () => {
  for (const nation of ['PAK', 'KAZ'] as const) {
    const port = await freePort();
    nodes[nation] = await startNodeProcess({ CONCORD_NATION: nation, CONCORD_PUBLIC_URL: `http://127.0.0.1:${port}` }, undefined, port);
  }
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  for (const node of Object.values(nodes)) await node?.stop();
});

async function admin(nation: 'PAK' | 'KAZ'): Promise<Page> {
  const page = await signInAs(browser, nodes[nation].url, `${nation.toLowerCase()}.node-admin`, {
    password: DEMO_PASSWORD,
    totp: currentTotp(DEMO_TOTP_SECRET, new Date()),
    language: 'en',
  });
  await page.getByRole('link', { name: 'Federation' }).click();
  await page.getByTestId('own-invite').waitFor();
  return page;
}

describe('federation in Chromium', () => {
  it('pins two nodes to each other from their invites and checks the link with a signed node token', async () => {
    const pak = await admin('PAK');
    const kaz = await admin('KAZ');
    await pak.getByText('No partner nodes yet.', { exact: false }).waitFor();
    const pakInvite = await pak.getByTestId('own-invite').inputValue();
    const kazInvite = await kaz.getByTestId('own-invite').inputValue();

    await kaz.locator('textarea[name=invite]').fill(pakInvite);
    await kaz.getByRole('button', { name: 'Add the partner node' }).click();
    await kaz.getByTestId('peers').getByRole('cell', { name: 'PAK', exact: true }).waitFor();

    await pak.locator('textarea[name=invite]').fill(kazInvite.slice(0, -4) + 'AAAA');
    await pak.getByRole('button', { name: 'Add the partner node' }).click();
    await pak.getByText('altered', { exact: false }).waitFor();
    await pak.locator('textarea[name=invite]').fill(kazInvite);
    await pak.getByRole('button', { name: 'Add the partner node' }).click();
    const row = pak.getByTestId('peers').getByRole('row', { name: /KAZ/ });
    await row.waitFor();
    expect(await row.textContent()).toContain(nodes.KAZ.url);
    expect(await row.textContent()).toContain('never');

    await row.getByRole('button', { name: 'Check' }).click();
    await expect.poll(() => row.textContent()).not.toContain('never');
    expect(await row.textContent()).not.toContain('failed');
    // KAZ saw the verified call.
    await kaz.reload();
    const atKaz = kaz.getByTestId('peers').getByRole('row', { name: /PAK/ });
    await expect.poll(() => atKaz.textContent()).not.toContain('never');
  }, 120_000);
});
