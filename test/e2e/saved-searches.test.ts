/**
 * A saved search in a browser: a KAZ analyst saves a filtered list; a PAK releasing officer
 * releases a matching incident to KAZ; the analyst is notified and opens the search's new match.
 */
import { describe, expect, it } from 'vitest';
import { nodeInChromium } from './chromium-node';
import type { Page } from 'playwright-core';

const { signIn } = nodeInChromium();

/** A JSON API call from the signed-in page (session cookie and CSRF header, as the app sends them). */
async function api(page: Page, method: string, url: string, body?: unknown): Promise<{ status: number; json: { id?: string } }> {
  return page.evaluate(
    async ({ method, url, body }) => {
      const session = (await (await fetch('/api/session')).json()) as { csrfToken: string };
      const response = await fetch(url, {
        method,
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
        body: JSON.stringify(body),
      });
      return { status: response.status, json: (await response.json()) as { id?: string } };
    },
    { method, url, body },
  );
}

const TITLE = 'Heroin seized in a fuel tanker at Termez';

describe('saved searches in Chromium', () => {
  it('notify the owner of a new match they may read, and open it', async () => {
    const kaz = await signIn('kaz.analyst');
    await kaz.locator('input[name=q]').fill('Termez tanker');
    await kaz.locator('select[name=domain]').selectOption('narcotics');
    await kaz.getByRole('button', { name: 'Apply' }).click();
    await kaz.locator('input[name=search-name]').fill('Termez narcotics');
    await kaz.getByRole('button', { name: 'Save this search' }).click();
    await kaz.getByTestId('search-saved').waitFor();

    const releaser = await signIn('pak.releasing-officer');
    const created = await api(releaser, 'POST', '/api/incidents', {
      domain: 'narcotics',
      subtype: 'seizure',
      title: TITLE,
      occurredAt: new Date().toISOString(),
      timePrecision: 'day',
      place: { country: 'UZB', name: 'Termez', point: { lat: 37.22, lon: 67.28 }, precision: 'near' },
      label: { classification: 'UNCLASSIFIED', relTo: ['KAZ'], caveats: [], tlp: 'GREEN', recipients: { orgs: [], users: [] } },
    });
    expect(created.status).toBe(201);
    expect((await api(releaser, 'POST', `/api/incidents/${created.json.id}/release`, {})).status).toBe(200);
    await releaser.context().close();

    // The node checks saved searches every 10 seconds.
    await expect
      .poll(async () => kaz.evaluate(async () => ((await (await fetch('/api/notifications')).json()) as { unread: number }).unread), {
        timeout: 30_000,
        interval: 1_000,
      })
      .toBe(1);
    await kaz.reload();
    await kaz.getByTestId('unread-count').waitFor();
    await kaz.getByRole('link', { name: /Saved searches/ }).click();
    await kaz.getByTestId('notifications').getByRole('link', { name: '1 new incident matches “Termez narcotics”' }).click();
    await kaz.getByRole('link', { name: TITLE }).waitFor();
    expect(kaz.url()).toContain('q=Termez+tanker');
    await kaz.context().close();
  });
});
