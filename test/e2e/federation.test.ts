/**
 * Peering in Chromium across two node processes (PAK and KAZ, each with its own database): the
 * node administrators exchange invites on the Federation screen; a check from PAK reaches KAZ with
 * a signed node token and both screens show the contact. Then a PAK incident released to KAZ
 * appears on KAZ's node; PAK's releasing officer recalls it from its page and watches KAZ's receipt
 * arrive; KAZ no longer has it. PAK's crisis room with KAZ is written in on KAZ's node and read on
 * PAK's. Last, KAZ's releasing officer subscribes KAZ's node to another
 * TAXII 2.1 server's collection on the TAXII feeds screen and polls it.
 */
import http from 'node:http';
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
      {
        CONCORD_NATION: nation,
        CONCORD_PUBLIC_URL: `http://127.0.0.1:${port}`,
        CONCORD_DEMO_INCIDENTS: '0',
        CONCORD_PULL_SECONDS: '1',
        CONCORD_OUTBOUND_ALLOW: 'loopback',
      },
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

/** One sign-in per administrator: a TOTP code is accepted once, and two sign-ins may fall within one 30-second step. */
const adminPages: Partial<Record<'PAK' | 'KAZ', Page>> = {};

async function admin(nation: 'PAK' | 'KAZ'): Promise<Page> {
  const page = (adminPages[nation] ??= await signInAs(browser, nodes[nation].url, `${nation.toLowerCase()}.node-admin`, {
    password: DEMO_PASSWORD,
    totp: currentTotp(DEMO_TOTP_SECRET, new Date()),
    language: 'en',
  }));
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
          const heading = analyst.getByRole('heading', { name: 'Crossing reported to KAZ' });
          // Count once the page has its answer (the incident, or "no incident"), not while it loads.
          await heading.or(analyst.locator('#main div.error')).first().waitFor();
          return heading.count();
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

  it('runs PAK’s crisis room with KAZ across the nodes: KAZ writes on its own node, PAK reads it live', async () => {
    const pak = await signInAs(browser, nodes.PAK.url, 'pak.duty-officer', { password: DEMO_PASSWORD, language: 'en' });
    const { csrfToken } = (await (await pak.request.get(`${nodes.PAK.url}/api/session`)).json()) as { csrfToken: string };
    const declared = await pak.request.post(`${nodes.PAK.url}/api/crises`, {
      headers: { 'x-csrf-token': csrfToken },
      data: {
        title: 'Landslide on the border road',
        label: { classification: 'UNCLASSIFIED', relTo: ['KAZ'], caveats: [], tlp: 'GREEN', recipients: { orgs: [], users: [] } },
      },
    });
    expect(declared.status()).toBe(201);
    const roomPath = `/crises/${((await declared.json()) as { id: string }).id}`;

    const kaz = await signInAs(browser, nodes.KAZ.url, 'kaz.duty-officer', { password: DEMO_PASSWORD, language: 'en' });
    await expect
      .poll(
        async () => {
          await kaz.goto(`${nodes.KAZ.url}${roomPath}`);
          const heading = kaz.getByRole('heading', { name: 'Landslide on the border road' });
          await heading.or(kaz.locator('#main div.error')).first().waitFor();
          return heading.count();
        },
        { timeout: 30_000 },
      )
      .toBe(1);
    await kaz.getByText(/Run on PAK.s own node/).waitFor();
    expect(await kaz.getByRole('button', { name: 'Close the crisis' }).count()).toBe(0);
    const form = kaz.locator('form.entry-composer');
    await form.locator('select[name=kind]').selectOption('log');
    await form.locator('textarea[name=text]').fill('KAZ engineers on their way from the north.');
    await form.getByRole('button', { name: 'Add to the log' }).click();
    await kaz.getByTestId('entry-log').waitFor();

    await pak.goto(`${nodes.PAK.url}${roomPath}`);
    await expect.poll(() => pak.getByTestId('entry-log').textContent(), { timeout: 30_000 }).toContain('KAZ engineers on their way');
  }, 120_000);

  it('subscribes to another TAXII 2.1 server’s collection: released under the chosen label, the rest reported', async () => {
    const objects = [
      {
        type: 'indicator',
        spec_version: '2.1',
        id: 'indicator--6f3e2a10-1b2c-4d5e-8f90-0a1b2c3d4e5f',
        created: '2026-11-20T10:00:00.000Z',
        modified: '2026-11-20T10:00:00.000Z',
        pattern: "[ipv4-addr:value = '203.0.113.50']",
        pattern_type: 'stix',
        valid_from: '2026-11-20T10:00:00.000Z',
        object_marking_refs: ['marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb'],
      },
      { type: 'malware', spec_version: '2.1', id: 'malware--0d5c4b3a-2f1e-4a9b-8c7d-6e5f4a3b2c1d', name: 'Loader', is_family: true },
    ];
    // Like any TAXII server, it answers a reader who has seen everything (`added_after` at the last
    // addition) with nothing new: the node's scheduled poll and "Poll now" may both run.
    const addedLast = '2026-11-21T00:00:00.000Z';
    const server = http.createServer((req, res) => {
      const seen = new URL(req.url ?? '/', 'http://feed').searchParams.get('added_after');
      res.writeHead(200, { 'content-type': 'application/taxii+json;version=2.1', 'x-taxii-date-added-last': addedLast });
      const envelope = seen !== null && seen >= addedLast ? { more: false } : { more: false, objects };
      res.end(JSON.stringify(req.url?.includes('/objects/') ? envelope : { id: 'threats', title: 'Threats', can_read: true }));
    });
    const port = await freePort();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    try {
      const officer = await signInAs(browser, nodes.KAZ.url, 'kaz.releasing-officer', { password: DEMO_PASSWORD, language: 'en' });
      await officer.getByRole('link', { name: 'TAXII feeds' }).click();
      await officer.getByText('No feeds yet.', { exact: false }).waitFor();
      const form = officer.getByRole('form', { name: 'Subscribe to a collection' });
      await form.getByLabel('Name', { exact: true }).fill('Regional threat feed');
      await form.getByLabel('API root').fill(`http://127.0.0.1:${port}/api1/`);
      await form.getByLabel('Collection id').fill('threats');
      await form.getByLabel('Credential').selectOption('none');
      await form.getByRole('button', { name: 'Subscribe to a collection' }).click();
      const feed = officer.getByTestId('feed-Regional threat feed');
      await feed.waitFor();
      await feed.getByRole('button', { name: 'Poll now' }).click();
      await expect.poll(() => feed.getByTestId('feed-imported').textContent(), { timeout: 15_000 }).toBe('1');
      expect(await feed.getByTestId('feed-unmapped').textContent()).toBe('1');
      await feed.getByRole('button', { name: 'Report' }).click();
      await expect.poll(() => feed.getByTestId('unmapped').textContent()).toContain('malware objects are not mapped');

      const analyst = await signInAs(browser, nodes.KAZ.url, 'kaz.analyst', { password: DEMO_PASSWORD, language: 'en' });
      // A record of the officer's organisation under an id of its own (not the producer's STIX id).
      await analyst.goto(`${nodes.KAZ.url}/indicators`);
      await analyst.getByText('203.0.113.50').first().waitFor();
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  }, 120_000);
});
