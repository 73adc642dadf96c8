/**
 * Editing an incident in a browser: an analyst changes its title, narrative, casualties and place,
 * sees the new version and reads in History what changed and that they changed it; an edit made
 * stale by someone else's change is refused with a plain message, keeps what was typed, and can be
 * applied on top of the new version.
 */
import { describe, expect, it } from 'vitest';
import { nodeInChromium } from './chromium-node';

const { url: nodeUrl, signIn } = nodeInChromium();

let url = '';

describe('editing an incident in Chromium', () => {
  it('an analyst edits title, narrative, casualties and place, then reads the diff in History under their name', async () => {
    const page = await signIn('pak.analyst');
    const me = (await (await page.request.get(`${nodeUrl()}/api/session`)).json()) as { user: { displayName: string } };
    await page.getByRole('link', { name: 'New incident' }).click();
    await page.locator('input[name=title]').fill('Smugglers stopped near Ishkashim');
    await page.locator('textarea[name=narrative]').fill('A patrol stopped two vehicles at the bridge.');
    await page.locator('input[name=country]').fill('TJK');
    await page.locator('input[name=lat]').fill('36.73');
    await page.locator('input[name=lon]').fill('71.61');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByTestId('incident-detail').waitFor();
    url = page.url();

    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const form = page.getByTestId('incident-edit');
    expect(await form.getByLabel('Occurred at (UTC)').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(await form.getByTestId('occurred-local').textContent()).toMatch(/^Your local time: /);
    await form.getByLabel('Title').fill('Smugglers and weapons stopped near Ishkashim');
    await form.getByLabel('Narrative').fill('A border patrol stopped two vehicles at the bridge after dark.');
    await form.getByLabel('Killed: how known').selectOption('value');
    await form.locator('input[name=killed]').fill('2');
    await form.getByLabel('Province or region', { exact: true }).fill('Gorno-Badakhshan');
    await form.getByLabel('Place', { exact: true }).fill('Ishkashim bridge');
    await form.getByRole('button', { name: 'Save changes' }).click();

    await expect.poll(() => page.getByTestId('edit-notice').textContent()).toBe('Saved as version 2.');
    expect(await page.getByTestId('incident-detail').getByRole('heading', { level: 1 }).textContent()).toBe(
      'Smugglers and weapons stopped near Ishkashim',
    );
    expect(await page.getByTestId('killed').textContent()).toBe('2');

    const history = page.getByTestId('incident-history');
    await expect.poll(() => history.locator('tr[data-version]').count()).toBe(2);
    expect(await history.locator('tr[data-version="2"] [data-testid=changed-by]').textContent()).toBe(me.user.displayName);
    await history.getByText('What changed from version 1 to 2').click();
    const diff = page.getByTestId('diff-2');
    expect(await diff.locator('dt').allTextContents()).toEqual(['Title', 'Narrative', 'Province or region', 'Place name', 'Killed']);
    expect((await diff.locator('[data-field=title] ins').allTextContents()).map((w) => w.trim())).toEqual(['and weapons']);
    expect((await diff.locator('[data-field=narrative] ins').allTextContents()).join('|')).toMatch(/border.*after dark/);
    expect(await diff.locator('[data-field="casualties.killed"] dd').textContent()).toBe('unknown → 2');
    await page.context().close();
  });

  it('an edit that changes nothing makes no version and says so', async () => {
    const page = await signIn('pak.analyst');
    await page.goto(url);
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    await page.getByTestId('incident-edit').getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.getByTestId('edit-notice').textContent()).toMatch(/^Nothing changed/);
    expect(await page.getByTestId('incident-history').locator('tr[data-version]').count()).toBe(2);
    await page.context().close();
  });

  it('a stale edit is refused plainly, keeps what was typed, and can be applied to the new version', async () => {
    const analyst = await signIn('pak.analyst');
    await analyst.goto(url);
    await analyst.getByRole('button', { name: 'Edit', exact: true }).click();
    const form = analyst.getByTestId('incident-edit');
    const typed = 'A border patrol stopped two vehicles at the bridge after dark. Both drivers were detained.';
    await form.getByLabel('Narrative').fill(typed);

    // Meanwhile a colleague changes the title through the API.
    const colleague = await signIn('pak.releasing-officer');
    const { csrfToken } = (await (await colleague.request.get(`${nodeUrl()}/api/session`)).json()) as { csrfToken: string };
    const id = url.split('/').pop() as string;
    const changed = await colleague.request.patch(`${nodeUrl()}/api/incidents/${id}`, {
      headers: { 'x-csrf-token': csrfToken, 'if-match': '"2"' },
      data: { title: 'Smugglers with rifles stopped near Ishkashim' },
    });
    expect(changed.status()).toBe(200);
    await colleague.context().close();

    await form.getByRole('button', { name: 'Save changes' }).click();
    const conflict = analyst.getByTestId('edit-conflict');
    await expect
      .poll(() => conflict.locator('p').first().textContent())
      .toBe(
        'Someone else changed this incident while you were editing it; it is now at version 3. Nothing of yours was saved, and what you typed is still in the form.',
      );
    expect(await form.getByLabel('Narrative').inputValue()).toBe(typed);
    expect(await analyst.getByTestId('conflict-diff').locator('dt').allTextContents()).toEqual(['Title']);
    expect((await analyst.getByTestId('conflict-diff').locator('[data-field=title] ins').allTextContents()).map((w) => w.trim())).toEqual([
      'with rifles',
    ]);

    await conflict.getByRole('button', { name: 'Apply my changes to version 3' }).click();
    expect(await form.getByLabel('Narrative').inputValue()).toBe(typed);
    expect(await form.getByLabel('Title').inputValue()).toBe('Smugglers with rifles stopped near Ishkashim');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => analyst.getByTestId('edit-notice').textContent()).toBe('Saved as version 4.');
    expect(await analyst.getByTestId('incident-detail').getByRole('heading', { level: 1 }).textContent()).toBe(
      'Smugglers with rifles stopped near Ishkashim',
    );
    expect(await analyst.locator('.incident > .body').textContent()).toBe(typed);
    await analyst.context().close();
  });

  it('edits sources under their own label, and shows what the API refuses next to the field it names', async () => {
    const page = await signIn('pak.analyst');
    const { csrfToken } = (await (await page.request.get(`${nodeUrl()}/api/session`)).json()) as { csrfToken: string };
    const label = { classification: 'RESTRICTED', relTo: [], caveats: [], tlp: 'GREEN', recipients: { orgs: [], users: [] } };
    const created = await page.request.post(`${nodeUrl()}/api/incidents`, {
      headers: { 'x-csrf-token': csrfToken },
      data: {
        domain: 'border-incident',
        subtype: 'illegal-crossing',
        title: 'Night crossing at Sost',
        occurredAt: '2026-11-30T21:00:00Z',
        timePrecision: 'exact',
        place: { country: 'PAK', name: 'Sost', precision: 'near' },
        label,
        sources: {
          items: [{ description: 'Border post log', reliability: 'C', credibility: 3 }],
          label: { ...label, classification: 'CONFIDENTIAL' },
        },
      },
    });
    expect(created.status()).toBe(201);
    await page.goto(`${nodeUrl()}/incidents/${((await created.json()) as { id: string }).id}`);
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const form = page.getByTestId('incident-edit');
    expect(await form.getByLabel('Occurred at (UTC)').inputValue()).toBe('2026-11-30 21:00');
    const sources = form.getByTestId('edit-sources');
    expect(await sources.getByTestId('marking-banner').textContent()).toBe('CONFIDENTIAL//REL TO PAK TLP:GREEN');
    await sources.getByLabel('Source 1: reliability').selectOption('B');
    await sources.getByRole('button', { name: 'Add a source' }).click();
    await sources.getByLabel('Source 2', { exact: true }).fill('Liaison officer at Khunjerab');

    // More than a day ahead: the API refuses it, and says so beside the time.
    await form.getByLabel('Occurred at (UTC)').fill('2099-01-01 00:00');
    await form.getByRole('button', { name: 'Save changes' }).click();
    const timeError = form.locator('#edit-occurredAt-error');
    await expect.poll(() => timeError.textContent()).toMatch(/at most a day ahead/);
    expect(await form.getByLabel('Occurred at (UTC)').getAttribute('aria-invalid')).toBe('true');
    expect(await sources.getByLabel('Source 2', { exact: true }).inputValue()).toBe('Liaison officer at Khunjerab');

    await form.getByLabel('Occurred at (UTC)').fill('2026-11-30 22:30');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.getByTestId('edit-notice').textContent()).toBe('Saved as version 2.');
    // Each source with its admiralty code (and the code's meaning beside it).
    expect((await page.locator('.sources li').allTextContents()).map((text) => text.replace(/\s+/g, ' '))).toEqual([
      expect.stringMatching(/^Border post log.*B3/),
      expect.stringMatching(/^Liaison officer at Khunjerab.*F6/),
    ]);
    expect(await page.locator('.facts time').textContent()).toBe('2026-11-30 22:30 UTC');
    await page.context().close();
  });
});
