/**
 * Peering in Chromium across two node processes (PAK and KAZ, each with its own database): the
 * node administrators exchange invites on the Federation screen; a check from PAK reaches KAZ with
 * a signed node token and both screens show the contact. Then a PAK incident released to KAZ
 * appears on KAZ's node; PAK's releasing officer recalls it from its page and watches KAZ's receipt
 * arrive; KAZ no longer has it.
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
    nodes[nation] = await startNodeProcess(
      { CONCORD_NATION: nation, CONCORD_PUBLIC_URL: `http://127.0.0.1:${port}`, CONCORD_DEMO_INCIDENTS: '0', CONCORD_PULL_SECONDS: '1' },
      undefined,
      port,
    );
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

  it('replicates a released incident to KAZ, and recalls it with KAZ’s receipt shown on PAK', async () => {
    const releaser = await signInAs(browser, nodes.PAK.url, 'pak.releasing-officer', { password: DEMO_PASSWORD, language: 'en' });
    const { csrfToken } = (await (await releaser.request.get(`${nodes.PAK.url}/api/session`)).json()) as { csrfToken: string };
    const headers = { 'x-csrf-token': csrfToken };
    const created = await releaser.request.post(`${nodes.PAK.url}/api/incidents`, {
      headers,
      data: {
        domain: 'border-incident',
        subtype: 'illegal-crossing',
        title: 'Crossing reported to KAZ',
        occurredAt: '2026-11-20T02:30:00Z',
        timePrecision: 'day',
        place: { country: 'PAK', precision: 'country' },
        label: { classification: 'UNCLASSIFIED', relTo: ['KAZ'], caveats: [], tlp: 'GREEN', recipients: { orgs: [], users: [] } },
      },
    });
    expect(created.status()).toBe(201);
    const id = ((await created.json()) as { id: string }).id;
    expect((await releaser.request.post(`${nodes.PAK.url}/api/incidents/${id}/release`, { headers, data: {} })).status()).toBe(200);

    const analyst = await signInAs(browser, nodes.KAZ.url, 'kaz.analyst', { password: DEMO_PASSWORD, language: 'en' });
    await expect
      .poll(
        async () => {
          await analyst.goto(`${nodes.KAZ.url}/incidents/${id}`);
          return analyst.getByRole('heading', { name: 'Crossing reported to KAZ' }).count();
        },
        { timeout: 30_000 },
      )
      .toBe(1);

    await releaser.goto(`${nodes.PAK.url}/incidents/${id}`);
    releaser.on('dialog', (dialog) => void dialog.accept());
    await releaser.getByLabel('Reason for the recall').fill('Reported in error');
    await releaser.getByRole('button', { name: 'Recall everywhere' }).click();
    const status = releaser.getByTestId('recall-status');
    await status.waitFor();
    await expect.poll(() => status.locator('tr[data-status]').first().getAttribute('data-status'), { timeout: 30_000 }).toBe('applied');
    expect(await status.textContent()).toContain('KAZ');

    await analyst.goto(`${nodes.KAZ.url}/incidents/${id}`);
    await analyst.getByText('No incident with this id', { exact: false }).waitFor();

    const kazAdmin = await admin('KAZ');
    const health = kazAdmin.getByTestId('health-PAK');
    await expect.poll(() => health.textContent(), { timeout: 15_000 }).toMatch(/reachable/);
    expect(await health.textContent()).toMatch(/[1-9]\d* in/);
  }, 180_000);
});
