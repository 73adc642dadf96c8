/**
 * The main screens of the web app, for the checks that walk all of them (accessibility, phone
 * width). Each is opened by address as a demo account; `prepareScreens` makes the records the
 * screens with an id show (an incident, an alert to a desk, a crisis room, a meeting with a file on
 * its agenda, a joint statement, a commitment with a progress report). Add a screen here and every
 * walking test covers it.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../src/server/domain/demo/demo-data';
import { currentTotp } from '../../src/server/domain/auth/totp';
import { apiAs } from './api-as';
import { launchChromium, signInAs } from './browser';
import { startNodeProcess } from './node-process';
import type { Browser, Page } from 'playwright-core';
import type { NodeProcess } from './node-process';

export type Records = {
  incident: string;
  alert: string;
  crisis: string;
  desk: string;
  meeting: string;
  statement: string;
  commitment: string;
  exercise: string;
  /** A demo lesson identified (KGZ's, of UZB-led Fergana Bridge), and its exercise. */
  observation: string;
  lessonsExercise: string;
};

export type MainScreen = {
  name: string;
  /** The demo account that opens it. */
  as: string;
  path: (records: Records) => string;
};

export const MAIN_SCREENS: MainScreen[] = [
  { name: 'incidents list', as: 'pak.releasing-officer', path: () => '/incidents' },
  { name: 'an incident', as: 'pak.releasing-officer', path: (r) => `/incidents/${r.incident}` },
  { name: 'new incident', as: 'pak.releasing-officer', path: () => '/incidents/new' },
  { name: 'map', as: 'pak.releasing-officer', path: () => '/map' },
  { name: 'timeline', as: 'pak.releasing-officer', path: () => '/timeline' },
  { name: 'dashboard', as: 'pak.releasing-officer', path: () => '/dashboard' },
  { name: 'release queue', as: 'pak.releasing-officer', path: () => '/release' },
  { name: 'alerts', as: 'pak.duty-officer', path: () => '/alerts' },
  { name: 'an alert', as: 'pak.duty-officer', path: (r) => `/alerts/${r.alert}` },
  { name: 'raise an alert', as: 'pak.duty-officer', path: () => '/alerts/new' },
  { name: 'crises', as: 'pak.duty-officer', path: () => '/crises' },
  { name: 'a crisis room', as: 'pak.duty-officer', path: (r) => `/crises/${r.crisis}` },
  { name: 'desks', as: 'pak.duty-officer', path: () => '/desks' },
  { name: 'a desk', as: 'pak.duty-officer', path: (r) => `/desks/${r.desk}` },
  { name: 'federation', as: 'pak.node-admin', path: () => '/federation' },
  { name: 'users', as: 'pak.node-admin', path: () => '/users' },
  { name: 'API tokens', as: 'pak.node-admin', path: () => '/tokens' },
  { name: 'actors', as: 'pak.releasing-officer', path: () => '/actors' },
  { name: 'new actor', as: 'pak.releasing-officer', path: () => '/actors/new' },
  { name: 'indicators', as: 'pak.releasing-officer', path: () => '/indicators' },
  { name: 'new indicator', as: 'pak.releasing-officer', path: () => '/indicators/new' },
  { name: 'notes', as: 'pak.releasing-officer', path: () => '/notes' },
  { name: 'new note', as: 'pak.releasing-officer', path: () => '/notes/new' },
  { name: 'import', as: 'pak.releasing-officer', path: () => '/import' },
  { name: 'saved searches', as: 'pak.releasing-officer', path: () => '/saved' },
  { name: 'TAXII feeds', as: 'pak.releasing-officer', path: () => '/feeds' },
  { name: 'declare a crisis', as: 'pak.duty-officer', path: () => '/crises/new' },
  { name: 'meetings', as: 'pak.dialogue-officer', path: () => '/meetings' },
  { name: 'a meeting', as: 'pak.dialogue-officer', path: (r) => `/meetings/${r.meeting}` },
  { name: 'organise a meeting', as: 'pak.dialogue-officer', path: () => '/meetings/new' },
  { name: 'calendar', as: 'pak.dialogue-officer', path: () => '/calendar' },
  { name: 'a joint statement', as: 'pak.dialogue-officer', path: (r) => `/statements/${r.statement}` },
  { name: 'a joint statement to concur in', as: 'kaz.delegation-head', path: (r) => `/statements/${r.statement}` },
  { name: 'commitments', as: 'pak.dialogue-officer', path: () => '/commitments' },
  { name: 'commitments filtered', as: 'kaz.delegation-head', path: () => '/commitments?nation=KAZ&status=in-progress' },
  { name: 'a commitment', as: 'pak.dialogue-officer', path: (r) => `/commitments/${r.commitment}` },
  { name: 'a commitment to report on', as: 'kaz.delegation-head', path: (r) => `/commitments/${r.commitment}` },
  { name: 'exercises', as: 'pak.exercise-planner', path: () => '/exercises' },
  { name: 'an exercise', as: 'pak.exercise-planner', path: (r) => `/exercises/${r.exercise}` },
  { name: 'an exercise a partner leads', as: 'kaz.exercise-planner', path: (r) => `/exercises/${r.exercise}` },
  { name: 'plan an exercise', as: 'pak.exercise-planner', path: () => '/exercises/new' },
  { name: 'change an exercise', as: 'pak.exercise-planner', path: (r) => `/exercises/${r.exercise}/edit` },
  { name: 'an exercise control panel', as: 'pak.exercise-planner', path: (r) => `/exercises/${r.exercise}/control` },
  { name: 'an exercise control panel a partner sees', as: 'kaz.exercise-planner', path: (r) => `/exercises/${r.exercise}/control` },
  { name: 'an exercise’s lessons', as: 'uzb.exercise-planner', path: (r) => `/exercises/${r.lessonsExercise}` },
  { name: 'an observation with its actions', as: 'uzb.dialogue-officer', path: (r) => `/observations/${r.observation}` },
  { name: 'busy blocks', as: 'kgz.exercise-planner', path: () => '/busy-blocks' },
  { name: 'exercise metrics', as: 'pak.exercise-planner', path: () => '/exercises/metrics' },
  { name: 'calendar, planning view', as: 'pak.exercise-planner', path: () => '/calendar?view=planning' },
];

const LABEL = { classification: 'UNCLASSIFIED', relTo: [], caveats: [], tlp: 'GREEN', recipients: { orgs: [], users: [] } };

/** An incident draft (in the release queue), a PAK desk with an alert waiting for it, and a crisis room. */
export async function prepareScreens(url: string): Promise<Records> {
  const releaser = await apiAs(url, 'pak.releasing-officer');
  const incident = await releaser('POST', '/api/incidents', {
    domain: 'terrorism-militancy',
    subtype: 'attack-on-security-forces',
    title: 'Checkpost attacked near Chaman',
    narrative: 'Two attackers, one device.',
    occurredAt: '2026-11-20T02:30:00Z',
    timePrecision: 'exact',
    place: { country: 'PAK', admin1: 'Balochistan', name: 'Chaman', point: { lat: 30.92, lon: 66.45 }, precision: 'near' },
    label: LABEL,
  });
  expect(incident.status, JSON.stringify(incident.body)).toBe(201);
  const duty = await apiAs(url, 'pak.duty-officer');
  const desk = await duty('POST', '/api/desks', { name: 'PAK operations' });
  expect(desk.status, JSON.stringify(desk.body)).toBe(201);
  const alert = await duty('POST', '/api/alerts', {
    severity: 'immediate',
    summary: 'Convoy seen at the Chaman crossing',
    label: LABEL,
    targetDesks: [desk.body.id],
  });
  expect(alert.status, JSON.stringify(alert.body)).toBe(201);
  const crisis = await duty('POST', '/api/crises', { title: 'Border crossing flooded', label: LABEL });
  expect(crisis.status, JSON.stringify(crisis.body)).toBe(201);
  const organiser = await apiAs(url, 'pak.dialogue-officer');
  const starts = Date.now() + 7 * 86_400_000;
  const meeting = await organiser('POST', '/api/meetings', {
    title: 'Working group on border liaison',
    kind: 'working-group',
    venue: { online: false, name: 'Islamabad', country: 'PAK', lat: 33.69, lon: 73.05 },
    timeZone: 'Asia/Karachi',
    startsAt: new Date(starts).toISOString(),
    endsAt: new Date(starts + 3 * 3_600_000).toISOString(),
    participants: ['KAZ'],
    label: { ...LABEL, relTo: ['KAZ'] },
  });
  expect(meeting.status, JSON.stringify(meeting.body)).toBe(201);
  const item = await organiser('POST', `/api/meetings/${meeting.body.id}/agenda`, { title: 'Liaison officers', ownerNation: 'KAZ' });
  expect(item.status, JSON.stringify(item.body)).toBe(201);
  const file = await organiser('POST', `/api/agenda-items/${item.body.id}/attachments`, {
    fileName: 'Liaison officers - terms of reference.txt',
    contentBase64: Buffer.from('Each nation names two liaison officers.\n').toString('base64'),
  });
  expect(file.status, JSON.stringify(file.body)).toBe(201);
  const statement = await organiser('POST', `/api/meetings/${meeting.body.id}/statements`, {
    title: 'Joint statement of the working group',
    clauses: ['Liaison officers are exchanged.', 'The group meets every quarter.'],
  });
  expect(statement.status, JSON.stringify(statement.body)).toBe(201);
  const [first, second] = statement.body.clauses as { id: string }[];
  const head = await apiAs(url, 'kaz.delegation-head');
  const positions = await head('POST', `/api/statements/${statement.body.id}/positions`, {
    positions: [
      { clause: first!.id, ofVersion: 1, stance: 'reservation', reservation: 'Subject to national approval.' },
      { clause: second!.id, ofVersion: 1, stance: 'non-concur', reason: 'Too rare.', amendment: 'The group meets every month.' },
    ],
  });
  expect(positions.status, JSON.stringify(positions.body)).toBe(200);
  const commitment = await organiser('POST', `/api/meetings/${meeting.body.id}/commitments`, {
    text: 'Name two liaison officers each.',
    ownerNations: ['KAZ'],
    dueOn: new Date(starts + 30 * 86_400_000).toISOString().slice(0, 10),
    source: { kind: 'statement', id: statement.body.id, clauseId: first!.id },
  });
  expect(commitment.status, JSON.stringify(commitment.body)).toBe(201);
  const report = await head('POST', `/api/commitments/${commitment.body.id}/reports`, {
    status: 'in-progress',
    text: 'One officer named; the second awaits approval.',
    evidence: [{ kind: 'meeting', id: meeting.body.id }],
  });
  expect(report.status, JSON.stringify(report.body)).toBe(201);
  const planner = await apiAs(url, 'pak.exercise-planner');
  const startex = Date.now() + 60 * 86_400_000;
  const exercise = await planner('POST', '/api/exercises', {
    title: 'Border liaison tabletop',
    kind: 'tabletop',
    venue: { online: false, name: 'Islamabad', country: 'PAK', lat: 33.69, lon: 73.05 },
    timeZone: 'Asia/Karachi',
    startsAt: new Date(startex).toISOString(),
    endsAt: new Date(startex + 2 * 86_400_000).toISOString(),
    participants: ['KAZ'],
    units: [{ nation: 'KAZ', name: '36th Air Assault Brigade' }],
    objectives: [{ text: 'Hand over a smuggling case between liaison desks.', threats: ['narcotics'] }],
    milestones: [
      {
        kind: 'final-planning-conference',
        startsAt: new Date(startex - 20 * 86_400_000).toISOString(),
        endsAt: new Date(startex - 19 * 86_400_000).toISOString(),
      },
    ],
    label: { ...LABEL, relTo: ['KAZ'] },
  });
  expect(exercise.status, JSON.stringify(exercise.body)).toBe(201);
  const lessons = await (await apiAs(url, 'uzb.exercise-planner'))('GET', '/api/observations?stage=lesson-identified');
  const lesson = (lessons.body.items as { id: string; exerciseId: string; nation: string }[]).find((o) => o.nation === 'KGZ');
  expect(lesson, JSON.stringify(lessons.body)).toBeDefined();
  return {
    incident: incident.body.id as string,
    alert: alert.body.id as string,
    crisis: crisis.body.id as string,
    desk: desk.body.id as string,
    meeting: meeting.body.id as string,
    statement: statement.body.id as string,
    commitment: commitment.body.id as string,
    exercise: exercise.body.id as string,
    observation: lesson!.id,
    lessonsExercise: lesson!.exerciseId,
  };
}

/**
 * One node and one Chromium for a file that walks the screens: `as(username)` signs a demo account
 * in once (node administrators with their authenticator code) and hands back its page, whose
 * language the test then chooses (`concord.language` in local storage, read on every load).
 */
export function screensInChromium() {
  let node: NodeProcess | undefined;
  let browser: Browser | undefined;
  let records: Records | undefined;
  const pages = new Map<string, Page>();
  beforeAll(async () => {
    node = await startNodeProcess();
    browser = await launchChromium();
    records = await prepareScreens(node.url);
    // A fresh Chromium's first page can take long on a busy machine; the tests' steps should not pay it.
    const warm = await browser.newPage();
    await warm.goto(node.url, { timeout: 120_000 });
    await warm.locator('main h1').waitFor({ timeout: 120_000 });
    await warm.context().close();
  });
  afterAll(async () => {
    await browser?.close();
    await node?.stop();
  });
  const started = () => {
    if (!node || !browser || !records) throw new Error('the node and Chromium start before the tests');
    return { node, browser, records };
  };
  return {
    url: () => started().node.url,
    browser: () => started().browser,
    records: () => started().records,
    as: async (username: string): Promise<Page> => {
      const { node: running, browser: chromium } = started();
      let page = pages.get(username);
      if (!page) {
        const totp = username.endsWith('.node-admin') ? currentTotp(DEMO_TOTP_SECRET, new Date()) : undefined;
        page = await signInAs(chromium, running.url, username, { password: DEMO_PASSWORD, ...(totp ? { totp } : {}) });
        pages.set(username, page);
      }
      return page;
    },
  };
}

/** Opens `path` in `language` and waits until the screen shows its heading. */
export async function openScreen(page: Page, url: string, path: string, language: string) {
  await page.evaluate((lang) => window.localStorage.setItem('concord.language', lang), language);
  await page.goto(`${url}${path}`);
  await page.locator('main h1').first().waitFor();
  await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(language);
}
