/**
 * T1: joint training's calendar (issue 22) — a node in this process on the embedded database (a
 * temporary folder), the demo directory and accounts, and 10,000 calendar entries over a year:
 * 4,000 exercises of the six nations (one milestone each: 4,000 more entries) and 2,000 busy blocks,
 * each under a label of its nation's choosing (a third released to everyone, a third to the lead and
 * two partners, a third to the lead alone). Measured over HTTP, as a planner's browser asks:
 *
 * - **Clash check**: `POST /api/exercises/clash-check` for a random plan (one to ten days, three
 *   nations, two units, a venue) as PAK's planner — the exercises and busy blocks it may read that
 *   overlap, and the participants' public holidays.
 * - **Month view**: `GET /api/calendar` for one month as KAZ's planner, every page of it.
 * - **iCalendar feed**: the calendar download (`GET /api/calendar/download`, what a subscription
 *   serves) over a window holding exactly 2,000 events for KAZ's planner; it is parsed with ical.js
 *   to check the count.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ICAL from 'ical.js';
import { sql } from 'kysely';
import { Database } from '../src/server/db/database';
import { labelToColumns } from '../src/shared/labels/label-columns';
import { calendarEvents } from '../src/server/domain/calendar/calendar-service';
import { actorFor, benchContext, listeningApp, tokenFor } from './bench-node';
import { median, percentile } from './stats';
import type { Label } from '../src/shared/labels/label';

const NATIONS = ['PAK', 'USA', 'KAZ', 'KGZ', 'TJK', 'UZB'];
const EXERCISES = 4_000;
const BLOCKS = 2_000;
const DAY = 86_400_000;
const ms = (value: number) => `${value.toFixed(1)} ms`;

/** A deterministic stream of numbers in [0, 1). */
function seeded(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

export async function trainingBenchmark(runs: number): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-bench-training-'));
  const database = await Database.openPGlite(path.join(dir, 'pglite'));
  const random = seeded(2027);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  try {
    const ctx = await benchContext(database, 'PAK');
    const orgs = new Map(
      (await ctx.database.db.selectFrom('organisations').select(['id', 'nation']).execute()).map((o) => [o.nation, o.id] as const),
    );
    const author = (await actorFor(ctx, 'pak.exercise-planner')).user.id;
    const year = Date.UTC(2027, 0, 1);
    const labelOf = (lead: string, i: number): Label => ({
      originator: { nation: lead, org: orgs.get(lead)! },
      classification: 'RESTRICTED',
      relTo: i % 3 === 0 ? NATIONS : i % 3 === 1 ? [lead, ...NATIONS.filter((n) => n !== lead).slice(0, 2)] : [lead],
      caveats: [],
      tlp: 'GREEN',
      recipients: { orgs: [], users: [] },
      state: 'active',
      version: 1,
    });
    const units = (nation: string) => [`${nation} brigade 1`, `${nation} brigade 2`, `${nation} battalion 3`];
    const exercises = Array.from({ length: EXERCISES }, (_, i) => {
      const lead = NATIONS[i % NATIONS.length]!;
      // Starts spread over the day's minutes, so a window can hold an exact number of events.
      const startsAt = year + Math.floor(random() * 360) * DAY + (i % 1_440) * 60_000;
      const participants = [...new Set([lead, pick(NATIONS), pick(NATIONS)])].sort();
      return {
        id: crypto.randomUUID(),
        version: 1,
        home_node: null,
        title: `Exercise ${i}`,
        kind: pick(['tabletop', 'command-post', 'field', 'live-fire', 'seminar', 'computer-assisted'] as const),
        status: pick(['concept', 'planning', 'approved'] as const),
        summary: '',
        venue: JSON.stringify({ online: false, name: `Range ${i % 50}`, country: lead, lat: 40 + (i % 50) / 10, lon: 70 + (i % 50) / 10 }),
        time_zone: 'Asia/Almaty',
        starts_at: new Date(startsAt),
        ends_at: new Date(startsAt + (1 + Math.floor(random() * 9)) * DAY),
        participants,
        units: JSON.stringify(participants.map((n) => ({ nation: n, name: pick(units(n)) }))),
        resources: [`Resource ${i % 30}`],
        objectives: JSON.stringify([]),
        training_audience: '',
        milestones: JSON.stringify([
          {
            id: crypto.randomUUID(),
            kind: 'final-planning-conference',
            title: '',
            starts_at: new Date(startsAt - 20 * DAY).toISOString(),
            ends_at: new Date(startsAt - 19 * DAY).toISOString(),
            meeting_id: null,
          },
        ]),
        created_by: author,
        created_at: new Date(),
        updated_at: new Date(),
        ...labelToColumns(labelOf(lead, i)),
      };
    });
    const blocks = Array.from({ length: BLOCKS }, (_, i) => {
      const nation = NATIONS[i % NATIONS.length]!;
      const startsAt = year + Math.floor(random() * 360) * DAY + (i % 1_440) * 60_000 + 30_000;
      return {
        id: crypto.randomUUID(),
        version: 1,
        title: 'Unavailable',
        unit: i % 2 === 0 ? pick(units(nation)) : null,
        all_day: true,
        starts_at: new Date(startsAt),
        ends_at: new Date(startsAt + (1 + Math.floor(random() * 6)) * DAY),
        time_zone: 'UTC',
        status: 'published',
        proposed_label: null,
        created_by: author,
        created_at: new Date(),
        updated_at: new Date(),
        ...labelToColumns(labelOf(nation, i)),
      };
    });
    for (let i = 0; i < exercises.length; i += 500)
      await ctx.database.db
        .insertInto('exercises')
        .values(exercises.slice(i, i + 500))
        .execute();
    for (let i = 0; i < blocks.length; i += 500)
      await ctx.database.db
        .insertInto('busy_blocks')
        .values(blocks.slice(i, i + 500))
        .execute();
    await sql`analyze`.execute(ctx.database.db);

    const { app, baseUrl } = await listeningApp(ctx);
    try {
      const pak = await tokenFor(ctx, 'pak.exercise-planner');
      const kaz = await tokenFor(ctx, 'kaz.exercise-planner');
      const call = (token: string, url: string, init: RequestInit = {}) =>
        fetch(`${baseUrl}${url}`, {
          ...init,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) },
        });

      // Clash checks.
      const clashTimes: number[] = [];
      const clashCounts: number[] = [];
      for (let i = 0; i < Math.max(100, runs * 40); i++) {
        const startsAt = year + Math.floor(random() * 355) * DAY;
        const participants = [...new Set([pick(NATIONS), pick(NATIONS), pick(NATIONS)])].filter((n) => n !== 'PAK');
        const body = {
          venue: { online: false, name: `Range ${i % 50}`, country: 'KAZ', lat: 40 + (i % 50) / 10, lon: 70 + (i % 50) / 10 },
          startsAt: new Date(startsAt).toISOString(),
          endsAt: new Date(startsAt + (1 + (i % 10)) * DAY).toISOString(),
          participants,
          units: participants.slice(0, 2).map((n) => ({ nation: n, name: pick(units(n)) })),
          resources: [`Resource ${i % 30}`],
        };
        const t0 = performance.now();
        const response = await call(pak, '/api/exercises/clash-check', { method: 'POST', body: JSON.stringify(body) });
        const answer = (await response.json()) as { clashes: unknown[] };
        clashTimes.push(performance.now() - t0);
        if (response.status !== 200) throw new Error(`clash check: ${response.status}`);
        clashCounts.push(answer.clashes.length);
      }

      // Month views, every page of each month.
      const monthTimes: number[] = [];
      const monthCounts: number[] = [];
      for (let r = 0; r < Math.max(2, runs); r++)
        for (let month = 0; month < 12; month++) {
          const from = new Date(Date.UTC(2027, month, 1)).toISOString();
          const to = new Date(Date.UTC(2027, month + 1, 1)).toISOString();
          let count = 0;
          let cursor: string | null = null;
          const t0 = performance.now();
          do {
            const response = await call(kaz, `/api/calendar?from=${from}&to=${to}&limit=500${cursor ? `&cursor=${cursor}` : ''}`);
            const page = (await response.json()) as { items: unknown[]; next: string | null };
            if (response.status !== 200) throw new Error(`calendar: ${response.status}`);
            count += page.items.length;
            cursor = page.next;
          } while (cursor);
          monthTimes.push(performance.now() - t0);
          monthCounts.push(count);
        }

      // An iCalendar file of exactly 2,000 events.
      const reader = await actorFor(ctx, 'kaz.exercise-planner');
      const all = await calendarEvents(ctx, reader, { from: new Date(year - 40 * DAY), to: new Date(year + 400 * DAY) });
      if (all.length <= 2_000) throw new Error(`only ${all.length} events readable`);
      const from = new Date(year - 40 * DAY).toISOString();
      const to = all[2_000]!.startsAt.toISOString();
      const feedTimes: number[] = [];
      let bytes = 0;
      let parsed = 0;
      for (let i = 0; i < Math.max(10, runs * 4); i++) {
        const t0 = performance.now();
        const response = await call(kaz, `/api/calendar/download?from=${from}&to=${to}`);
        const text = await response.text();
        feedTimes.push(performance.now() - t0);
        if (response.status !== 200) throw new Error(`download: ${response.status}`);
        bytes = Buffer.byteLength(text);
        parsed = new ICAL.Component(ICAL.parse(text) as unknown[]).getAllSubcomponents('vevent').length;
      }
      return [
        `Data: ${EXERCISES.toLocaleString('en')} exercises with a milestone each and ${BLOCKS.toLocaleString('en')} busy blocks (${(2 * EXERCISES + BLOCKS).toLocaleString('en')} calendar entries) over 2027, labels as above; PGlite.`,
        '',
        '| measure | median | p95 | notes |',
        '| --- | --- | --- | --- |',
        `| clash check (POST /api/exercises/clash-check, PAK planner) | ${ms(median(clashTimes))} | ${ms(percentile(clashTimes, 95))} | ${clashTimes.length} random plans; ${median(clashCounts)} clashes (median), ${Math.max(...clashCounts)} at most |`,
        `| month view (GET /api/calendar, every page, KAZ planner) | ${ms(median(monthTimes))} | ${ms(percentile(monthTimes, 95))} | ${monthTimes.length} month reads; ${median(monthCounts)} events a month (median) |`,
        `| iCalendar file of ${parsed.toLocaleString('en')} events (GET /api/calendar/download) | ${ms(median(feedTimes))} | ${ms(percentile(feedTimes, 95))} | ${(bytes / 1_048_576).toFixed(2)} MiB; parsed with ical.js: ${parsed} VEVENTs |`,
      ].join('\n');
    } finally {
      await app.http.close();
    }
  } finally {
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
