/**
 * A real node process (`concord start`) under keyed load, killed with SIGKILL and started again on
 * the same database: the load of test/server/crash-restart.test.ts and of `npm run soak`. Every
 * client sends each write with an Idempotency-Key and sends it again, with the same key, until it
 * gets an answer other than 503 or a broken connection — as a careful client would — and once
 * more after the last restart, as a client that lost the answer would. What was answered 2xx is
 * what must be in the database afterwards, exactly once.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { bootContext } from '../../src/server/boot';
import { readConfig } from '../../src/server/config';
import { Database } from '../../src/server/db/database';
import { verifyAuditLog } from '../../src/server/domain/audit/audit-verify';
import { startNodeProcess } from '../e2e/node-process';
import { incidentBody, label, makeOrg, makeToken, makeUser } from './factories';
import { freePort } from './free-port';
import type { NodeProcess } from '../e2e/node-process';

export interface CrashLoadOptions {
  /** PostgreSQL to run on; the embedded database in a folder of its own without. */
  databaseUrl?: string;
  clients: number;
  /** How many times the node is killed while the load runs. */
  kills: number;
  /** Writes acknowledged between two kills. */
  writesBetweenKills: number;
  /** Rows of each CSV import (every fifth write of a client is one); 0 for none. */
  importRows: number;
  /** Called between kills, with the node running: kill the database too, say. */
  meanwhile?: (round: number) => Promise<void>;
  say?: (line: string) => void;
}

export interface CrashLoadReport {
  database: 'pglite' | 'postgresql';
  clients: number;
  restarts: number;
  /** Writes answered 2xx, by kind. */
  acknowledged: Record<string, number>;
  /** Records those answers name. */
  records: number;
  /** Sends that met a dead node or a 503 and were sent again. */
  retries: number;
  /** Answered, then missing or stored twice; wrong final answers; audit and change-feed problems. */
  problems: string[];
  seconds: number;
}

type Ack =
  | { kind: 'create'; id: string; title: string }
  | { kind: 'edit'; id: string; narrative: string }
  | { kind: 'release'; id: string }
  | { kind: 'raise'; id: string; summary: string }
  | { kind: 'acknowledge'; alertId: string }
  | { kind: 'import'; title: string; rows: number };

const CSV_HEADER =
  'event_date,time_precision,event_type,sub_event_type,title,notes,country,admin1,location,latitude,longitude,geo_precision';

const incident = (title: string) => incidentBody(title);

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runCrashLoad(options: CrashLoadOptions): Promise<CrashLoadReport> {
  const say = options.say ?? (() => {});
  const started = Date.now();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-crash-'));
  const env: Record<string, string> = {
    CONCORD_NATION: 'PAK',
    CONCORD_DEMO: '0',
    CONCORD_KEY_FILE: path.join(dir, 'keys', 'node.key'),
    CONCORD_SECRETS_KEY_FILE: path.join(dir, 'keys', 'secrets.key'),
    CONCORD_LOG_LEVEL: 'warn',
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
  };
  const open = () =>
    options.databaseUrl ? Database.openPostgres(options.databaseUrl, { max: 2 }) : Database.openPGlite(path.join(dir, 'pglite'));

  // Accounts and tokens, written before the node runs (the embedded database has one process).
  const ctx = await bootContext(readConfig({ ...env, CONCORD_DATA_DIR: dir }), { loadDemo: false });
  const token: Record<string, string> = {};
  try {
    const org = await makeOrg(ctx, 'PAK', 'PAK intel');
    const people = {
      analyst: await makeUser(ctx, { nation: 'PAK', org, roles: ['analyst'] }),
      releaser: await makeUser(ctx, { nation: 'PAK', org, roles: ['releasing-officer'] }),
      duty: await makeUser(ctx, { nation: 'PAK', roles: ['duty-officer'] }),
      kazDuty: await makeUser(ctx, { nation: 'KAZ', roles: ['duty-officer'] }),
    };
    for (const [name, user] of Object.entries(people)) token[name] = await makeToken(ctx, user);
  } finally {
    await ctx.database.close();
  }

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let node: NodeProcess = await startNodeProcess(env, dir, port);
  /** What a node logged as an unhandled error is a problem too (its request was answered 500). */
  const logged: string[] = [];
  const stop = async (signal: NodeJS.Signals) => {
    await node.stop(signal);
    for (const line of node.output.join('').split('\n'))
      if (line.includes('"unhandled error"') || /uncaught|unhandled rejection/i.test(line)) logged.push(line.slice(0, 2_000));
  };
  let retries = 0;
  const acks: Ack[] = [];
  const problems: string[] = [];
  let stopping = false;

  /** One write, sent until it is answered: the same key every time. */
  /** Every write answered 2xx, as sent and as first answered: each is sent again at the end. */
  const answered: { who: string; method: string; url: string; body: unknown; headers: Record<string, string>; text: string }[] = [];
  const send = async (who: string, method: string, url: string, body: unknown, headers: Record<string, string> = {}) => {
    headers = { ...headers, 'idempotency-key': crypto.randomUUID() };
    for (let attempt = 0; attempt < 3_000; attempt++) {
      let response: Response;
      try {
        response = await fetch(`${base}${url}`, {
          method,
          headers: { authorization: `Bearer ${token[who]}`, 'content-type': 'application/json', ...headers },
          body: JSON.stringify(body),
        });
      } catch {
        retries++;
        await pause(100);
        continue;
      }
      const text = await response.text();
      if (response.status === 503) {
        retries++;
        await pause(100);
        continue;
      }
      if (response.status >= 300) {
        problems.push(`${method} ${url} answered ${response.status}: ${text.slice(0, 300)}`);
        return null;
      }
      answered.push({ who, method, url, body, headers, text });
      return JSON.parse(text) as Record<string, unknown>;
    }
    problems.push(`${method} ${url} never answered`);
    return null;
  };

  const desk = await send('kazDuty', 'POST', '/api/desks', { name: 'KAZ border desk' });
  const deskId = String(desk?.id);
  const alert = (summary: string) => ({
    severity: 'flash',
    summary,
    details: 'Twenty to thirty people.',
    label: label({ classification: 'RESTRICTED', relTo: ['KAZ'] }),
    targetDesks: [deskId],
  });
  // Alerts no one acknowledges: their escalation timers must fire after the restarts too.
  const timed: string[] = [];
  for (const n of [1, 2]) {
    const raised = await send('duty', 'POST', '/api/alerts', alert(`Unanswered alert ${n}`));
    if (raised) timed.push(String(raised.id));
  }

  const client = async (w: number) => {
    for (let n = 1; !stopping; n++) {
      const title = `Crash load w${w} n${n}`;
      if (options.importRows > 0 && n % 5 === 4) {
        const rows = Array.from(
          { length: options.importRows },
          (_, i) => `2026-03-1${i % 9},1,narcotics,seizure,${title},Row ${i},PAK,Sindh,Karachi,24.8,67.0,2`,
        );
        const csv = [CSV_HEADER, ...rows].join('\n');
        const imported = await send('analyst', 'POST', '/api/incidents/import', { csv, label: label({ classification: 'RESTRICTED' }) });
        if (imported) acks.push({ kind: 'import', title, rows: options.importRows });
        continue;
      }
      const created = await send('analyst', 'POST', '/api/incidents', incident(title));
      if (!created) continue;
      const id = String(created.id);
      acks.push({ kind: 'create', id, title });
      if (n % 4 === 1) {
        const narrative = `Edited: ${title}`;
        if (await send('analyst', 'PATCH', `/api/incidents/${id}`, { narrative }, { 'if-match': '"1"' }))
          acks.push({ kind: 'edit', id, narrative });
      } else if (n % 4 === 2) {
        if (await send('releaser', 'POST', `/api/incidents/${id}/release`, {})) acks.push({ kind: 'release', id });
      } else if (n % 4 === 3) {
        const summary = `Alert for ${title}`;
        const raised = await send('duty', 'POST', '/api/alerts', alert(summary));
        if (!raised) continue;
        const alertId = String(raised.id);
        acks.push({ kind: 'raise', id: alertId, summary });
        if (await send('kazDuty', 'POST', `/api/alerts/${alertId}/acknowledge`, { deskId, note: 'On it' }))
          acks.push({ kind: 'acknowledge', alertId });
      }
    }
  };

  const until = async (check: () => boolean) => {
    while (!check()) await pause(50);
  };
  const clients = Array.from({ length: options.clients }, (_, w) => client(w));
  let restarts = 0;
  for (let round = 1; round <= options.kills; round++) {
    const target = acks.length + options.writesBetweenKills;
    await until(() => acks.length >= target || problems.length > 0);
    await options.meanwhile?.(round);
    await stop('SIGKILL');
    say(`killed the node (${round}/${options.kills}) with ${acks.length} writes acknowledged`);
    node = await startNodeProcess(env, dir, port);
    restarts++;
  }
  const last = acks.length + options.writesBetweenKills;
  await until(() => acks.length >= last || problems.length > 0);
  stopping = true;
  await Promise.all(clients);

  // A client that lost an answer in a crash sends the write again: after all the restarts, each
  // gets its first answer back, and nothing is done twice (checked below).
  for (const write of answered) {
    const response = await fetch(`${base}${write.url}`, {
      method: write.method,
      headers: { authorization: `Bearer ${token[write.who]}`, 'content-type': 'application/json', ...write.headers },
      body: JSON.stringify(write.body),
    });
    const text = await response.text();
    if (response.headers.get('idempotent-replayed') !== 'true' || text !== write.text)
      problems.push(`${write.method} ${write.url} sent again after the restarts: ${response.status}, not its first answer`);
  }

  // Timers: the unanswered alerts' next steps come due while the node is down; the node started
  // again must move them on by itself.
  await stop('SIGKILL');
  const before = new Map<string, string>();
  let database = await open();
  try {
    for (const id of timed) {
      const moved = await sql<{ state: string }>`
        update alert_targets set due_at = now() - interval '1 minute'
        where alert_id = ${id} and due_at is not null
        returning round || '/' || step as state`.execute(database.db);
      before.set(id, moved.rows[0]?.state ?? 'none');
    }
  } finally {
    await database.close();
  }
  node = await startNodeProcess(env, dir, port);
  restarts++;
  for (const id of timed) {
    let state = before.get(id);
    for (let attempt = 0; attempt < 600 && state === before.get(id); attempt++) {
      const response = await fetch(`${base}/api/alerts/${id}`, { headers: { authorization: `Bearer ${token.kazDuty}` } });
      if (response.ok) {
        const target = ((await response.json()) as { targets: { escalation?: { round: number; step: number } }[] }).targets[0];
        if (target?.escalation) state = `${target.escalation.round}/${target.escalation.step}`;
      }
      if (state === before.get(id)) await pause(100);
    }
    if (state === before.get(id)) problems.push(`the escalation timer of alert ${id} did not fire after the restart`);
  }
  await stop('SIGTERM');
  problems.push(...logged.map((line) => `the node logged: ${line}`));

  database = await open();
  try {
    const count = async (query: ReturnType<typeof sql<{ n: number }>>) => Number((await query.execute(database.db)).rows[0]?.n);
    for (const ack of acks) {
      if (ack.kind === 'create') {
        const n = await count(sql`select count(*)::int as n from incidents where id = ${ack.id} and title = ${ack.title}`);
        const titled = await count(sql`select count(*)::int as n from incidents where title = ${ack.title}`);
        if (n !== 1 || titled !== 1) problems.push(`incident "${ack.title}" answered 201, found ${titled} times`);
      } else if (ack.kind === 'edit') {
        const n = await count(sql`select count(*)::int as n from incidents where id = ${ack.id} and narrative = ${ack.narrative}`);
        const edits = await count(sql`select count(*)::int as n from audit_log where action = 'incident.edit' and target_id = ${ack.id}`);
        if (n !== 1 || edits !== 1) problems.push(`the edit of ${ack.id} answered 200: kept ${n}, audited ${edits} times`);
      } else if (ack.kind === 'release') {
        const n = await count(sql`select count(*)::int as n from incidents where id = ${ack.id} and release_state = 'released'`);
        if (n !== 1) problems.push(`the release of ${ack.id} answered 200, the incident is not released`);
      } else if (ack.kind === 'raise') {
        const n = await count(sql`select count(*)::int as n from alerts where summary = ${ack.summary}`);
        if (n !== 1) problems.push(`alert "${ack.summary}" answered 201, found ${n} times`);
      } else if (ack.kind === 'acknowledge') {
        const n = await count(sql`select count(*)::int as n from alert_responses where alert_id = ${ack.alertId}`);
        if (n !== 1) problems.push(`the acknowledgement of ${ack.alertId} answered 200, found ${n} times`);
      } else {
        const n = await count(sql`select count(*)::int as n from incidents where title = ${ack.title}`);
        if (n !== ack.rows) problems.push(`import "${ack.title}" answered 200 for ${ack.rows} rows, found ${n}`);
      }
    }
    problems.push(...(await verifyAuditLog(database)).problems.map((p) => `audit: ${JSON.stringify(p)}`));
    // The change feed has a change for every version of every incident, and none for a version
    // that does not exist.
    const holes = await sql<{ id: string; version: number; changes: number[] }>`
      select i.id, i.version, coalesce(array_agg(c.version order by c.version) filter (where c.version is not null), '{}') as changes
      from incidents i left join changes c on c.record_kind = 'incident' and c.record_id = i.id
      group by i.id, i.version`.execute(database.db);
    for (const row of holes.rows) {
      const versions = [...new Set(row.changes.map(Number))];
      const expected = Array.from({ length: row.version }, (_, i) => i + 1);
      if (versions.join() !== expected.join()) problems.push(`incident ${row.id} v${row.version} has changes for [${versions.join()}]`);
    }
  } finally {
    await database.close();
  }
  if (!options.databaseUrl) fs.rmSync(dir, { recursive: true, force: true });
  const acknowledged: Record<string, number> = {};
  for (const ack of acks) acknowledged[ack.kind] = (acknowledged[ack.kind] ?? 0) + 1;
  return {
    database: options.databaseUrl ? 'postgresql' : 'pglite',
    clients: options.clients,
    restarts,
    acknowledged,
    records: acks.reduce((sum, ack) => sum + (ack.kind === 'import' ? ack.rows : ack.kind === 'create' || ack.kind === 'raise' ? 1 : 0), 0),
    retries,
    problems,
    seconds: Math.round((Date.now() - started) / 1000),
  };
}
