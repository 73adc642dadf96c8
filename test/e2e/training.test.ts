/**
 * Joint training in Chromium, from plan to report: PAK's exercise planner plans an exercise with KAZ
 * and UZB, sees the live clash panel find a public holiday of a nation taking part (the next one
 * more than 30 days ahead, from the server's own holiday function), moves it off the holiday, is
 * refused ENDEX before STARTEX by the field, and saves it with two planning conferences and its
 * after-action review held as a meeting; its .ics carries the exercise and its milestones, each
 * summary headed by the marking. KAZ's planner reads it without changing it and finds it in the
 * planning calendar; the planner subscribes to the calendar. The exercise runs with two injects and
 * KAZ's duty officer acknowledges the injected alert from the banner; KAZ's planner records an
 * observation, PAK's dialogue officer an action on it at the review, and the after-exercise report
 * downloads with both and KAZ's time to acknowledge. KGZ's planner publishes one of its two
 * imported draft busy blocks.
 */
import { readFile } from 'node:fs/promises';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { publicHolidays } from '../../src/server/domain/training/holidays';
import { apiAs } from './api-as';
import { nodeInChromium } from './chromium-node';
import { fillUtcDay } from './date-input';
import type { Locator, Page } from 'playwright-core';

const { signIn, url } = nodeInChromium();
const DAY = 86_400_000;
const HOUR = 3_600_000;
const SLOW = { timeout: 30_000 };
const TITLE = 'Silk Road Sentinel';
const MARKING = 'UNCLASSIFIED//REL TO PAK, KAZ, UZB TLP:GREEN';
const STARTEX = 'STARTEX (the exercise starts)';
const ENDEX = 'ENDEX (the exercise ends)';
const ORDER = 'The exercise must end after it starts: ENDEX after STARTEX.';

// On the next Pakistani or Uzbek public holiday more than 30 days ahead; then moved to days when no nation taking part has one.
const holiday = publicHolidays(['PAK', 'UZB'], new Date(Date.now() + 31 * DAY), new Date(Date.now() + 400 * DAY))[0]!;
const onHoliday = holiday.startsAt.getTime() + 6 * HOUR;
const LENGTH = 36 * HOUR;
const free = (at: number) => publicHolidays(['PAK', 'KAZ', 'UZB'], new Date(at), new Date(at + LENGTH)).length === 0;
const starts = onHoliday + Array.from({ length: 60 }, (_, i) => (i + 1) * DAY).find((shift) => free(onHoliday + shift))!;
let exerciseUrl = '';
const REVIEW = 'Silk Road Sentinel after-action review';
const reviewAt = starts + LENGTH + 7 * DAY;
const LABEL = { classification: 'UNCLASSIFIED', relTo: ['KAZ', 'UZB'], caveats: [], tlp: 'GREEN', recipients: { orgs: [], users: [] } };
const ALERT = 'Convoy ambushed near the pass';
const OBSERVATION = 'Alert reached the desk during its hand-over';
const ACTION = 'Overlap KAZ desk shifts by 15 minutes.';

/** Fills the date input whose legend is `name` (day, month, year, time, all UTC). */
async function fillWhen(scope: Locator, name: string, ms: number) {
  const group = scope.getByRole('group', { name, exact: true });
  const at = new Date(ms);
  await group.getByLabel('Day').fill(String(at.getUTCDate()));
  await group.getByLabel('Month').selectOption(String(at.getUTCMonth() + 1));
  await group.getByLabel('Year').fill(String(at.getUTCFullYear()));
  await group.getByLabel('Time (HH:MM)').fill(at.toISOString().slice(11, 16));
}

/** Whether a clash panel's text is a finished check that names no public holiday. */
const checked = (text: string | null) =>
  /No clashes found|\d+ clash/.test(text ?? '') && !/Checking for clashes|Loading|Public holiday in/.test(text ?? '');

/** The titles of the exercises the page's account may read, from the API. */
async function titles(page: Page): Promise<string[]> {
  const answer = await page.request.get(new URL('/api/exercises?limit=200', page.url()).toString());
  return ((await answer.json()) as { items: { title: string }[] }).items.map((e) => e.title);
}

describe('joint training in Chromium', () => {
  it('plans an exercise: the clash panel finds a public holiday, ENDEX before STARTEX is refused by the field, and it is saved with its milestones', async () => {
    // The after-action review, a meeting PAK's dialogue officer organises.
    const review = await (
      await apiAs(url(), 'pak.dialogue-officer')
    )('POST', '/api/meetings', {
      title: REVIEW,
      kind: 'working-group',
      venue: { online: true },
      timeZone: 'Asia/Karachi',
      startsAt: new Date(reviewAt).toISOString(),
      endsAt: new Date(reviewAt + 6 * HOUR).toISOString(),
      participants: ['KAZ', 'UZB'],
      label: LABEL,
    });
    expect(review.status, JSON.stringify(review.body)).toBe(201);
    const pak = await signIn('pak.exercise-planner');
    await pak.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Plan an exercise' }).click();
    const form = pak.getByRole('form', { name: 'Plan an exercise' });
    await form.getByLabel('Name of the exercise').fill(TITLE);
    await form.getByLabel('Kind').selectOption({ label: 'Tabletop exercise' });
    await form.getByLabel('Place', { exact: true }).fill('Command and Staff College, Quetta');
    await form.getByLabel('Country').selectOption('PAK');
    await form.getByLabel('Latitude').fill('30.19');
    await form.getByLabel('Longitude').fill('67.01');
    await form.getByLabel('Time zone of the venue').fill('Asia/Karachi');
    await fillWhen(form, STARTEX, onHoliday);
    await fillWhen(form, ENDEX, onHoliday + LENGTH);
    const nations = form.getByRole('group', { name: 'Nations taking part' });
    for (const nation of ['KAZ', 'UZB']) await nations.getByRole('checkbox', { name: nation, exact: true }).check();
    await form.getByRole('button', { name: 'Add a unit' }).click();
    await form.getByLabel('Nation of unit 1').selectOption('KAZ');
    await form.getByLabel('Unit 1', { exact: true }).fill('Border Rapid Response Detachment');
    for (const [i, kind, before] of [
      [1, 'Main planning conference', 20],
      [2, 'Final planning conference', 10],
    ] as const) {
      await form.getByRole('button', { name: 'Add a milestone' }).click();
      const milestone = form.getByRole('group', { name: `Milestone ${i}`, exact: true });
      await milestone.getByLabel('Milestone').selectOption({ label: kind });
      await fillWhen(milestone, 'Starts', onHoliday - before * DAY);
      await fillWhen(milestone, 'Ends', onHoliday - before * DAY + 8 * HOUR);
    }
    await form.getByRole('button', { name: 'Add a milestone' }).click();
    const aar = form.getByRole('group', { name: 'Milestone 3', exact: true });
    await aar.locator('select[name=milestone-2-kind]').selectOption({ label: 'After-action review' });
    await fillWhen(aar, 'Starts', reviewAt);
    await fillWhen(aar, 'Ends', reviewAt + 6 * HOUR);
    const meetingOption = aar.locator('select[name=milestone-2-meeting] option', { hasText: REVIEW });
    await meetingOption.waitFor({ state: 'attached', ...SLOW });
    await aar.locator('select[name=milestone-2-meeting]').selectOption((await meetingOption.getAttribute('value'))!);
    const relTo = form.getByRole('group', { name: 'Releasable to — Nations' });
    for (const nation of ['KAZ', 'UZB']) await relTo.getByRole('checkbox', { name: new RegExp(`^${nation} `) }).check();
    await expect(form.getByTestId('marking-preview-label').textContent()).resolves.toBe(MARKING);

    // The live clash panel names the holiday of a nation taking part, and drops it once the dates move off it.
    const panel = pak.getByRole('complementary', { name: 'Clashes' });
    await expect.poll(() => panel.textContent(), SLOW).toContain(`Public holiday in ${holiday.nation}: ${holiday.name}`);
    await fillWhen(form, STARTEX, starts);
    await fillWhen(form, ENDEX, starts + LENGTH);
    await expect.poll(() => panel.textContent().then(checked), SLOW).toBe(true);

    // ENDEX before STARTEX: the server's message by the ENDEX field, and nothing saved.
    await fillWhen(form, ENDEX, starts - 12 * HOUR);
    await form.getByRole('button', { name: 'Plan the exercise' }).click();
    await form.getByRole('alert').getByText('The exercise was not saved').waitFor();
    await expect(form.getByRole('group', { name: ENDEX }).locator('xpath=following-sibling::*[1]').textContent()).resolves.toBe(ORDER);
    // The date's fields are marked invalid and described by the message.
    const endexDay = form.getByRole('group', { name: ENDEX }).locator('input').first();
    expect(await endexDay.getAttribute('aria-invalid')).toBe('true');
    const described = (await endexDay.getAttribute('aria-describedby'))!.split(' ');
    expect(await Promise.all(described.map((id) => pak.locator(`[id="${id}"]`).textContent()))).toContain(ORDER);
    expect(pak.url()).toMatch(/\/exercises\/new$/);
    expect(await titles(pak)).not.toContain(TITLE);

    await fillWhen(form, ENDEX, starts + LENGTH);
    await form.getByRole('button', { name: 'Plan the exercise' }).click();
    await pak.getByRole('heading', { name: TITLE, level: 1 }).waitFor(SLOW);
    exerciseUrl = pak.url();
    const milestones = pak.getByRole('region', { name: 'Milestones' }).getByRole('row');
    expect((await milestones.allTextContents()).slice(1)).toEqual([
      expect.stringMatching(/^Main planning conference/),
      expect.stringMatching(/^Final planning conference/),
      expect.stringMatching(/^After-action review/),
    ]);
    // The saved exercise's own clashes, worked out again: no holiday among them.
    await expect.poll(() => pak.getByRole('region', { name: 'Clashes' }).textContent().then(checked), SLOW).toBe(true);
    expect((await titles(pak)).filter((t) => t === TITLE)).toHaveLength(1);

    // The exercise as iCalendar: itself and its milestones, each summary headed by its marking.
    const href = (await pak.getByRole('link', { name: 'Download as iCalendar (.ics)' }).getAttribute('href'))!;
    const ics = await pak.request.get(new URL(href, pak.url()).toString());
    expect(ics.headers()['content-type']).toBe('text/calendar; charset=utf-8');
    const events = new ICAL.Component(ICAL.parse(await ics.text())).getAllSubcomponents('vevent');
    const summaries = events.map((v) => String(v.getFirstPropertyValue('summary')));
    const names = [
      `After-action review — ${TITLE}`,
      `Exercise: ${TITLE}`,
      `Final planning conference — ${TITLE}`,
      `Main planning conference — ${TITLE}`,
    ];
    expect([...summaries].sort()).toEqual(names.map((name) => `[${MARKING}] ${name}`));
    const exercise = events[summaries.indexOf(`[${MARKING}] Exercise: ${TITLE}`)]!;
    expect((exercise.getFirstPropertyValue('dtstart') as { toJSDate(): Date }).toJSDate().getTime()).toBe(starts);
  });

  it('shows the exercise to KAZ read-only, and in the planning calendar', async () => {
    expect(exerciseUrl).not.toBe('');
    const kaz = await signIn('kaz.exercise-planner');
    await kaz.goto(exerciseUrl);
    await kaz.getByRole('heading', { name: TITLE, level: 1 }).waitFor(SLOW);
    // Read-only: no way to change it or move its status.
    expect(await kaz.getByRole('link', { name: 'Change the exercise' }).count()).toBe(0);
    expect(await kaz.getByRole('region', { name: 'Status' }).count()).toBe(0);

    await kaz.getByRole('link', { name: 'Planning calendar' }).click();
    await kaz.getByRole('button', { name: 'Planning', pressed: true }).waitFor();
    expect(new URL(kaz.url()).pathname).toBe('/calendar');
    const quarter = (at: Date) => at.getUTCFullYear() * 4 + Math.floor(at.getUTCMonth() / 3);
    for (let q = quarter(new Date()) + 1; q <= quarter(new Date(starts)); q++) {
      await kaz.getByRole('button', { name: 'Next quarter' }).click();
      await kaz.getByRole('heading', { level: 2, name: new RegExp(`^Q${(q % 4) + 1} ${Math.floor(q / 4)} `) }).waitFor();
    }
    // On KAZ's row of the planning view, as an exercise bar.
    const bar = new RegExp(`^${TITLE} · Exercise`);
    await kaz.getByTestId('planning-row-KAZ').getByRole('link', { name: bar }).waitFor(SLOW);
  });

  it('subscribes the planner to the calendar: the address serves the exercise to calendar software, marked', async () => {
    const pak = await signIn('pak.exercise-planner');
    await pak.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Calendar' }).click();
    await pak.getByRole('heading', { name: 'Calendar', level: 1 }).waitFor();
    await pak.getByRole('button', { name: 'Make a subscription address' }).click();
    const address = await pak.locator('input[name=feed-url]').inputValue();
    // Calendar software asks without a session: the address is the key.
    const feed = await fetch(address);
    expect(feed.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const summaries = new ICAL.Component(ICAL.parse(await feed.text()))
      .getAllSubcomponents('vevent')
      .map((v) => String(v.getFirstPropertyValue('summary')));
    expect(summaries).toContain(`[${MARKING}] Exercise: ${TITLE}`);
    expect(summaries).toContain(`[${MARKING}] After-action review — ${TITLE}`);
  });

  it('runs the exercise with two injects; KAZ’s duty officer acknowledges the injected alert from the banner', async () => {
    expect(exerciseUrl).not.toBe('');
    const id = new URL(exerciseUrl).pathname.split('/').at(-1)!;
    const planner = await apiAs(url(), 'pak.exercise-planner');
    for (const status of ['planning', 'approved'])
      expect((await planner('POST', `/api/exercises/${id}/status`, { status })).status).toBe(200);
    const desks = (await (await apiAs(url(), 'kaz.duty-officer'))('GET', '/api/desks')).body.items as { id: string; nation: string }[];
    const desk = desks.find((d) => d.nation === 'KAZ')!;
    const injected = await planner('POST', `/api/exercises/${id}/injects`, {
      title: 'Convoy ambushed',
      atMinutes: 0,
      action: { kind: 'alert', severity: 'flash', summary: ALERT, targetDesks: [desk.id], label: LABEL },
      expectations: [{ kind: 'acknowledge', nation: 'KAZ', deskId: desk.id, withinMinutes: 15 }],
    });
    expect(injected.status, JSON.stringify(injected.body)).toBe(201);
    const room = await planner('POST', `/api/exercises/${id}/injects`, {
      title: 'Joint room opens',
      atMinutes: 0,
      action: { kind: 'crisis', title: 'Pass convoy', label: LABEL },
    });
    expect(room.status, JSON.stringify(room.body)).toBe(201);

    const pak = await signIn('pak.exercise-planner');
    await pak.goto(exerciseUrl);
    await pak.getByRole('link', { name: 'Control panel' }).click();
    await pak.getByRole('button', { name: 'Start the exercise (STARTEX)' }).click();
    await expect.poll(() => pak.getByTestId('run-state').textContent(), SLOW).toBe('Running');

    const kaz = await signIn('kaz.duty-officer');
    const line = kaz.getByTestId('alert-banner').locator('p', { hasText: ALERT });
    await line.waitFor({ timeout: 120_000 });
    await line.getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(() => line.count(), SLOW).toBe(0);
    await expect
      .poll(
        async () => {
          await pak.reload();
          return (await pak.getByTestId('score-total').textContent()) ?? '';
        },
        { timeout: 60_000 },
      )
      .toContain('1 met');
  });

  it('records an observation and an action on it at the review, and downloads the after-exercise report', async () => {
    const kaz = await signIn('kaz.exercise-planner');
    await kaz.goto(exerciseUrl);
    const lessons = kaz.getByTestId('lessons');
    await lessons.locator('input[name=observation-title]').fill(OBSERVATION);
    await lessons.locator('textarea[name=observation-observation]').fill('The alert arrived while the night shift handed over.');
    await lessons.locator('textarea[name=observation-recommendation]').fill('Overlap the desk shifts.');
    await lessons.getByRole('button', { name: 'Record the observation' }).click();
    await lessons.getByRole('link', { name: OBSERVATION }).first().click();
    await kaz.getByRole('heading', { name: OBSERVATION, level: 1 }).waitFor(SLOW);
    const observationUrl = kaz.url();

    const organiser = await signIn('pak.dialogue-officer');
    await organiser.goto(observationUrl);
    await organiser.locator('textarea[name=action-text]').fill(ACTION);
    await organiser.locator('input[name=action-owner-KAZ]').check();
    await fillUtcDay(organiser, 'action-due', reviewAt + 30 * DAY);
    await organiser.getByRole('button', { name: 'Add the action' }).click();
    await organiser.getByText('Action added.').waitFor(SLOW);

    const pak = await signIn('pak.exercise-planner');
    await pak.goto(exerciseUrl);
    const section = pak.getByTestId('lessons');
    await section.getByText('1 action, 1 open').waitFor(SLOW);
    const [download] = await Promise.all([
      pak.waitForEvent('download'),
      section.getByRole('link', { name: 'Download as Markdown (.md)' }).click(),
    ]);
    const report = await readFile((await download.path())!, 'utf8');
    expect(report).toMatch(new RegExp(`^# After-exercise report: ${TITLE}`));
    expect(report).toContain(OBSERVATION);
    expect(report).toContain(`| ${ACTION} | KAZ |`);
    expect(report).toMatch(/\| Time to acknowledge an alert \| KAZ \|\s+\| 1 \|/);
  });

  it('lets KGZ publish one of its two imported draft busy blocks', async () => {
    const kgz = await signIn('kgz.exercise-planner');
    await kgz.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Exercises', exact: true }).click();
    await kgz.getByRole('link', { name: 'Busy blocks' }).click();
    await kgz.getByRole('heading', { name: 'Busy blocks', level: 1 }).waitFor();
    const table = kgz.getByRole('table');
    const drafts = table.getByRole('row').filter({ hasText: 'Draft' });
    await expect.poll(() => drafts.count(), SLOW).toBe(2);
    for (const text of await drafts.allTextContents()) expect(text).toMatch(/UnavailableKGZMountain Rifle Battalion 2Draft/);
    const when = (await drafts.first().getByRole('cell').first().textContent())!;
    // Each button names its block by title and dates: two blocks of one title differ by their dates.
    await drafts
      .first()
      .getByRole('button', { name: /^Publish “Unavailable, .+”$/ })
      .click();
    await expect.poll(() => table.getByRole('row').filter({ hasText: when }).textContent(), SLOW).toContain('Published');
    expect(await drafts.count()).toBe(1);
  });
});
