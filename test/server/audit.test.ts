import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { randomIds } from '../../src/server/context';
import { systemActor } from '../../src/server/domain/auth/actor';
import { signCheckpoint } from '../../src/server/domain/audit/audit-checkpoint';
import { checkpointPayload, verifyAuditLog } from '../../src/server/domain/audit/audit-verify';
import { verifyObjects } from '../../src/server/domain/federation/record-signature';
import { rotateNodeKey } from '../../src/server/domain/node/key-rotation';
import { decodePublicKey, encodePublicKey, ensureNodeIdentity, newNodeKeys } from '../../src/server/domain/node/node-identity';
import { EXTENSIONS } from '../../src/server/domain/stix/stix-vocab';
import { publishDue } from '../../src/server/domain/taxii/publisher';
import { label, makeNote, makeToken, makeUser } from '../kit/factories';
import { rewriteAndResign } from '../kit/audit-attacks';
import { bearer } from '../kit/http';
import { cloneTestDatabase } from '../kit/test-database';
import { ManualClock, startTestNode } from '../kit/test-node';
import type { TestNode } from '../kit/test-node';

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

describe('the hash-chained audit log', () => {
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

  it('detects an edited entry', async () => {
    await db().updateTable('audit_log').set({ actor: 'someone-else' }).where('seq', '=', 3).execute();
    const result = await verifyAuditLog(n.ctx.database);
    expect(result.ok).toBe(false);
    expect(result.problems.join()).toMatch(/Entry 3 was altered/);
  });

  it('detects a deleted entry', async () => {
    await db().deleteFrom('audit_log').where('seq', '=', 2).execute();
    expect((await verifyAuditLog(n.ctx.database)).problems.join()).toMatch(/Entry 2 is missing/);
  });

  it('detects reordered entries', async () => {
    await sql`update audit_log set seq = -2 where seq = 2`.execute(db());
    await sql`update audit_log set seq = 2 where seq = 4`.execute(db());
    await sql`update audit_log set seq = 4 where seq = -2`.execute(db());
    expect((await verifyAuditLog(n.ctx.database)).ok).toBe(false);
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
