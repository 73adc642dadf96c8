/**
 * Strategic dialogue in Chromium: PAK's dialogue officer organises staff talks with KAZ and UZB
 * from the form, writes an agenda with a bilateral sidebar for KAZ alone, and the minutes of an
 * item, and attaches a file to one; KAZ's head of delegation accepts and names the delegation; UZB
 * answers tentatively, reads the agenda numbered without the sidebar and downloads the file; TJK,
 * invited to none of the upcoming meetings, finds none and cannot open this one. The host's
 * calendar holds the meeting, and its subscription address serves it to calendar software. Then a joint statement of the meeting is drafted, amended,
 * concurred in and adopted, and its signed text verifies. From the statement the host records a
 * commitment of KAZ; KAZ's head of delegation finds it among the commitments, reports it done with
 * the statement as evidence, and the trackers show it done.
 */
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { verifyStatementDocument } from '../../src/server/domain/dialogue/statement-document';
import { nodeInChromium } from './chromium-node';
import { fillUtc, fillUtcDay } from './date-input';
import type { Page } from 'playwright-core';

const { signIn } = nodeInChromium();
const DAY = 86_400_000;
const TITLE = 'Staff talks on counter-narcotics';
/** The meeting the first test organises; the statement test drafts its joint statement. */
let meetingUrl = '';
/** The joint statement the second test adopts; the commitment test records a commitment from it. */
let statementUrl = '';
const STATEMENT = 'Joint statement on counter-narcotics';
const COMMITMENT = 'Exchange liaison officers before the next round of talks.';

/** The agenda as the page shows it: "1. Title" per item. */
const agenda = async (page: Page) => (await page.getByTestId('agenda').locator('.agenda-title').allTextContents()).map((t) => t.trim());

async function addItem(page: Page, title: string, owner: string, sidebarFor?: string) {
  const form = page.locator('form.agenda-form');
  await form.locator('input[name=item-title]').fill(title);
  await form.locator('select[name=item-owner]').selectOption(owner);
  if (sidebarFor) {
    await form.getByRole('checkbox', { name: /Its own label/ }).check();
    const picker = form.getByTestId('label-picker-item-label');
    for (const other of ['KAZ', 'UZB']) {
      const box = picker.getByRole('checkbox', { name: new RegExp(`^${other}`) });
      if ((other === sidebarFor) !== (await box.isChecked())) await box.click();
    }
  }
  const before = await page.getByTestId('agenda').locator('li').count();
  await form.getByRole('button', { name: 'Add the item' }).click();
  await expect.poll(() => page.getByTestId('agenda').locator('li').count()).toBe(before + 1);
}

describe('strategic dialogue in Chromium', () => {
  it('organises a meeting, answers and delegations come in, and a sidebar item stays the two nations’ own', async () => {
    const pak = await signIn('pak.dialogue-officer');
    await pak.getByRole('link', { name: 'Meetings' }).click();
    // The demo's upcoming staff talks are listed.
    await pak.getByTestId('meetings').getByRole('link', { name: 'Staff talks on border security' }).waitFor();
    await pak.getByRole('link', { name: 'Organise a meeting' }).first().click();
    await pak.locator('input[name=title]').fill(TITLE);
    await pak.locator('select[name=kind]').selectOption('staff-talks');
    await pak.locator('input[name=venue-name]').fill('Joint Staff Headquarters, Rawalpindi');
    await pak.locator('input[name=venue-lat]').fill('33.6');
    await pak.locator('input[name=venue-lon]').fill('73.05');
    const starts = Math.ceil(Date.now() / DAY) * DAY + 10 * DAY + 4 * 3600_000;
    await fillUtc(pak, 'starts-at', starts);
    await fillUtc(pak, 'ends-at', starts + 8 * 3600_000);
    for (const nation of ['KAZ', 'UZB']) await pak.getByRole('checkbox', { name: nation, exact: true }).check();
    // The label must release the meeting to both: first without, to see the message say so.
    await pak.getByRole('button', { name: 'Organise', exact: true }).click();
    await pak.getByText(/add KAZ, UZB/).waitFor();
    for (const nation of ['KAZ', 'UZB'])
      await pak
        .getByTestId('label-picker-label')
        .getByRole('checkbox', { name: new RegExp(`^${nation}`) })
        .check();
    await pak.getByRole('button', { name: 'Organise', exact: true }).click();
    await pak.getByRole('heading', { name: TITLE }).waitFor();
    expect(await pak.locator('.facts').textContent()).toContain('(Asia/Karachi)');
    expect(await pak.getByTestId('invitations').textContent()).toContain('No answer yet');

    // Changed with the same form, at the version shown.
    await pak.getByRole('link', { name: 'Change the meeting' }).click();
    await pak.locator('textarea[name=summary]').fill('Second round of the talks.');
    await pak.getByRole('button', { name: 'Save the changes' }).click();
    await pak.getByText('Second round of the talks.').waitFor();

    await fillUtc(pak, 'slot-start', starts);
    await fillUtc(pak, 'slot-end', starts + 3600_000);
    await addItem(pak, 'Opening remarks', 'PAK');
    expect(await pak.getByTestId('agenda').locator('li').first().textContent()).toContain('(Asia/Karachi)');
    await addItem(pak, 'Sidebar: joint patrols', 'KAZ', 'KAZ');
    await addItem(pak, 'Narcotics routes', 'UZB');
    expect(await agenda(pak)).toEqual(['1. Opening remarks', '2. Sidebar: joint patrols', '3. Narcotics routes']);
    // Moved up with the keyboard-reachable button: the routes item comes second.
    await pak.getByRole('button', { name: 'Move “Narcotics routes” up' }).click();
    await expect.poll(() => agenda(pak)).toEqual(['1. Opening remarks', '2. Narcotics routes', '3. Sidebar: joint patrols']);
    await pak.getByRole('button', { name: 'Write the minutes' }).first().click();
    await pak.locator('textarea[name=minutes-1]').fill('The chair opened the talks.');
    await pak.getByRole('button', { name: 'Save the minutes' }).click();
    await pak.getByText('The chair opened the talks.').waitFor();
    // A file on the opening item, from the file input: an empty one is refused with the server's word.
    const files = pak.getByTestId('agenda-files-1');
    await files.getByText('No files yet.').waitFor();
    const input = files.getByLabel('Attach a file to “Opening remarks”');
    await input.setInputFiles({ name: 'empty.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) });
    await files.getByRole('alert').getByText('The file is empty.').waitFor();
    await input.setInputFiles({ name: 'Programme.txt', mimeType: 'text/plain', buffer: Buffer.from('Day 1: opening remarks.\n') });
    await files.getByRole('link', { name: 'Programme.txt' }).waitFor();
    expect(await files.getByTestId('agenda-file').textContent()).toMatch(
      /^Programme\.txt 24 B · attached by PAK UNCLASSIFIED.*REL TO PAK, KAZ, UZB/,
    );
    meetingUrl = pak.url();

    // KAZ accepts and names its delegation.
    const kaz = await signIn('kaz.delegation-head');
    await kaz.goto(meetingUrl);
    await kaz.getByRole('heading', { name: TITLE }).waitFor();
    expect(await agenda(kaz)).toEqual(['1. Opening remarks', '2. Narcotics routes', '3. Sidebar: joint patrols']);
    await kaz.getByRole('radio', { name: 'Accepted' }).check();
    await kaz.locator('input[name=answer-note]').fill('Delegation of two.');
    await kaz.getByRole('button', { name: 'Send the answer' }).click();
    await kaz.getByRole('button', { name: 'Name your delegation' }).click();
    await kaz.locator('input[name=delegate-0-name]').fill('A. Nurlanov');
    await kaz.locator('input[name=delegate-0-rank]').fill('Colonel');
    await kaz.getByRole('button', { name: 'Add a member' }).click();
    await kaz.locator('input[name=delegate-1-name]').fill('D. Sarsenbayev');
    await kaz.getByRole('button', { name: 'Save the delegation' }).click();
    await kaz.getByTestId('delegation-KAZ').waitFor();
    expect(await kaz.getByTestId('delegation-KAZ').textContent()).toContain('Colonel A. Nurlanov');

    // UZB: tentative; the agenda without the sidebar, numbered with no gap.
    const uzb = await signIn('uzb.dialogue-officer');
    await uzb.goto(meetingUrl);
    await uzb.getByRole('heading', { name: TITLE }).waitFor();
    expect(await agenda(uzb)).toEqual(['1. Opening remarks', '2. Narcotics routes']);
    // The host's file on the opening, to download; only the host and the item's leading nation attach to it.
    const file = uzb.getByTestId('agenda-files-1').getByRole('link', { name: 'Programme.txt' });
    const href = (await file.getAttribute('href'))!;
    expect(href).toMatch(/^\/api\/agenda-attachments\/[\w-]+$/);
    expect(await (await uzb.request.get(new URL(href, uzb.url()).toString())).text()).toBe('Day 1: opening remarks.\n');
    expect(await uzb.getByTestId('agenda-files-1').locator('input[type=file]').count()).toBe(0);
    await uzb.getByRole('radio', { name: 'Tentative' }).check();
    await uzb.getByRole('button', { name: 'Send the answer' }).click();

    // The host sees who answered, live.
    await expect.poll(async () => pak.getByTestId('invitations').textContent(), { timeout: 20_000 }).toMatch(/KAZAccepted.*UZBTentative/);
    expect(await pak.getByTestId('delegation-KAZ').textContent()).toContain('D. Sarsenbayev');

    // The host's calendar: the month of the meeting holds it; a subscription address serves it to calendar software.
    await pak.getByRole('link', { name: 'Calendar' }).click();
    await pak.getByRole('heading', { name: 'Calendar', level: 1 }).waitFor();
    const monthsAhead =
      (new Date(starts).getUTCFullYear() - new Date().getUTCFullYear()) * 12 + new Date(starts).getUTCMonth() - new Date().getUTCMonth();
    for (let i = 0; i < monthsAhead; i++) await pak.getByRole('button', { name: 'Next month' }).click();
    await pak.getByRole('link', { name: TITLE }).waitFor();
    await pak.getByRole('button', { name: 'Make a subscription address' }).click();
    const address = await pak.locator('input[name=feed-url]').inputValue();
    const feed = await pak.request.get(address);
    expect(feed.headers()['content-type']).toBe('text/calendar; charset=utf-8');
    const summaries = new ICAL.Component(ICAL.parse(await feed.text()))
      .getAllSubcomponents('vevent')
      .map((v) => String(v.getFirstPropertyValue('summary')));
    expect(summaries).toContain(`[UNCLASSIFIED//REL TO PAK, KAZ, UZB TLP:GREEN] ${TITLE}`);

    // TJK: nothing.
    const tjk = await signIn('tjk.dialogue-officer');
    await tjk.getByRole('link', { name: 'Meetings' }).click();
    await tjk.getByText('No meetings you may read yet.').waitFor();
    await tjk.goto(meetingUrl);
    await tjk.getByText(/No meeting with this id/).waitFor();
  });

  it('drafts a joint statement, KAZ amends a clause and the pen-holder accepts it; every nation concurs, KAZ with a reservation; the adopted text verifies, and once released publicly is read signed out', async () => {
    expect(meetingUrl).not.toBe('');
    const pak = await signIn('pak.dialogue-officer');
    await pak.goto(meetingUrl);
    await pak.getByRole('heading', { name: TITLE }).waitFor();
    await pak.getByText('No joint statement yet: draft one below.').waitFor();
    await pak.locator('input[name=statement-title]').fill('Joint statement on counter-narcotics');
    await pak.locator('textarea[name=statement-clauses]').fill('We exchange liaison officers.\n\nWe meet every quarter.');
    await pak.getByRole('button', { name: 'Draft the statement' }).click();
    await pak.getByRole('heading', { name: 'Joint statement on counter-narcotics' }).waitFor();
    statementUrl = pak.url();
    expect(await pak.getByTestId('clause-2').textContent()).toContain('We meet every quarter.');

    // KAZ's head of delegation proposes a firmer wording of clause 2.
    const kaz = await signIn('kaz.delegation-head');
    await kaz.goto(statementUrl);
    await kaz.getByRole('button', { name: 'Propose an amendment to clause 2' }).click();
    await kaz.locator('textarea[name=amend-2]').fill('We meet every month.');
    await kaz.getByRole('button', { name: 'Send the amendment' }).click();
    await kaz.getByTestId('amendment-KAZ').waitFor();

    // The pen-holder sees it as words changed, and accepts it: clause 2 at version 2.
    pak.on('dialog', (dialog) => void dialog.accept());
    await expect.poll(() => pak.getByTestId('amendment-KAZ').count(), { timeout: 20_000 }).toBe(1);
    expect(await pak.getByTestId('amendment-KAZ').locator('ins').allTextContents()).toContain('month');
    await pak.getByRole('button', { name: 'Accept the amendment by KAZ' }).click();
    await expect.poll(() => pak.getByTestId('clause-2').textContent()).toContain('We meet every month. version 2');

    // Each head of delegation gives the nation's positions; KAZ concurs on clause 1 with a reservation.
    await kaz.reload();
    await kaz.getByRole('button', { name: 'Concur on everything' }).click();
    await kaz.locator('select[name=stance-1]').selectOption('reservation');
    await kaz.locator('input[name=text-1]').fill('Officers are exchanged within the limits of national law.');
    await kaz.getByRole('button', { name: 'Give the positions' }).click();
    await expect.poll(() => kaz.getByTestId('whole-KAZ').textContent()).toBe('Concur');
    for (const head of ['uzb.delegation-head', 'pak.delegation-head']) {
      const page = await signIn(head);
      await page.goto(statementUrl);
      await page.getByRole('button', { name: 'Concur on everything' }).click();
      await page.getByRole('button', { name: 'Give the positions' }).click();
      await expect.poll(() => page.getByTestId(`whole-${head.slice(0, 3).toUpperCase()}`).textContent()).toBe('Concur');
    }
    await expect
      .poll(() => pak.getByTestId('procedure').textContent(), { timeout: 20_000 })
      .toContain('Adopted by the concurrence of every participant');
    expect(await pak.getByTestId('clause-1').textContent()).toContain(
      'Reservation of KAZ: Officers are exchanged within the limits of national law.',
    );
    const signed = await pak.request.get(statementUrl.replace('/statements/', '/api/statements/') + '/export?format=json');
    const check = verifyStatementDocument(await signed.json());
    expect(check.problems).toEqual([]);
    expect(check.document?.statement.participants).toEqual(['KAZ', 'PAK', 'UZB']);

    // PAK's releasing officer releases it publicly; anyone reads it signed out, with the reservation as a footnote.
    const releaser = await signIn('pak.releasing-officer');
    releaser.on('dialog', (dialog) => void dialog.accept());
    await releaser.goto(statementUrl);
    await releaser.getByRole('button', { name: 'Release publicly' }).click();
    const link = releaser.getByTestId('public-link');
    await link.waitFor();
    const publicUrl = (await link.getAttribute('href'))!;
    const anonymous = await (await releaser.context().browser()!.newContext()).newPage();
    await anonymous.goto(new URL(publicUrl, releaser.url()).toString());
    await anonymous.getByRole('heading', { name: 'Joint statement on counter-narcotics' }).waitFor();
    expect(await anonymous.locator('html').getAttribute('lang')).toBe('en');
    expect(await anonymous.locator('main').textContent()).toContain('We meet every month.');
    expect(await anonymous.locator('footer').textContent()).toContain(
      'KAZ reserves: Officers are exchanged within the limits of national law.',
    );
    expect(await anonymous.content()).not.toContain(TITLE);
    await anonymous.getByRole('link', { name: 'PDF' }).waitFor();
    // Signed out, the app itself is not reachable.
    await anonymous.goto(statementUrl);
    await anonymous.getByRole('button', { name: 'Sign in' }).waitFor();
  });

  it('records a commitment from the statement; KAZ finds it among the commitments, reports it done with evidence, and the trackers show it done', async () => {
    expect(statementUrl).not.toBe('');
    const pak = await signIn('pak.dialogue-officer');
    await pak.goto(meetingUrl);
    await pak.getByRole('heading', { name: TITLE }).waitFor();
    await pak.getByText('No commitments yet: record the first below.').waitFor();
    const form = pak.locator('form.commitment-form');
    await form.locator('textarea[name=commitment-text]').fill(COMMITMENT);
    await fillUtcDay(pak, 'commitment-due', Date.now() + 30 * DAY);
    await form.locator('select[name=commitment-source]').selectOption({ label: `Joint statement: ${STATEMENT}` });
    // Without an owner nation, the message says what is missing.
    await form.getByRole('button', { name: 'Record the commitment' }).click();
    await form.getByText(/Name at least one owner nation/).waitFor();
    await form.getByRole('checkbox', { name: 'KAZ', exact: true }).check();
    await form.getByRole('button', { name: 'Record the commitment' }).click();
    const row = pak.getByTestId('commitments').getByRole('row', { name: new RegExp(COMMITMENT) });
    await row.waitFor();
    expect(await row.textContent()).toContain('Planned');
    expect(await row.textContent()).toContain(`Joint statement: ${STATEMENT}`);
    expect(await pak.getByTestId('tracker-KAZ-planned').textContent()).toBe('1');
    expect(await form.locator('textarea[name=commitment-text]').inputValue()).toBe('');

    // KAZ's head of delegation finds it among the commitments and opens it.
    const kaz = await signIn('kaz.delegation-head');
    await kaz.getByRole('link', { name: 'Commitments', exact: true }).click();
    await kaz.getByRole('heading', { name: 'Commitments', level: 1 }).waitFor();
    // Counted with every other commitment KAZ may read (the demo's too): what changes is counted below.
    const count = async (status: string) => Number(await kaz.getByTestId(`tracker-KAZ-${status}`).textContent());
    await kaz.getByTestId('commitments').getByRole('link', { name: COMMITMENT }).waitFor();
    const [plannedBefore, doneBefore] = [await count('planned'), await count('done')];
    expect(plannedBefore).toBeGreaterThanOrEqual(1);
    await kaz.getByTestId('commitments').getByRole('link', { name: COMMITMENT }).click();
    await kaz.getByRole('heading', { name: COMMITMENT, level: 1 }).waitFor();
    expect(await kaz.getByTestId('commitment-status').textContent()).toContain('Planned');
    expect(await kaz.getByRole('link', { name: `Joint statement: ${STATEMENT}` }).getAttribute('href')).toBe(
      new URL(statementUrl).pathname,
    );
    await kaz.getByText('No progress reported yet: report it below.').waitFor();

    // Reported done, citing the statement by pasting its address: the kind follows the link.
    await kaz.getByLabel('Status').selectOption('done');
    await kaz.getByLabel('What was done').fill('Two liaison officers took up their posts in Rawalpindi.');
    await kaz.getByRole('button', { name: 'Add a record as evidence' }).click();
    await kaz.getByLabel('Link or id of record 1').fill(statementUrl);
    expect(await kaz.getByLabel('Kind of record 1').inputValue()).toBe('statement');
    await kaz.getByRole('button', { name: 'Send the report' }).click();
    const reports = kaz.getByTestId('reports');
    await reports.waitFor();
    expect(await reports.textContent()).toContain('Two liaison officers took up their posts in Rawalpindi.');
    expect(await reports.getByRole('link', { name: STATEMENT }).getAttribute('href')).toBe(new URL(statementUrl).pathname);
    await expect.poll(() => kaz.getByTestId('commitment-status').textContent()).toContain('Done');

    // The tracker counts it done; the count is a link to the commitments it counts.
    await kaz.getByRole('link', { name: 'All commitments' }).click();
    await expect.poll(() => count('done')).toBe(doneBefore + 1);
    expect(await count('planned')).toBe(plannedBefore - 1);
    await kaz.getByTestId('tracker-KAZ-done').getByRole('link').click();
    await expect.poll(() => new URL(kaz.url()).search).toBe('?nation=KAZ&status=done');
    expect(await kaz.locator('select[name=status]').inputValue()).toBe('done');
    await kaz.getByTestId('commitments').getByRole('link', { name: COMMITMENT }).waitFor();

    // The host's meeting page follows, live.
    await expect.poll(() => pak.getByTestId('tracker-KAZ-done').textContent(), { timeout: 20_000 }).toBe('1');
    expect(
      await pak
        .getByTestId('commitments')
        .getByRole('row', { name: new RegExp(COMMITMENT) })
        .textContent(),
    ).toContain('Done');
  });
});
