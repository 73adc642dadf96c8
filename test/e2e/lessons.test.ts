/**
 * Lessons learned in Chromium, on the demo's Fergana Bridge (UZB-led, with KGZ and TJK, its
 * after-action review held as a meeting). UZB's exercise planner finds the demo's lessons in each
 * stage on the exercise's page, records an observation with the form, identifies it as a lesson;
 * UZB's dialogue officer, an organiser of the review, adds an action to it on its page; the
 * after-exercise report downloads with the lesson and its action, in Markdown and in PDF.
 */
import fs from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { apiAs } from './api-as';
import { nodeInChromium } from './chromium-node';
import { fillUtcDay } from './date-input';

const { signIn, url } = nodeInChromium();
const SLOW = { timeout: 45_000 };
const DAY = 86_400_000;
const TITLE = 'Crossing guard relieved without a briefing';

describe('lessons learned, in Chromium', () => {
  it('records an observation, identifies it as a lesson, adds an action at the review and downloads the report', async () => {
    const uzbApi = await apiAs(url(), 'uzb.exercise-planner');
    const listed = await uzbApi('GET', '/api/exercises?status=complete');
    const fergana = (listed.body.items as { id: string; title: string }[]).find((e) => e.title === 'Fergana Bridge')!;

    const planner = await signIn('uzb.exercise-planner');
    await planner.goto(`${url()}/exercises/${fergana.id}`);
    const lessons = planner.getByTestId('lessons');
    await lessons.getByRole('heading', { name: 'Lessons learned (1)' }).waitFor(SLOW);
    await lessons.getByRole('heading', { name: 'Lessons identified (1)' }).waitFor(SLOW);
    await lessons.getByRole('heading', { name: 'Observations (1)' }).waitFor(SLOW);
    expect(await lessons.textContent()).toContain('Night-vision sets arrived without batteries');

    // The form, with the keyboard's order of fields: a first try without what was observed is refused by the browser.
    await lessons.locator('input[name=observation-title]').fill(TITLE);
    await lessons
      .locator('textarea[name=observation-observation]')
      .fill('The relieving platoon took over the crossing guard with no briefing.');
    await lessons.locator('textarea[name=observation-conclusion]').fill('Reliefs in place need a checklist.');
    await lessons.locator('textarea[name=observation-recommendation]').fill('Adopt a joint relief-in-place checklist.');
    await lessons.locator('select[name=observation-objective]').selectOption('0');
    await lessons.getByRole('button', { name: 'Record the observation' }).click();
    await lessons.getByText('Observation recorded:').waitFor(SLOW);
    await lessons.getByRole('heading', { name: 'Observations (2)' }).waitFor(SLOW);
    await lessons.getByRole('button', { name: `Identify as a lesson: “${TITLE}”` }).click();
    await lessons.getByRole('heading', { name: 'Lessons identified (2)' }).waitFor(SLOW);
    const observationId = (
      (await uzbApi('GET', `/api/observations?exercise=${fergana.id}`)).body.items as { id: string; title: string }[]
    ).find((o) => o.title === TITLE)!.id;

    // The review's organiser adds the action on the observation's page.
    const organiser = await signIn('uzb.dialogue-officer');
    await organiser.goto(`${url()}/observations/${observationId}`);
    await organiser.getByRole('heading', { name: TITLE, level: 1 }).waitFor(SLOW);
    expect(await organiser.getByTestId('observation-stage').textContent()).toContain('Lesson identified');
    await organiser.locator('textarea[name=action-text]').fill('Write and train the joint relief-in-place checklist.');
    await organiser.locator('input[name=action-owner-UZB]').check();
    await organiser.locator('input[name=action-owner-KGZ]').check();
    await fillUtcDay(organiser, 'action-due', Date.now() + 60 * DAY);
    await organiser.getByRole('button', { name: 'Add the action' }).click();
    await organiser.getByText('Action added.').waitFor(SLOW);
    await organiser.getByRole('link', { name: 'Write and train the joint relief-in-place checklist.' }).waitFor(SLOW);

    // The report, from the exercise's page, as the planner may read it.
    await planner.reload();
    await lessons.getByRole('listitem').filter({ hasText: TITLE }).getByText('1 action, 1 open').waitFor(SLOW);
    const [markdown] = await Promise.all([
      planner.waitForEvent('download'),
      lessons.getByRole('link', { name: 'Download as Markdown (.md)' }).click(),
    ]);
    const report = await fs.readFile((await markdown.path())!, 'utf8');
    expect(report).toMatch(/^# After-exercise report: Fergana Bridge/);
    expect(report).toContain(TITLE);
    expect(report).toContain('| Write and train the joint relief-in-place checklist. | KGZ, UZB |');
    const [pdf] = await Promise.all([planner.waitForEvent('download'), lessons.getByRole('link', { name: 'Download as PDF' }).click()]);
    expect((await fs.readFile((await pdf.path())!)).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
