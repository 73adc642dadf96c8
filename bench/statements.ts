/**
 * D1: joint statements (issue budget: usable at 200 clauses × 30 nations).
 *
 * - Page: a node in this process on the embedded database (a temporary folder), the demo directory
 *   and 24 more nations, each with a head of delegation; PAK hosts a meeting of all 30 and drafts a
 *   200-clause statement; every nation gives its position on every clause and on the whole (some
 *   reservations and objections), 6,030 positions in all. Measured: the concurrence matrix computed
 *   alone (from the 30 nations' records), the statement's API answer (`GET /api/statements/:id`,
 *   as the pen-holder: the matrix, amendments, comments, reservations, permissions) and the web
 *   page in Chromium, from navigation to the matrix table drawn.
 * - Lag: two node processes (PAK and KAZ, the federation harness without faults, pulling every
 *   second and poked on each change); KAZ's head gives a position on its own node every 500 ms and
 *   a reader at PAK follows the statement every 25 ms. Lag per position: from KAZ's answer
 *   (committed) to PAK's matrix showing it.
 * Needs `npm run build` first (the web app, and the node processes of the lag run).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Database } from '../src/server/db/database';
import { concurrenceMatrix } from '../src/server/domain/dialogue/concurrence';
import { createMeeting } from '../src/server/domain/dialogue/meeting-service';
import { createStatement, getStatement, givePositions, positionFacts } from '../src/server/domain/dialogue/statement-service';
import { DEMO_PASSWORD } from '../src/server/domain/demo/demo-data';
import { launchChromium, signInAs } from '../test/e2e/browser';
import { Federation } from '../test/e2e/federation-harness';
import { makeUser } from '../test/kit/factories';
import { actorFor, benchContext, listeningApp, tokenFor } from './bench-node';
import { median, percentile } from './stats';

const NATIONS = 30;
const CLAUSES = 200;
const ms = (value: number) => `${value.toFixed(1)} ms`;
const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));
const everyone = (relTo: string[]) => ({
  classification: 'UNCLASSIFIED' as const,
  relTo,
  caveats: [],
  tlp: 'GREEN' as const,
  recipients: { orgs: [], users: [] },
});

async function pageFigures(runs: number): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-bench-statements-'));
  const database = await Database.openPGlite(path.join(dir, 'pglite'));
  try {
    const ctx = await benchContext(database, 'PAK');
    const extra = Array.from(
      { length: NATIONS - 6 },
      (_, i) => `X${String.fromCharCode(65 + Math.floor(i / 26))}${String.fromCharCode(65 + (i % 26))}`,
    );
    const heads = new Map<string, Awaited<ReturnType<typeof makeUser>>['actor']>();
    for (const nation of extra) heads.set(nation, (await makeUser(ctx, { nation, roles: ['delegation-head'] })).actor);
    for (const nation of ['PAK', 'KAZ', 'KGZ', 'TJK', 'UZB', 'USA'])
      heads.set(nation, await actorFor(ctx, `${nation.toLowerCase()}.delegation-head`));
    const pen = await actorFor(ctx, 'pak.dialogue-officer');
    const invited = [...heads.keys()].filter((n) => n !== 'PAK');
    const starts = Date.now() + 30 * 86_400_000;
    const meeting = await createMeeting(ctx, pen, {
      title: 'Bench conference',
      kind: 'conference',
      summary: '',
      venue: { online: true },
      timeZone: 'Asia/Karachi',
      startsAt: new Date(starts).toISOString(),
      endsAt: new Date(starts + 86_400_000).toISOString(),
      participants: invited,
      label: everyone(invited),
    });
    const clauses = Array.from(
      { length: CLAUSES },
      (_, i) =>
        `Clause ${i + 1}: the participants will cooperate on matter ${i + 1}, with due respect for each nation’s sovereignty and law.`,
    );
    const id = await createStatement(ctx, pen, meeting, {
      title: 'Bench statement',
      preamble: 'The participants,',
      clauses,
      language: 'en',
    });
    let given = 0;
    for (const [nation, head] of heads) {
      const { statement } = await getStatement(ctx, head, id);
      const positions = [
        ...statement.clauses.map((c, i) => {
          const stance =
            (i + nation.charCodeAt(2)) % 37 === 0 ? ('non-concur' as const) : i % 23 === 0 ? ('reservation' as const) : ('concur' as const);
          return {
            clause: c.id,
            ofVersion: c.version,
            stance,
            reservation: stance === 'reservation' ? `${nation} reads it narrowly.` : '',
            reason: stance === 'non-concur' ? 'Not yet.' : '',
            amendment: '',
          };
        }),
        { clause: null, ofVersion: statement.text_version, stance: 'concur' as const, reservation: '', reason: '', amendment: '' },
      ];
      await givePositions(ctx, head, id, { positions });
      given += positions.length;
    }
    const { app, baseUrl } = await listeningApp(ctx);
    const token = await tokenFor(ctx, 'pak.dialogue-officer');
    const { statement, positions } = await getStatement(ctx, pen, id);
    const matrixTimes: number[] = [];
    const apiTimes: number[] = [];
    let bytes = 0;
    for (let i = 0; i < Math.max(20, runs * 10); i++) {
      const t0 = performance.now();
      concurrenceMatrix(statement.participants, statement.clauses, statement.text_version, positionFacts(positions, statement));
      matrixTimes.push(performance.now() - t0);
      const t1 = performance.now();
      const response = await fetch(`${baseUrl}/api/statements/${id}`, { headers: { authorization: `Bearer ${token}` } });
      const body = await response.text();
      apiTimes.push(performance.now() - t1);
      bytes = body.length;
      if (response.status !== 200) throw new Error(`GET statement: ${response.status}`);
    }
    const browser = await launchChromium();
    const pageTimes: number[] = [];
    try {
      const page = await signInAs(browser, baseUrl, 'pak.dialogue-officer', { password: DEMO_PASSWORD, language: 'en' });
      for (let i = 0; i < Math.max(5, runs * 2); i++) {
        await page.goto(`${baseUrl}/meetings`);
        await page.locator('main h1').waitFor();
        const t0 = performance.now();
        await page.goto(`${baseUrl}/statements/${id}`);
        await page
          .getByTestId('matrix')
          .locator(`tbody tr:nth-child(${CLAUSES + 1})`)
          .waitFor();
        pageTimes.push(performance.now() - t0);
      }
    } finally {
      await browser.close();
      await app.http.close();
    }
    return [
      `${NATIONS} nations × ${CLAUSES} clauses, ${given} positions (PGlite, in this process); GET answer ${(bytes / 1024).toFixed(0)} KiB.`,
      '',
      '| measure | runs | median | p95 |',
      '| --- | --- | --- | --- |',
      `| concurrence matrix, computed | ${matrixTimes.length} | ${ms(median(matrixTimes))} | ${ms(percentile(matrixTimes, 95))} |`,
      `| \`GET /api/statements/:id\` (pen-holder) | ${apiTimes.length} | ${ms(median(apiTimes))} | ${ms(percentile(apiTimes, 95))} |`,
      `| statement page in Chromium, navigation to the matrix drawn | ${pageTimes.length} | ${ms(median(pageTimes))} | ${ms(percentile(pageTimes, 95))} |`,
    ].join('\n');
  } finally {
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function lagFigures(positions: number): Promise<string> {
  const federation = await Federation.start(2026_12_07, ['PAK', 'KAZ']);
  try {
    await federation.peerAll();
    const starts = Date.now() + 7 * 86_400_000;
    const meeting = await federation.call('PAK', 'dialogue-officer', 'POST', '/api/meetings', {
      title: 'Lag probe',
      kind: 'bilateral',
      venue: { online: true },
      timeZone: 'Asia/Karachi',
      startsAt: new Date(starts).toISOString(),
      endsAt: new Date(starts + 3_600_000).toISOString(),
      participants: ['KAZ'],
      label: everyone(['KAZ']),
    });
    const created = await federation.call('PAK', 'dialogue-officer', 'POST', `/api/meetings/${meeting.body.id}/statements`, {
      title: 'Lag probe',
      clauses: ['One.', 'Two.'],
    });
    const url = `/api/statements/${created.body.id}`;
    while ((await federation.call('KAZ', 'delegation-head', 'GET', url)).status !== 200) await sleep(100);
    const lags: number[] = [];
    for (let i = 0; i < positions; i++) {
      const s = (await federation.call('KAZ', 'delegation-head', 'GET', url)).body;
      const clause = s.clauses[i % 2];
      const given = await federation.call('KAZ', 'delegation-head', 'POST', `${url}/positions`, {
        positions: [{ clause: clause.id, ofVersion: clause.version, stance: 'reservation', reservation: `Probe ${i}.` }],
      });
      const committed = Date.now();
      if (given.status !== 200) throw new Error(`position: ${JSON.stringify(given.body)}`);
      const givenAt = given.body.matrix.clauses[clause.id].KAZ.givenAt as string;
      for (;;) {
        const onPak = (await federation.call('PAK', 'dialogue-officer', 'GET', url)).body;
        if (onPak.matrix.clauses[clause.id].KAZ.givenAt === givenAt) break;
        if (Date.now() - committed > 60_000) throw new Error('a position did not reach the host within a minute');
        await sleep(25);
      }
      lags.push(Date.now() - committed);
      await sleep(500);
    }
    return [
      `${positions} positions given on KAZ's node, each followed on PAK's (two node processes, embedded databases, pull every second, pokes on).`,
      '',
      '| measure | positions | median | p95 | p99 | max |',
      '| --- | --- | --- | --- | --- | --- |',
      `| lag, KAZ's answer → PAK's matrix | ${lags.length} | ${ms(median(lags))} | ${ms(percentile(lags, 95))} | ${ms(percentile(lags, 99))} | ${ms(Math.max(...lags))} |`,
    ].join('\n');
  } finally {
    await federation.close();
  }
}

export async function statementsBenchmark(runs: number): Promise<string> {
  const page = await pageFigures(runs);
  const lag = await lagFigures(Math.max(100, runs * 20));
  return `${page}\n\n${lag}`;
}
