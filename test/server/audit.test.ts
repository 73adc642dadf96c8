import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { checkpointHeader, exchangeCheckpoint } from '../../src/server/domain/federation/audit-exchange';
import { addPeer, ownInvite } from '../../src/server/domain/federation/peer-service';
import { peerRepository } from '../../src/server/db/repositories/peer-repository';
import { randomIds } from '../../src/server/context';
import { systemActor } from '../../src/server/domain/auth/actor';
import { signCheckpoint } from '../../src/server/domain/audit/audit-checkpoint';
import { checkpointPayload, countersignaturePayload, verifyAuditLog } from '../../src/server/domain/audit/audit-verify';
import { auditRepository } from '../../src/server/db/repositories/audit-repository';
import { verifyObjects } from '../../src/server/domain/federation/record-signature';
import { rotateNodeKey } from '../../src/server/domain/node/key-rotation';
import { ensureNodeIdentity } from '../../src/server/domain/node/node-identity';
import { decodePublicKey, encodePublicKey, newNodeKeys } from '../../src/server/domain/node/node-keys';
import { EXTENSIONS } from '../../src/server/domain/stix/stix-vocab';
import { publishDue } from '../../src/server/domain/taxii/publisher';
import { label, makeNation, makeNote, makeToken, makeUser } from '../kit/factories';
import { TAMPERINGS, forkLog, rewriteAndResign } from '../kit/audit-attacks';
import type { Tampering } from '../kit/audit-attacks';
import { bearer } from '../kit/http';
import { cloneTestDatabase } from '../kit/test-database';
import { freePort } from '../kit/free-port';
import { ManualClock, startTestNode } from '../kit/test-node';
import type { TestNode } from '../kit/test-node';
import type { AddressInfo } from 'node:net';

/** Each test tampers with the log, so each gets its own node. */
let node: TestNode | null = null;
async function nodeWithHistory(): Promise<TestNode> {
  await node?.close();
  node = await startTestNode();
  const author = await makeUser(node.ctx);
  for (let i = 0; i < 6; i++) await makeNote(node.ctx, author, { title: `n${i}`, label: label() });
  return node;
}
afterAll(() => node?.close());

const db = () => node!.ctx.database.db;

/** This node signs checkpoints at entries 4 and 6 (kept in its database), then its log forks after `keep`. */
async function forkLogAfterCheckpoints(n: TestNode, keep: number, entries: number) {
  const db = n.ctx.database.db;
  const full = await db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
  // Checkpoint entry 4 as if signed when the log ended there, then the head.
  await db
    .insertInto('audit_checkpoints')
    .values(checkpointRow(n, 4, full[3]!.hash))
    .execute();
  await signCheckpoint(n.ctx);
  // This fork keeps the checkpoints of the cut branch (as a restore of a database copy taken later would).
  const kept = await db.selectFrom('audit_checkpoints').selectAll().execute();
  await forkLog(n.ctx.database, keep, entries);
  await db.deleteFrom('audit_checkpoints').execute();
  await db.insertInto('audit_checkpoints').values(kept).execute();
}

function checkpointRow(n: TestNode, seq: number, headHash: string) {
  const at = n.clock.now().toISOString();
  const unsigned = { nodeId: n.ctx.node.nodeId, seq, headHash, at };
  return { seq, head_hash: headHash, at, node_id: n.ctx.node.nodeId, signature: n.ctx.node.sign(checkpointPayload(unsigned)) };
}

/** What a KAZ partner node that accepted a checkpoint of this node's log at `seq` hands back. */
async function countersignAsPartner(n: TestNode, seq: number, headHash: string) {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  const at = n.clock.now().toISOString();
  const payload = countersignaturePayload({ nodeId: n.ctx.node.nodeId, headHash, at });
  await auditRepository(n.ctx.database.db).keepCountersignature({
    peer_node_id: crypto.randomUUID(),
    peer_nation: 'KAZ',
    peer_public_key: encodePublicKey(publicKey),
    seq,
    head_hash: headHash,
    at: new Date(at),
    signature: crypto.sign(null, Buffer.from(payload), privateKey).toString('base64'),
    received_at: n.clock.now(),
  });
}

describe('the hash-chained audit log (R7: edit, delete, reorder, truncate, fork)', () => {
  let n: TestNode;
  beforeEach(async () => {
    n = await nodeWithHistory();
  });

  it('verifies an untouched log and a signed checkpoint', async () => {
    const checkpoint = await signCheckpoint(n.ctx);
    const result = await verifyAuditLog(n.ctx.database, { node: n.ctx.node, checkpoint });
    expect(result.problems).toEqual([]);
    expect(result.entries).toBe(6);
  });

  /** What the verifier says of each form (R7), given a checkpoint exported at the last of the six entries. */
  const FLAGGED: Record<Tampering, RegExp> = {
    edit: /Entry 3 was altered after it was written/,
    delete: /Entry 2 is missing \(next entry is 3\)/,
    reorder: /Entry 2 does not follow the entry before it \(chain broken\)/,
    truncate: /the exported checkpoint of .* covers entry 6, which is not in the log: the log was truncated/,
    fork: /Entry 6 differs from the exported checkpoint of .*: history was rewritten/,
  };
  it.each(Object.keys(FLAGGED) as Tampering[])('flags a log whose entries were tampered with: %s', async (form) => {
    const exported = await signCheckpoint(n.ctx);
    expect((await verifyAuditLog(n.ctx.database, { node: n.ctx.node, checkpoint: exported })).ok).toBe(true);
    await TAMPERINGS[form](n.ctx.database);
    const result = await verifyAuditLog(n.ctx.database, { node: n.ctx.node, checkpoint: exported });
    expect(result.ok).toBe(false);
    expect(result.problems.join('\n')).toMatch(FLAGGED[form]);
  });

  it('flags edits, deletions and reorderings from the chain alone, with no checkpoint at all', async () => {
    for (const form of ['edit', 'delete', 'reorder'] as const) {
      n = await nodeWithHistory();
      await TAMPERINGS[form](n.ctx.database);
      const result = await verifyAuditLog(n.ctx.database);
      expect(result.problems.join('\n'), form).toMatch(FLAGGED[form]);
    }
  });

  it('flags a fork against what any checkpoint it trusts says: this node’s own, a partner’s countersignature, an exported one', async () => {
    // Checkpoints this node signed and kept, at entries 4 and 6; the fork keeps entries 1 to 3 and writes five others.
    await forkLogAfterCheckpoints(n, 3, 5);
    const own = await verifyAuditLog(n.ctx.database, { node: n.ctx.node });
    expect(own.problems.join('\n')).toMatch(/Entry 4 differs from this node's checkpoint of .*: history was rewritten/);

    // The attacker also removes the checkpoints: a partner's countersignature of entry 6 still shows it.
    n = await nodeWithHistory();
    const head = await db().selectFrom('audit_head').selectAll().executeTakeFirstOrThrow();
    await countersignAsPartner(n, Number(head.seq), head.hash);
    await forkLog(n.ctx.database, 3, 5);
    await db().deleteFrom('audit_checkpoints').execute();
    const countersigned = await verifyAuditLog(n.ctx.database, { node: n.ctx.node });
    expect(countersigned.problems.join('\n')).toMatch(
      /Entry 6 differs from the countersignature of the KAZ node .*: history was rewritten/,
    );

    // A fork shorter than the checkpoint held is a truncation to it.
    n = await nodeWithHistory();
    const exported = await signCheckpoint(n.ctx);
    await forkLog(n.ctx.database, 3, 1);
    const shorter = await verifyAuditLog(n.ctx.database, { node: n.ctx.node, checkpoint: exported });
    expect(shorter.problems.join('\n')).toMatch(/covers entry 6, which is not in the log: the log was truncated/);

    // With nothing kept off the database, a fork with its checkpoints removed checks out: verify says it cannot see it.
    n = await nodeWithHistory();
    await forkLog(n.ctx.database, 3, 5);
    await db().deleteFrom('audit_checkpoints').execute();
    const blind = await verifyAuditLog(n.ctx.database, { node: n.ctx.node });
    expect(blind.ok).toBe(true);
    expect(blind.blindSpots.join('\n')).toMatch(/Entries 1 to 8 come after the newest checkpoint checked: a rewrite of them/);
  });

  it('detects truncation given a checkpoint, even when the head is rewritten too', async () => {
    const checkpoint = await signCheckpoint(n.ctx);
    const last = await db().selectFrom('audit_log').select(['hash']).where('seq', '=', 4).executeTakeFirstOrThrow();
    await db().deleteFrom('audit_log').where('seq', '>', 4).execute();
    await db().updateTable('audit_head').set({ seq: 4, hash: last.hash }).execute();
    await db().deleteFrom('audit_checkpoints').execute();
    expect((await verifyAuditLog(n.ctx.database, { node: n.ctx.node })).ok).toBe(true); // without a checkpoint, a clean cut looks whole
    const withCheckpoint = await verifyAuditLog(n.ctx.database, { node: n.ctx.node, checkpoint });
    expect(withCheckpoint.problems.join()).toMatch(/truncated/);
  });

  it('rejects a forged checkpoint', async () => {
    const checkpoint = await signCheckpoint(n.ctx);
    const result = await verifyAuditLog(n.ctx.database, { node: n.ctx.node, checkpoint: { ...checkpoint, headHash: 'f'.repeat(64) } });
    expect(result.problems.join()).toMatch(/signature/);
  });

  it('writes the audit entry in the same transaction as the change', async () => {
    const notes = Number(
      (
        await db()
          .selectFrom('notes')
          .select((eb) => eb.fn.countAll().as('c'))
          .executeTakeFirstOrThrow()
      ).c,
    );
    const creates = Number(
      (
        await db()
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll().as('c'))
          .where('action', '=', 'note.create')
          .executeTakeFirstOrThrow()
      ).c,
    );
    expect(creates).toBe(notes);
  });
});

describe('a partner holding an older checkpoint of this node’s log (R7: truncate, fork)', () => {
  // KAZ's log is tampered with; PAK, its partner, holds a checkpoint of it from an earlier pull.
  let kaz: TestNode;
  let pak: TestNode;
  /** The entry of KAZ's log PAK's checkpoint covers, and its chain hash (PAK itself knows only the hash). */
  let held: number;
  let heldHash: string;
  const started: { close(): Promise<void> }[] = [];
  beforeEach(async () => {
    for (const s of started.splice(0)) await s.close();
    const listening = async (nation: string) => {
      const port = await freePort();
      const n = await startTestNode(nation, { CONCORD_PUBLIC_URL: `http://127.0.0.1:${port}`, CONCORD_OUTBOUND_ALLOW: 'loopback' });
      await n.app.http.listen({ port, host: '127.0.0.1' });
      started.push(n);
      return n;
    };
    kaz = await listening('KAZ');
    pak = await listening('PAK');
    await makeNation(pak.ctx, 'KAZ');
    await makeNation(kaz.ctx, 'PAK');
    const admin = systemActor('test');
    await addPeer(pak.ctx, admin, await ownInvite(kaz.ctx, admin));
    await addPeer(kaz.ctx, admin, await ownInvite(pak.ctx, admin));
    const author = await makeUser(kaz.ctx);
    for (let i = 0; i < 6; i++) await makeNote(kaz.ctx, author, { title: `n${i}`, label: label() });
    const head = await kaz.ctx.database.db.selectFrom('audit_head').selectAll().executeTakeFirstOrThrow();
    await exchange();
    held = Number(head.seq);
    heldHash = head.hash;
    expect(held).toBeGreaterThan(6);
    expect((await heldByPak()).audit_head).toBe(heldHash);
  });
  afterAll(async () => {
    for (const s of started.splice(0)) await s.close();
  });

  const heldByPak = async () => (await peerRepository(pak.ctx.database.db).find(kaz.ctx.node.nodeId))!;
  /** A pull's checkpoint exchange, KAZ's checkpoint signed with its real key (a hostile partner holds it); `url` is where PAK asks KAZ. */
  async function exchange(url?: string) {
    // A partner's log is checked at most every 10 s.
    for (const n of [pak, kaz]) n.clock.advance(11_000);
    const peer = await heldByPak();
    const pakOnKaz = (await peerRepository(kaz.ctx.database.db).find(pak.ctx.node.nodeId))!;
    await exchangeCheckpoint(pak.ctx, { ...peer, url: url ?? peer.url }, await checkpointHeader(kaz.ctx, pakOnKaz));
    return heldByPak();
  }

  it('flags a truncated log', async () => {
    await TAMPERINGS.truncate(kaz.ctx.database);
    const peer = await exchange();
    expect(peer.audit_problem).toBe('its audit log was truncated: the entry the checkpoint held is gone');
    expect(peer.audit_head).toBe(heldHash);
  });

  it('flags a fork shorter than, as long as and longer than the checkpoint held', async () => {
    for (const [length, problem] of [
      [held - 1, /truncated: the entry the checkpoint held is gone/],
      [held, /rewritten or forked before the entry the checkpoint held/],
      [held + 4, /rewritten or forked before the entry the checkpoint held/],
    ] as const) {
      await pak.ctx.database.db.updateTable('peers').set({ audit_problem: null }).execute();
      await forkLog(kaz.ctx.database, 3, length - 3);
      const peer = await exchange();
      expect(peer.audit_problem ?? 'none', `fork to ${length} entries`).toMatch(new RegExp(`^its audit log was ${problem.source}$`));
      expect(peer.audit_head).toBe(heldHash);
    }
    // …and `concord audit verify` on KAZ sees it against PAK's countersignature of the checkpoint held.
    const verified = await verifyAuditLog(kaz.ctx.database, { node: kaz.ctx.node });
    expect(verified.problems.join('\n')).toMatch(new RegExp(`Entry ${held} differs from the countersignature of the PAK node`));
  });

  it('neither accepts nor countersigns a longer checkpoint it could not check, and flags the fork once it can', async () => {
    await forkLog(kaz.ctx.database, 3, held + 4 - 3);
    // KAZ does not answer the question that would show the fork.
    const silent = http.createServer((_request, response) => response.writeHead(503).end());
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const unchecked = await exchange(`http://127.0.0.1:${(silent.address() as AddressInfo).port}`);
      expect(unchecked.audit_head).toBe(heldHash);
      expect(unchecked.audit_problem).toBeNull();
      const countersigned = await kaz.ctx.database.db.selectFrom('audit_countersignatures').select('seq').execute();
      expect(countersigned.map((c) => Number(c.seq))).not.toContain(held + 4);
    } finally {
      await new Promise((resolve) => silent.close(resolve));
    }
    expect((await exchange()).audit_problem ?? 'none').toMatch(/rewritten or forked before the entry the checkpoint held/);
  });
});

describe('audit anchoring: the node key outside the database', () => {
  let n: TestNode;
  beforeEach(async () => {
    n = await nodeWithHistory();
  });

  it('keeps the private key out of the database after start, in a key file only the node’s account may read', async () => {
    const identity = await db().selectFrom('node_identity').selectAll().executeTakeFirstOrThrow();
    expect(identity.private_key).toBeNull();
    const settings = await db().selectFrom('node_settings').selectAll().execute();
    expect(JSON.stringify([identity, settings])).not.toMatch(/PRIVATE KEY/);
    const keyFile = n.ctx.config.keyFile;
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    const keys = JSON.parse(fs.readFileSync(keyFile, 'utf8'));
    expect(keys).toMatchObject({ nodeId: identity.node_id, publicKey: identity.public_key });
    expect(keys.privateKey).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });

  it('catches a log rewritten and re-signed with a key from the database, with or without an exported checkpoint', async () => {
    const exported = await signCheckpoint(n.ctx);
    await rewriteAndResign(n.ctx.database, 3);
    const withoutFile = await verifyAuditLog(n.ctx.database, { node: n.ctx.node });
    expect(withoutFile.ok).toBe(false);
    expect(withoutFile.problems.join('\n')).toMatch(/checkpoint of entry 6 .* not signed by this node's key: it was forged/);
    const withFile = await verifyAuditLog(n.ctx.database, { node: n.ctx.node, checkpoint: exported });
    expect(withFile.problems.join('\n')).toMatch(/Entry 6 differs from the exported checkpoint .*: history was rewritten/);
  });

  it('catches a log cut short when an exported checkpoint is given, and says plainly what it cannot see without one', async () => {
    const exported = await signCheckpoint(n.ctx);
    // The attacker removes the end of the log and every checkpoint the database held of it.
    const keptHash = (await db().selectFrom('audit_log').select('hash').where('seq', '=', 4).executeTakeFirstOrThrow()).hash;
    await db().deleteFrom('audit_log').where('seq', '>', 4).execute();
    await db().updateTable('audit_head').set({ seq: 4, hash: keptHash }).execute();
    await db().deleteFrom('audit_checkpoints').execute();

    const blind = await verifyAuditLog(n.ctx.database, { node: n.ctx.node });
    expect(blind.ok).toBe(true);
    expect(blind.blindSpots.join('\n')).toMatch(/No checkpoint kept off this node was given/);
    expect(blind.blindSpots.join('\n')).toMatch(/Entries removed from the end of the log together with the checkpoints that covered them/);
    expect(blind.blindSpots.join('\n')).toMatch(/Entries 1 to 4 come after the newest checkpoint checked: a rewrite of them/);

    const anchored = await verifyAuditLog(n.ctx.database, { node: n.ctx.node, checkpoint: exported });
    expect(anchored.problems).toEqual([
      expect.stringMatching(/the exported checkpoint of .* covers entry 6, which is not in the log: the log was truncated/),
    ]);
    expect(anchored.blindSpots.join('\n')).not.toMatch(/No checkpoint kept off/);
  });

  it('refuses an exported checkpoint of another key or node', async () => {
    const exported = await signCheckpoint(n.ctx);
    const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
    const forged = { ...exported, publicKey: encodePublicKey(publicKey) };
    forged.signature = crypto.sign(null, Buffer.from(checkpointPayload(forged)), privateKey).toString('base64');
    expect((await verifyAuditLog(n.ctx.database, { node: n.ctx.node, checkpoint: forged })).problems.join()).toMatch(
      /a key this node never had/,
    );
  });
});

describe('the node key file', () => {
  const folders: string[] = [];
  const keyFolder = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-key-test-'));
    folders.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('takes over the key an existing database kept, and erases it from the table', async () => {
    const old = await cloneTestDatabase();
    try {
      const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
      const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
      const nodeId = crypto.randomUUID();
      await old.database.db
        .insertInto('node_identity')
        .values({ id: 1, node_id: nodeId, nation: 'PAK', public_key: encodePublicKey(publicKey), private_key: pem, created_at: new Date() })
        .execute();
      const keyFile = path.join(keyFolder(), 'node.key');
      const identity = await ensureNodeIdentity(old.database, { nation: 'PAK', keyFile }, new ManualClock(), randomIds);
      expect(identity).toMatchObject({ nodeId, publicKey: encodePublicKey(publicKey) });
      expect((await old.database.db.selectFrom('node_identity').select('private_key').executeTakeFirstOrThrow()).private_key).toBeNull();
      expect(JSON.parse(fs.readFileSync(keyFile, 'utf8')).privateKey).toBe(pem);
      expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
      // A second start reads the file; the move is audited once.
      await ensureNodeIdentity(old.database, { nation: 'PAK', keyFile }, new ManualClock(), randomIds);
      const moved = await old.database.db.selectFrom('audit_log').select('action').where('action', '=', 'node.key-moved-out').execute();
      expect(moved).toHaveLength(1);
      // Without its key file the node does not start.
      await expect(
        ensureNodeIdentity(old.database, { nation: 'PAK', keyFile: path.join(keyFolder(), 'node.key') }, new ManualClock(), randomIds),
      ).rejects.toThrow(/private key is kept in its key file, and there is none at/);
    } finally {
      await old.drop();
    }
  });

  it('refuses a key file others may read, and another node’s key file', async () => {
    const database = await cloneTestDatabase();
    try {
      const keyFile = path.join(keyFolder(), 'node.key');
      await ensureNodeIdentity(database.database, { nation: 'PAK', keyFile }, new ManualClock(), randomIds);
      fs.chmodSync(keyFile, 0o644);
      await expect(ensureNodeIdentity(database.database, { nation: 'PAK', keyFile }, new ManualClock(), randomIds)).rejects.toThrow(
        /may be read by other accounts \(mode 644\): run `chmod 600/,
      );
      const other = path.join(keyFolder(), 'node.key');
      const otherDatabase = await cloneTestDatabase();
      await ensureNodeIdentity(otherDatabase.database, { nation: 'PAK', keyFile: other }, new ManualClock(), randomIds);
      await otherDatabase.drop();
      await expect(ensureNodeIdentity(database.database, { nation: 'PAK', keyFile: other }, new ManualClock(), randomIds)).rejects.toThrow(
        /belongs to node .*, not to this database's node/,
      );
    } finally {
      await database.drop();
    }
  });

  it('rotates: a new key signs, the old one still verifies what it signed, published objects are signed again', async () => {
    const n = await nodeWithHistory();
    const officer = await makeUser(n.ctx, { nation: 'PAK', roles: ['releasing-officer'] });
    const token = await makeToken(n.ctx, officer);
    const created = await n.app.http.inject({
      method: 'POST',
      url: '/api/incidents',
      headers: bearer(token),
      payload: {
        domain: 'border-incident',
        subtype: 'illegal-crossing',
        title: 'Published before the rotation',
        occurredAt: '2026-11-20T02:30:00Z',
        timePrecision: 'exact',
        place: { country: 'PAK', precision: 'country' },
        label: label(),
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const released = await n.app.http.inject({
      method: 'POST',
      url: `/api/incidents/${created.json().id}/release`,
      headers: bearer(token),
      payload: {},
    });
    expect(released.statusCode, released.body).toBe(200);
    while ((await publishDue(n.ctx)) > 0);
    const before = await signCheckpoint(n.ctx);
    const oldKey = n.ctx.node.publicKey;

    const { node, resigned, altered } = await rotateNodeKey(n.ctx, systemActor('test'));
    expect(node.publicKey).not.toBe(oldKey);
    expect(node.knownPublicKeys).toEqual([node.publicKey, oldKey]);
    expect(resigned).toBeGreaterThan(0);
    expect(altered).toBe(0);
    expect((await db().selectFrom('node_identity').select('public_key').executeTakeFirstOrThrow()).public_key).toBe(node.publicKey);
    expect(JSON.parse(fs.readFileSync(n.ctx.config.keyFile, 'utf8')).retired).toEqual([
      { publicKey: oldKey, retiredAt: expect.any(String) },
    ]);
    const rotation = await db().selectFrom('audit_log').select('details').where('action', '=', 'node.key-rotate').executeTakeFirstOrThrow();
    expect(rotation.details).toEqual({ from: oldKey, to: node.publicKey });

    // What the old key signed still verifies; a new checkpoint is signed by the new key.
    const after = await signCheckpoint({ ...n.ctx, node });
    expect(after.publicKey).toBe(node.publicKey);
    expect((await verifyAuditLog(n.ctx.database, { node, checkpoint: before })).problems).toEqual([]);
    // Every published object of this node now verifies under the new key (what a partner re-pinning it checks).
    const published = await db()
      .selectFrom('stix_objects')
      .select(sql<string>`object::text`.as('object'))
      .where('origin_node', '=', node.nodeId)
      .execute();
    const signed = published.map((row) => JSON.parse(row.object)).filter((o) => o.extensions?.[EXTENSIONS.signature]);
    expect(signed.length).toBeGreaterThan(0);
    expect((await verifyObjects(signed, node.nodeId, decodePublicKey(node.publicKey))).every((v) => v.ok)).toBe(true);
    // The next start reads the rotated key file.
    expect((await ensureNodeIdentity(n.ctx.database, n.ctx.config, n.clock, randomIds)).publicKey).toBe(node.publicKey);
  });

  it('finishes a rotation the database missed (the key file was written, then the process stopped)', async () => {
    const n = await nodeWithHistory();
    const oldKey = n.ctx.node.publicKey;
    const current = JSON.parse(fs.readFileSync(n.ctx.config.keyFile, 'utf8'));
    const rotated = newNodeKeys(current.nodeId, [{ publicKey: oldKey, retiredAt: new Date().toISOString() }]);
    fs.writeFileSync(n.ctx.config.keyFile, JSON.stringify(rotated), { mode: 0o600 });
    const node = await ensureNodeIdentity(n.ctx.database, n.ctx.config, n.clock, randomIds);
    expect(node.publicKey).toBe(rotated.publicKey);
    expect((await db().selectFrom('node_identity').select('public_key').executeTakeFirstOrThrow()).public_key).toBe(rotated.publicKey);
    expect(await db().selectFrom('audit_log').select('action').where('action', '=', 'node.key-rotate').execute()).toHaveLength(1);
  });
});
