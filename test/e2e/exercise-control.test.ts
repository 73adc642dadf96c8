/**
 * Running an exercise in Chromium. PAK's exercise planner, the exercise's controller, writes two
 * injects in the control panel's form — a crisis room, and a flash alert to KAZ's duty desk that
 * expects an acknowledgement within 15 minutes — sees an inject after ENDEX refused by its field,
 * starts the exercise; the node fires both by itself; KAZ's duty officer acknowledges the EXERCISE
 * alert from the alert banner; the controller's panel scores the expectation met. KAZ's planner
 * sees the exercise running and its picture, never the MSEL. The metrics page then shows how fast
 * KAZ answered, on the exercise's page and as a trend with the demo's past exercises, and its CSV.
 */
import fs from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { apiAs } from './api-as';
import { nodeInChromium } from './chromium-node';
import type { Page } from 'playwright-core';

const { signIn, url } = nodeInChromium();
const DAY = 86_400_000;
const SLOW = { timeout: 45_000 };
const TITLE = 'Khyber Relay';
const ALERT = 'Convoy ambushed near Torkham';

/** Reloads until `check` holds (the panel refreshes by itself too, every 30 s). */
async function reloadUntil(page: Page, check: () => Promise<boolean>) {
  await expect
    .poll(async () => {
      if (await check()) return true;
      await page.reload();
      return check();
    }, SLOW)
    .toBe(true);
}

describe('an exercise run from its control panel, in Chromium', () => {
  let exerciseId = '';

  it('takes injects from the form, refuses one after ENDEX by its field, starts, fires them, and scores KAZ’s acknowledgement', async () => {
    // The plan, approved, through the API (planning in the browser is training.test.ts's).
    const pakApi = await apiAs(url(), 'pak.exercise-planner');
    const now = Date.now();
    const planned = await pakApi('POST', '/api/exercises', {
      title: TITLE,
      kind: 'command-post',
      venue: { online: true },
      timeZone: 'Asia/Karachi',
      startsAt: new Date(now + 3 * DAY).toISOString(),
      endsAt: new Date(now + 4 * DAY).toISOString(),
      participants: ['KAZ', 'UZB'],
      objectives: [{ text: 'Acknowledge a cross-border alert within 15 minutes.' }],
      label: { classification: 'UNCLASSIFIED', relTo: ['KAZ', 'UZB'], caveats: [], tlp: 'GREEN', recipients: { orgs: [], users: [] } },
    });
    expect(planned.status).toBe(201);
    exerciseId = planned.body.id as string;
    for (const status of ['planning', 'approved'])
      expect((await pakApi('POST', `/api/exercises/${exerciseId}/status`, { status })).status).toBe(200);

    const pak = await signIn('pak.exercise-planner');
    await pak.goto(`${url()}/exercises/${exerciseId}`);
    await pak.getByRole('heading', { name: TITLE, level: 1 }).waitFor(SLOW);
    await pak.getByRole('link', { name: 'Control panel' }).click();
    await pak.getByTestId('msel-empty').waitFor(SLOW);
    expect(await pak.getByTestId('exercise-marking').textContent()).toContain('EXERCISE');
    const form = pak.getByTestId('inject-form');

    // The crisis room, at STARTEX.
    await form.locator('input[name=inject-title]').fill('Joint room opens');
    await form.locator('input[name=inject-hours]').fill('0');
    await form.locator('input[name=inject-minutes]').fill('0');
    await form.locator('select[name=inject-kind]').selectOption('crisis');
    await form.locator('input[name=crisis-title]').fill('Torkham convoy');
    await form.getByRole('group', { name: 'Releasable to — Nations' }).getByRole('checkbox', { name: /^KAZ / }).check();
    await form.getByRole('button', { name: 'Add the inject' }).click();
    await pak.getByText('“Joint room opens” is in the MSEL.').waitFor(SLOW);

    // The alert to KAZ's desk, first asked after ENDEX: refused by its field, and what was typed stays.
    await form.locator('input[name=inject-title]').fill('Convoy ambushed');
    await form.locator('input[name=inject-hours]').fill('30');
    await form.locator('input[name=inject-minutes]').fill('0');
    await form.locator('select[name=inject-kind]').selectOption('alert');
    await form.locator('select[name=alert-severity]').selectOption('flash');
    await form.locator('input[name=alert-summary]').fill(ALERT);
    await form.getByRole('checkbox', { name: 'KAZ national duty desk (KAZ)' }).check();
    await form.getByRole('button', { name: 'Add an expectation' }).click();
    const expectation = form.getByRole('group', { name: 'Expectation 1' });
    await expectation.locator('select[name=expectation-0-kind]').selectOption('acknowledge');
    await expectation.locator('select[name=expectation-0-desk]').selectOption({ label: 'KAZ national duty desk (KAZ)' });
    await expectation.locator('input[name=expectation-0-within]').fill('15');
    await expectation.locator('select[name=expectation-0-objective]').selectOption({ index: 1 });
    await form.getByRole('button', { name: 'Add the inject' }).click();
    const hours = form.locator('input[name=inject-hours]');
    await expect.poll(() => hours.getAttribute('aria-invalid'), SLOW).toBe('true');
    const message = await Promise.all(
      (await hours.getAttribute('aria-describedby'))!.split(' ').map((id) => pak.locator(`[id="${id}"]`).textContent()),
    );
    expect(message.join(' ')).toContain('An inject fires before ENDEX: at most 1440 minutes after STARTEX.');
    expect(await form.locator('input[name=alert-summary]').inputValue()).toBe(ALERT);
    await hours.fill('0');
    await form.locator('input[name=inject-minutes]').fill('1');
    await form.getByRole('button', { name: 'Add the inject' }).click();
    await pak.getByText('“Convoy ambushed” is in the MSEL.').waitFor(SLOW);
    const msel = pak.getByTestId('msel');
    expect(await msel.getByRole('row').filter({ hasText: 'Convoy ambushed' }).first().textContent()).toContain('Scheduled');

    // STARTEX: the node fires both by itself (its timer runs every few seconds), the alert a minute in.
    await pak.getByRole('button', { name: 'Start the exercise (STARTEX)' }).click();
    await expect.poll(() => pak.getByTestId('run-state').textContent(), SLOW).toBe('Running');
    await reloadUntil(
      pak,
      async () => (await msel.textContent())?.includes('Torkham convoy') === true || (await msel.getByText('Fired').count()) >= 1,
    );

    // KAZ's duty officer gets the EXERCISE alert on the banner and acknowledges it.
    const kaz = await signIn('kaz.duty-officer');
    const banner = kaz.getByTestId('alert-banner');
    const line = banner.locator('p', { hasText: ALERT });
    await line.waitFor({ timeout: 120_000 });
    expect(await banner.textContent()).toContain('EXERCISE');
    await line.getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(() => line.count(), SLOW).toBe(0);

    // The controller's panel: both fired, the acknowledgement met within its 15 minutes.
    await reloadUntil(pak, async () => (await pak.getByTestId('score-total').textContent())?.includes('1 met') === true);
    expect(await msel.locator('tbody.inject-fired').count()).toBe(2);
    expect(await pak.getByTestId('score-total').textContent()).toContain('1 met, 0 missed, 0 pending');
    const alertLink = msel.getByRole('link', { name: 'The alert' });
    await alertLink.click();
    await pak.getByRole('heading', { name: new RegExp(ALERT) }).waitFor(SLOW);
  });

  it('shows KAZ’s planner the exercise running and its picture, not the MSEL', async () => {
    expect(exerciseId).not.toBe('');
    const kaz = await signIn('kaz.exercise-planner');
    await kaz.goto(`${url()}/exercises/${exerciseId}`);
    await kaz.getByRole('heading', { name: TITLE, level: 1 }).waitFor(SLOW);
    await kaz.getByText('EXERCISE running').waitFor(SLOW);
    const picture = kaz.getByRole('region', { name: 'Exercise picture' });
    await expect.poll(() => picture.textContent(), SLOW).toContain('Torkham convoy');
    await kaz.getByRole('link', { name: 'Control panel' }).click();
    await kaz.getByTestId('not-controller').waitFor(SLOW);
    expect(await kaz.getByTestId('msel').count()).toBe(0);
    expect(await kaz.getByText('Convoy ambushed').count()).toBe(0);
  });

  it('shows how fast KAZ answered on the exercise page, and on the metrics page as a trend and a CSV', async () => {
    expect(exerciseId).not.toBe('');
    const pak = await signIn('pak.exercise-planner');
    await pak.goto(`${url()}/exercises/${exerciseId}`);
    const section = pak.getByTestId('exercise-metrics');
    await section.waitFor(SLOW);
    expect(await section.getByRole('row').filter({ hasText: 'KAZ' }).first().textContent()).toContain('Acknowledgement');
    await section.getByRole('link', { name: "All of this exercise's metrics, desk by desk" }).click();
    await pak.getByRole('heading', { name: 'Exercise metrics', level: 1 }).waitFor(SLOW);
    const table = pak.getByTestId('metrics-table');
    await table.getByText('KAZ national duty desk').waitFor(SLOW);
    expect(await pak.getByTestId('metrics-chart').getAttribute('role')).toBe('img');
    const [download] = await Promise.all([pak.waitForEvent('download'), pak.getByTestId('metrics-csv').click()]);
    const csv = await fs.readFile((await download.path())!, 'utf8');
    expect(csv.split('\n')[0]).toBe(
      'exercise,exercise_id,started_at,measure,nation,desk,count,median_minutes,mean_minutes,slowest_minutes',
    );
    expect(csv).toContain(`${TITLE},${exerciseId}`);

    // UZB's planner: the demo's past exercises as a trend, one line per nation; a nation narrows the table.
    const uzb = await signIn('uzb.exercise-planner');
    await uzb.goto(`${url()}/exercises/metrics`);
    const chart = uzb.getByTestId('metrics-chart');
    await chart.waitFor(SLOW);
    expect(await chart.locator('title').first().textContent()).toMatch(/across 2 exercises/);
    await uzb.getByRole('combobox', { name: 'Nation' }).selectOption('KGZ');
    await expect.poll(() => uzb.getByTestId('metrics-table').textContent(), SLOW).not.toContain('Caspian Liaison');
    expect(await uzb.getByTestId('metrics-table').textContent()).toContain('Fergana Bridge');
    expect(uzb.url()).toContain('nation=KGZ');
  });
});
