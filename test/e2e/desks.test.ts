/**
 * A duty desk run from the web app, in Chromium: the escalation policy edited with the step
 * editor (its timeline previewed as it is edited), the desk's numbers, a shift added in the week
 * view and the "on duty now" card that follows from it; then an alert from a partner shows both
 * sides its escalation's progress, and the bell's count falls to zero once the desk acknowledges.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { apiAs } from './api-as';
import { nodeInChromium } from './chromium-node';
import { fillUtc } from './date-input';

const HOUR = 3_600_000;

describe('desks in Chromium', () => {
  const { signIn, url } = nodeInChromium();
  let deskId = '';
  let kazApi: Awaited<ReturnType<typeof apiAs>>;

  beforeAll(async () => {
    kazApi = await apiAs(url(), 'kaz.duty-officer');
    const desk = await kazApi('POST', '/api/desks', { name: 'KAZ south duty' });
    expect(desk.status).toBe(201);
    deskId = desk.body.id as string;
    // Start from a quiet bell: whatever the demo data left waiting is answered first.
    const awaiting = (await kazApi('GET', '/api/alerts/awaiting')).body.items as { alertId: string; deskId: string }[];
    for (const a of awaiting) await kazApi('POST', `/api/alerts/${a.alertId}/acknowledge`, { deskId: a.deskId });
    await kazApi('POST', '/api/notifications/read', {});
  });

  it('edits the policy with steps, adds a shift and a number, and shows who is on duty now', async () => {
    const kaz = await signIn('kaz.duty-officer');
    await kaz.goto(`${url()}/desks/${deskId}`);
    const steps = kaz.getByTestId('policy-steps-0');
    await steps.waitFor();
    expect(await steps.locator('li').count()).toBe(4);

    // Duty officer first after 5 minutes; drop headquarters and the duty-officer step; a new
    // primary step moved up to second place; no repeat.
    await kaz.locator('select[name="step-0-0-role"]').selectOption('duty-officer');
    await kaz.locator('input[name="step-0-0-wait"]').fill('5');
    await kaz.getByRole('button', { name: 'Remove step 4' }).click();
    await kaz.getByRole('button', { name: 'Remove step 3' }).click();
    await kaz.locator('input[name="step-0-1-wait"]').fill('10');
    await kaz.getByRole('button', { name: 'Add a step' }).click();
    await kaz.locator('select[name="step-0-2-role"]').selectOption('primary');
    await kaz.getByRole('button', { name: 'Move step 3 up' }).click();
    await kaz.locator('input[name="policy-repeat"]').fill('0');
    expect(await kaz.getByTestId('policy-preview-0').locator('li').allTextContents()).toEqual([
      'at +0 min: Duty officer paged',
      'at +5 min: Primary paged',
      'at +15 min: Deputy paged',
      'at +25 min: the steps run out and the sender is told nobody answered',
    ]);
    await kaz.getByRole('button', { name: 'Save the policy' }).click();
    await kaz.getByText('Saved as version 1.').waitFor();
    expect((await kazApi('GET', `/api/desks/${deskId}`)).body.policy).toEqual({
      version: 1,
      policy: {
        timeZone: 'UTC',
        repeat: 0,
        rules: [
          {
            steps: [
              { notify: 'duty-officer', waitMinutes: 5 },
              { notify: 'primary', waitMinutes: 10 },
              { notify: 'deputy', waitMinutes: 10 },
            ],
          },
        ],
      },
    });

    // The desk's numbers: a wrong one is refused with what to fix, a right one is shown.
    await kaz.getByRole('button', { name: 'Add a contact' }).click();
    await kaz.locator('select[name="contact-0-kind"]').selectOption('secure-voice');
    await kaz.locator('input[name="contact-0-value"]').fill('7273 00 00 00');
    await kaz.getByRole('button', { name: 'Save the contacts' }).click();
    await kaz.getByText('Write the number in international form, starting with + and the country code').first().waitFor();
    await kaz.locator('input[name="contact-0-value"]').fill('+7 727 300 00 00');
    await kaz.getByRole('button', { name: 'Save the contacts' }).click();
    const card = kaz.getByTestId(`on-duty-${deskId}`);
    await expect.poll(() => card.textContent(), { timeout: 20_000 }).toContain('+7 727 300 00 00');
    expect(await card.textContent()).toContain('No duty officer is on shift now');

    // A shift from an hour ago to eight hours ahead, in UTC: it shows in the week, and its
    // officer is on duty now.
    const now = Date.now();
    const people = (await kazApi('GET', `/api/desks/${deskId}`)).body.people as { id: string; username: string }[];
    await kaz.locator('select[name="shift-user"]').selectOption(people.find((p) => p.username === 'kaz.duty-officer')!.id);
    await fillUtc(kaz, 'shift-start', now - HOUR);
    await fillUtc(kaz, 'shift-end', now + 8 * HOUR);
    await kaz.getByRole('button', { name: 'Add the shift' }).click();
    await expect.poll(() => kaz.getByTestId('shift-week').getByTestId('shift').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect.poll(() => card.textContent()).toContain('on shift until');
    expect(await card.textContent()).not.toContain('No duty officer is on shift now');
    expect(await kaz.getByTestId('shift-week').textContent()).toContain(
      `${new Date(now + 8 * HOUR).toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    );
    await kaz.context().close();
  });

  it('shows sender and desk the escalation, and the bell falls to zero once the desk acknowledges', async () => {
    const pakApi = await apiAs(url(), 'pak.duty-officer');
    const raised = await pakApi('POST', '/api/alerts', {
      severity: 'immediate',
      summary: 'Vehicles crossing south of the post',
      label: { classification: 'RESTRICTED', relTo: ['KAZ'], tlp: 'GREEN' },
      targetDesks: [deskId],
    });
    expect(raised.status).toBe(201);
    const alertId = raised.body.id as string;

    const kaz = await signIn('kaz.duty-officer');
    const bellCount = kaz.getByTestId('bell-count');
    await expect.poll(() => bellCount.textContent(), { timeout: 40_000 }).toBe('1');
    await kaz.getByTestId('bell').click();
    await kaz
      .getByTestId('bell-awaiting')
      .getByRole('link', { name: /Vehicles crossing south of the post/ })
      .click();

    const progress = kaz.getByTestId(`progress-${deskId}`);
    await progress.waitFor({ timeout: 20_000 });
    expect(await kaz.getByTestId(`step-${deskId}`).textContent()).toBe('Step 1 of 3: Duty officer paged');
    expect(await kaz.getByTestId(`next-${deskId}`).textContent()).toMatch(/^pages Primary at \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
    expect(await progress.textContent()).toContain('Paged');
    expect(await progress.getByTestId(`on-duty-${deskId}`).textContent()).toContain('+7 727 300 00 00');

    // The sender sees the same progress (not whom it paged) and the desk's numbers.
    const pak = await signIn('pak.duty-officer');
    await pak.goto(`${url()}/alerts/${alertId}`);
    await pak.getByTestId(`step-${deskId}`).waitFor({ timeout: 20_000 });
    expect(await pak.getByTestId(`step-${deskId}`).textContent()).toBe('Step 1 of 3: Duty officer paged');
    expect(await pak.getByTestId(`progress-${deskId}`).textContent()).not.toContain('Paged');
    expect(await pak.getByTestId(`on-duty-${deskId}`).textContent()).toContain('+7 727 300 00 00');

    await kaz.getByTestId('alert-targets').getByRole('button', { name: 'Acknowledge' }).click();
    // The alert page asks before it answers (the banner's button is the one-tap one).
    await kaz.getByTestId('alert-targets').getByRole('button', { name: 'Yes, acknowledge' }).click();
    await expect.poll(() => bellCount.count(), { timeout: 20_000 }).toBe(0);
    expect(await kaz.getByTestId('bell').getAttribute('aria-label')).toBe('Notifications: 0 waiting');
    await expect
      .poll(() => pak.getByTestId(`answer-${deskId}`).textContent(), { timeout: 40_000 })
      .toMatch(/^Acknowledged by .+\(kaz\.duty-officer\) at /);
    await pak.context().close();
    await kaz.context().close();
  });
});
