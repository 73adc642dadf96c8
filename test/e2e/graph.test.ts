/**
 * The link graph in a browser: an analyst opens it from an incident, sees the incident's linked
 * actor and indicator (on the canvas and in the list beside it), and expands the actor to bring in
 * the other incident linked to it.
 */
import { describe, expect, it } from 'vitest';
import { nodeInChromium } from './chromium-node';

const { url, signIn } = nodeInChromium();

const incident = (title: string) => ({
  domain: 'cyber',
  subtype: 'phishing-campaign',
  title,
  occurredAt: '2026-10-01T00:00:00Z',
  timePrecision: 'day',
  place: { country: 'PAK', point: { lat: 33.7, lon: 73.1 }, precision: 'near' },
  label: { classification: 'UNCLASSIFIED', relTo: [], caveats: [], tlp: 'GREEN', recipients: { orgs: [], users: [] } },
});

describe('the link graph in Chromium', () => {
  it('opens from an incident, shows its linked actor and indicator, and expands a node', async () => {
    const page = await signIn('pak.analyst');
    const { csrfToken } = (await (await page.request.get(`${url()}/api/session`)).json()) as { csrfToken: string };
    const created = async (path: string, body: object) => {
      const response = await page.request.post(`${url()}${path}`, { data: body, headers: { 'x-csrf-token': csrfToken } });
      expect(response.status(), await response.text()).toBe(201);
      return ((await response.json()) as { id: string }).id;
    };
    const label = incident('x').label;
    const actor = await created('/api/actors', { kind: 'criminal-network', name: 'Graph Route Network', label });
    const indicator = await created('/api/indicators', { type: 'domain', value: 'graph-drop.example-ops.net', label });
    const first = await created('/api/incidents', incident('Graph wave one'));
    const second = await created('/api/incidents', incident('Graph wave two'));
    for (const [id, links] of [
      [first, { actors: [actor], indicators: [indicator] }],
      [second, { actors: [actor] }],
    ] as const) {
      const linked = await page.request.put(`${url()}/api/incidents/${id}/links`, {
        data: links,
        headers: { 'x-csrf-token': csrfToken, 'if-match': '"1"' },
      });
      expect(linked.status(), await linked.text()).toBe(200);
    }

    await page.goto(`${url()}/incidents/${first}`);
    await page.getByTestId('incident-detail').waitFor();
    await page.getByRole('link', { name: 'Open in link graph' }).click();
    const list = page.getByTestId('graph-node-list');
    await expect.poll(() => list.locator('li').count()).toBe(3);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Link graph: Graph wave one');
    expect((await list.locator('li[data-kind=actor]').textContent()) ?? '').toContain('Graph Route Network');
    expect((await list.locator('li[data-kind=indicator]').textContent()) ?? '').toContain('graph-drop.example-ops.net');
    expect(await list.locator('li[data-kind=incident]').count()).toBe(1);
    // Cytoscape drew the graph on its canvas; the legend names each kind.
    expect(await page.getByTestId('graph-canvas').locator('canvas').count()).toBeGreaterThan(0);
    expect(await page.getByRole('list', { name: 'Legend' }).locator('li').allTextContents()).toEqual(['Incident', 'Actor', 'Indicator']);

    // Expanding the actor from the keyboard brings in the other incident linked to it.
    await page.getByRole('button', { name: 'Expand Graph Route Network' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => list.locator('li[data-kind=incident]').count()).toBe(2);
    expect(await list.locator('li[data-kind=incident]').allTextContents()).toEqual([
      expect.stringContaining('Graph wave one'),
      expect.stringContaining('Graph wave two'),
    ]);
    expect(await page.getByRole('button', { name: 'Expanded Graph Route Network' }).isDisabled()).toBe(true);

    // On a phone the list goes under the canvas and nothing scrolls sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // Each node opens its record.
    await list.getByRole('link', { name: 'Graph wave two' }).click();
    await page.getByTestId('incident-detail').waitFor();
    expect(page.url()).toBe(`${url()}/incidents/${second}`);
    await page.context().close();
  });
});
