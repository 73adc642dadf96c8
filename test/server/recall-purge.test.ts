/**
 * What a recall leaves on the receiving node's disk: after the purge is compacted, neither the
 * database's files (the embedded one's whole data folder, write-ahead log included; on PostgreSQL
 * the database's own folder) hold the recalled record's text any more.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/server/domain/auth/actor';
import { addPeer, ownInvite } from '../../src/server/domain/federation/peer-service';
import { compactPurged } from '../../src/server/domain/federation/purge-compaction';
import { pullFrom } from '../../src/server/domain/federation/pull';
import { publishDue } from '../../src/server/domain/taxii/publisher';
import { label, makeOrg, makeToken, makeUser } from '../kit/factories';
import { anyVersion, bearer } from '../kit/http';
import { freePort } from '../kit/free-port';
import { testDatabaseKind } from '../kit/test-database';
import { startTestNode } from '../kit/test-node';
import type { TestNode } from '../kit/test-node';
import { shareDirectory } from '../kit/shared-directory';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-purge-'));
let pak: TestNode;
let kaz: TestNode;
let kazClosed = false;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  const started: TestNode[] = [];
  for (const nation of ['PAK', 'KAZ']) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const node = await startTestNode(
      nation,
      { CONCORD_PUBLIC_URL: url, CONCORD_OUTBOUND_ALLOW: 'loopback' },
      nation === 'KAZ' ? { pgliteDataDir: path.join(dataDir, 'kaz') } : {},
    );
    await node.app.http.listen({ port, host: '127.0.0.1' });
    started.push(node);
  }
  [pak, kaz] = started as [TestNode, TestNode];
  const org = await makeOrg(pak.ctx, 'PAK', 'PAK intelligence');
  const analyst = await makeUser(pak.ctx, { nation: 'PAK', org, roles: ['analyst'] });
  const releaser = await makeUser(pak.ctx, { nation: 'PAK', org, roles: ['releasing-officer'] });
  const kazAnalyst = await makeUser(pak.ctx, { nation: 'KAZ', roles: ['analyst'] });
  await shareDirectory(pak.ctx, kaz.ctx);
  tokens.analyst = await makeToken(pak.ctx, analyst);
  tokens.releaser = await makeToken(pak.ctx, releaser);
  tokens.kaz = await makeToken(kaz.ctx, kazAnalyst);
  const admin = systemActor('test');
  await addPeer(pak.ctx, admin, await ownInvite(kaz.ctx, admin), { accreditation: 'SECRET', caveats: [] });
  await addPeer(kaz.ctx, admin, await ownInvite(pak.ctx, admin), { accreditation: 'SECRET', caveats: [] });
});

afterAll(async () => {
  await pak?.close();
  if (!kazClosed) await kaz?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const call = (node: TestNode, who: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  node.app.http.inject({ method, url, headers: { ...bearer(tokens[who]!), ...anyVersion(method) }, ...(payload ? { payload } : {}) });

async function publishAll() {
  while ((await publishDue(pak.ctx)) > 0);
}

/** The files KAZ's database keeps: the embedded one's whole folder, or the PostgreSQL database's own folder. */
async function kazFiles(): Promise<string[]> {
  let root = path.join(dataDir, 'kaz');
  if (testDatabaseKind() === 'postgresql') {
    const { rows } = await sql<{ dir: string; oid: number }>`
      select current_setting('data_directory') as dir, (select oid from pg_database where datname = current_database()) as oid`.execute(
      kaz.ctx.database.db,
    );
    root = path.join(rows[0]!.dir, 'base', String(rows[0]!.oid));
  }
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) files.push(full);
    }
  };
  walk(root);
  return files;
}

/** The files that hold `text` (as the database stores it: UTF-8). */
async function filesHolding(text: string): Promise<string[]> {
  const needle = Buffer.from(text, 'utf8');
  return (await kazFiles()).filter((file) => {
    try {
      return fs.readFileSync(file).includes(needle);
    } catch {
      return false; // a file removed while the folder was read
    }
  });
}

describe('a recall on the receiving node’s disk', () => {
  it('after the purge is compacted, the database’s files no longer hold the recalled record’s text', async () => {
    const marker = `Purged-${crypto.randomBytes(8).toString('hex')}`;
    const created = await call(pak, 'analyst', 'POST', '/api/incidents', {
      domain: 'terrorism-militancy',
      subtype: 'attack-on-security-forces',
      title: `${marker} title`,
      narrative: `${marker} narrative`,
      occurredAt: '2026-11-20T02:30:00Z',
      timePrecision: 'exact',
      place: { country: 'PAK', admin1: 'Balochistan', precision: 'admin1' },
      label: label({ relTo: ['KAZ'] }),
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    expect((await call(pak, 'releaser', 'POST', `/api/incidents/${id}/release`, {})).statusCode).toBe(200);
    await publishAll();
    await pullFrom(kaz.ctx, pak.ctx.node.nodeId);
    expect((await call(kaz, 'kaz', 'GET', `/api/incidents/${id}`)).statusCode).toBe(200);
    // The scan finds the text once it is on disk (so it can tell when it is gone).
    await sql`checkpoint`.execute(kaz.ctx.database.db);
    expect((await filesHolding(marker)).length).toBeGreaterThan(0);

    expect((await call(pak, 'releaser', 'POST', `/api/incidents/${id}/recall`, { reason: 'Burnt source' })).statusCode).toBe(200);
    await publishAll();
    await pullFrom(kaz.ctx, pak.ctx.node.nodeId);
    expect((await call(kaz, 'kaz', 'GET', `/api/incidents/${id}`)).statusCode).toBe(404);
    const compacted = await compactPurged(kaz.ctx);
    expect(compacted.rewritten).toEqual(expect.arrayContaining(['incidents', 'incident_versions', 'stix_objects']));
    // Nothing waits any more.
    expect(await kaz.ctx.database.db.selectFrom('purge_compactions').selectAll().execute()).toEqual([]);

    if (testDatabaseKind() === 'pglite') {
      // As the outside audit looked: the node stopped, its data folder read.
      await kaz.close();
      kazClosed = true;
    }
    expect(await filesHolding(marker)).toEqual([]);
  });
});
