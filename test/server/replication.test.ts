/**
 * Replication between three nodes (PAK, KAZ, UZB) listening on 127.0.0.1, each with its own
 * database and the same directory: signed record versions pulled over TAXII with node tokens, the
 * node rule per object, no forwarding of another nation's records, idempotent and order-free
 * apply, forged objects refused with reasons, recall with tombstones and signed receipts.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import { SignJWT } from 'jose';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { applyObjects } from '../../src/server/domain/federation/apply';
import { verifyAuditLog } from '../../src/server/domain/audit/audit-verify';
import { mintNodeToken } from '../../src/server/domain/federation/node-token';
import { addPeer, ownInvite, repinPeer } from '../../src/server/domain/federation/peer-service';
import { rotateNodeKey } from '../../src/server/domain/node/key-rotation';
import { pullFrom } from '../../src/server/domain/federation/pull';
import { signObject, verifyObjects } from '../../src/server/domain/federation/record-signature';
import { systemActor } from '../../src/server/domain/auth/actor';
import { encodePublicKey, decodePublicKey } from '../../src/server/domain/node/node-keys';
import { EXTENSIONS, TLP2_MARKINGS } from '../../src/server/domain/stix/stix-vocab';
import { RECALL_RECEIPT_TYPE, RECALL_TYPE } from '../../src/server/db/repositories/stix-object-repository';
import { NODE_TOKEN_TYPE } from '../../src/server/domain/federation/node-token';
import { crisisEntryObject } from '../../src/server/domain/crisis/crisis-stix';
import { labelToColumns } from '../../src/shared/labels/label-columns';
import { COLLECTION_ID } from '../../src/server/domain/taxii/taxii-service';
import { publishDue } from '../../src/server/domain/taxii/publisher';
import { label, makeCaveat, makeOrg, makeToken, makeUser } from '../kit/factories';
import { anyVersion, bearer } from '../kit/http';
import { freePort } from '../kit/free-port';
import { startTestNode } from '../kit/test-node';
import { nullsAndEmptyLists } from '../kit/stix-emptiness';
import { checkStixObjects } from '../kit/stix-schema-check';
import { definitions } from '../../src/server/domain/stix/stix-definitions';
import type { TestNode } from '../kit/test-node';
import { shareDirectory } from '../kit/shared-directory';
import type { Label } from '../../src/shared/labels/label';

type Key = 'pak' | 'kaz' | 'uzb';
const NATIONS: Record<Key, string> = { pak: 'PAK', kaz: 'KAZ', uzb: 'UZB' };
const nodes = {} as Record<Key, { node: TestNode; url: string }>;
const tokens: Record<string, string> = {};

const ctxOf = (key: Key) => nodes[key].node.ctx;
const nodeId = (key: Key) => ctxOf(key).node.nodeId;
const peerAt = async (at: Key, of: Key) =>
  await ctxOf(at).database.db.selectFrom('peers').selectAll().where('node_id', '=', nodeId(of)).executeTakeFirstOrThrow();

beforeAll(async () => {
  for (const key of ['pak', 'kaz', 'uzb'] as const) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const node = await startTestNode(NATIONS[key], { CONCORD_PUBLIC_URL: url, CONCORD_OUTBOUND_ALLOW: 'loopback' });
    await node.app.http.listen({ port, host: '127.0.0.1' });
    nodes[key] = { node, url };
  }
  // One directory, as partner nodes share it: made on PAK, copied to the others.
  const pak = ctxOf('pak');
  await makeCaveat(pak, 'CT');
  const pakOrg = await makeOrg(pak, 'PAK', 'PAK intelligence');
  const users = {
    analyst: await makeUser(pak, { nation: 'PAK', org: pakOrg, roles: ['analyst'], caveats: ['CT'] }),
    releaser: await makeUser(pak, { nation: 'PAK', org: pakOrg, roles: ['releasing-officer'], caveats: ['CT'] }),
    kaz: await makeUser(pak, { nation: 'KAZ', roles: ['analyst'], caveats: ['CT'] }),
    uzb: await makeUser(pak, { nation: 'UZB', roles: ['analyst'], caveats: ['CT'] }),
  };
  await shareDirectory(ctxOf('pak'), ctxOf('kaz'), ctxOf('uzb'));
  tokens.analyst = await makeToken(pak, users.analyst);
  tokens.releaser = await makeToken(pak, users.releaser);
  tokens.kaz = await makeToken(ctxOf('kaz'), users.kaz);
  tokens.uzb = await makeToken(ctxOf('uzb'), users.uzb);
  // Everyone pins everyone; PAK takes KAZ to be accredited up to RESTRICTED, without caveats.
  const admin = systemActor('test');
  for (const at of ['pak', 'kaz', 'uzb'] as const)
    for (const of of ['pak', 'kaz', 'uzb'] as const) {
      if (at === of) continue;
      const accreditation = at === 'pak' && of === 'kaz' ? 'RESTRICTED' : 'SECRET';
      await addPeer(ctxOf(at), admin, await ownInvite(ctxOf(of), admin), { accreditation, caveats: [] });
    }
});
afterAll(async () => {
  for (const { node } of Object.values(nodes)) await node.close();
});

const call = (at: Key, who: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
  nodes[at].node.app.http.inject({
    method,
    url,
    headers: { ...bearer(tokens[who]!), ...anyVersion(method) },
    ...(payload ? { payload } : {}),
  });

async function released(body: object): Promise<string> {
  const created = await call('pak', 'analyst', 'POST', '/api/incidents', body);
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as string;
  const release = await call('pak', 'releaser', 'POST', `/api/incidents/${id}/release`, {});
  expect(release.statusCode, release.body).toBe(200);
  return id;
}

const incident = (title: string, relTo: string[], extra: object = {}) => ({
  domain: 'terrorism-militancy',
  subtype: 'attack-on-security-forces',
  title,
  narrative: `${title}: narrative`,
  occurredAt: '2026-11-20T02:30:00Z',
  timePrecision: 'exact',
  place: { country: 'PAK', admin1: 'Balochistan', precision: 'admin1' },
  label: label({ relTo }),
  ...extra,
});

async function publishAll(key: Key) {
  while ((await publishDue(ctxOf(key))) > 0);
}

/** What `from`'s node is served by `to` (as a peer would pull it), every version. */
async function servedTo(from: Key, to: Key): Promise<Record<string, unknown>[]> {
  const token = await mintNodeToken(ctxOf(from).node, nodeId(to), new Date(), crypto.randomUUID());
  const response = await fetch(`${nodes[to].url}/taxii2/api/collections/${COLLECTION_ID}/objects/?match[version]=all&limit=1000`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { objects: Record<string, unknown>[] }).objects;
}

const heldIds = async (key: Key) => (await ctxOf(key).database.db.selectFrom('incidents').select('id').execute()).map((r) => r.id).sort();

describe('replication between nodes', () => {
  const ids: Record<string, string> = {};

  it('carries each record version, signed, only to the nodes its label and the node rule allow', async () => {
    ids.kazOnly = await released(incident('For KAZ only', ['KAZ']));
    ids.both = await released(incident('For KAZ and UZB', ['KAZ', 'UZB']));
    ids.secret = await released(incident('Secret for KAZ', ['KAZ'], { label: label({ relTo: ['KAZ'], classification: 'SECRET' }) }));
    ids.sources = await released(
      incident('With CT sources', ['KAZ'], {
        sources: {
          items: [{ description: 'Liaison report', reliability: 'B', credibility: 2 }],
          label: label({ caveats: ['CT'], relTo: ['KAZ'] }),
        },
      }),
    );
    await publishAll('pak');
    const atKaz = await pullFrom(ctxOf('kaz'), nodeId('pak'));
    const atUzb = await pullFrom(ctxOf('uzb'), nodeId('pak'));
    expect(atKaz.rejected + atUzb.rejected).toBe(0);

    // KAZ: everything for KAZ except the SECRET one (PAK holds KAZ's node to RESTRICTED).
    expect(await heldIds('kaz')).toEqual([ids.kazOnly, ids.both, ids.sources].sort());
    expect(await heldIds('uzb')).toEqual([ids.both]);
    const read = await call('kaz', 'kaz', 'GET', `/api/incidents/${ids.kazOnly}`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ title: 'For KAZ only', narrative: 'For KAZ only: narrative', version: 2 });
    expect(read.json().label.originator.nation).toBe('PAK');
    expect((await call('uzb', 'uzb', 'GET', `/api/incidents/${ids.kazOnly}`)).statusCode).toBe(404);
    expect((await call('uzb', 'uzb', 'GET', `/api/incidents/${ids.both}`)).statusCode).toBe(200);

    // Sources labelled CT never left for KAZ's node (it holds no CT), and what came is still PAK's signature.
    const withSources = await call('kaz', 'kaz', 'GET', `/api/incidents/${ids.sources}`);
    expect(withSources.json().sources).toBeUndefined();
    const stored = await ctxOf('kaz')
      .database.db.selectFrom('stix_objects')
      .select('object')
      .where('stix_id', '=', `incident--${ids.sources}`)
      .executeTakeFirstOrThrow();
    const [storedCheck] = await verifyObjects([stored.object], nodeId('pak'), decodePublicKey(ctxOf('pak').node.publicKey));
    expect(storedCheck?.ok).toBe(true);
    expect(JSON.stringify(stored.object)).not.toContain('Liaison report');
  });

  it('never forwards another nation’s record, and serves received ones to local readers', async () => {
    const forwarded = await servedTo('uzb', 'kaz');
    expect(forwarded.filter((o) => String(o.id).includes(ids.both!))).toEqual([]);
    const local = await call('kaz', 'kaz', 'GET', `/taxii2/api/collections/${COLLECTION_ID}/objects/?limit=1000`);
    expect(local.statusCode).toBe(200);
    expect(local.json().objects.map((o: { id: string }) => o.id)).toContain(`incident--${ids.kazOnly}`);
  });

  it('is idempotent on (id, version) and converges whatever the order', async () => {
    const edited = await call('pak', 'analyst', 'PATCH', `/api/incidents/${ids.both}`, { title: 'For KAZ and UZB, revised' });
    expect(edited.statusCode, edited.body).toBe(200);
    await publishAll('pak');
    const versions = (await servedTo('uzb', 'pak')).filter((o) => o.id === `incident--${ids.both}`);
    expect(versions.length).toBeGreaterThanOrEqual(2);

    // UZB applies the versions newest first, then again: the same state as in order.
    const uzbPeer = await peerAt('uzb', 'pak');
    const reversed = await applyObjects(ctxOf('uzb'), uzbPeer, [...versions].reverse(), undefined);
    expect(reversed.rejected).toEqual([]);
    const again = await applyObjects(ctxOf('uzb'), uzbPeer, versions, undefined);
    expect(again).toMatchObject({ applied: 0, rejected: [] });
    expect(again.duplicates).toBe(versions.length);
    await pullFrom(ctxOf('kaz'), nodeId('pak'));
    const states = await Promise.all(
      (['kaz', 'uzb'] as const).map(async (key) =>
        ctxOf(key)
          .database.db.selectFrom('incidents')
          .select(['id', 'version', 'title', 'state'])
          .where('id', '=', ids.both!)
          .executeTakeFirstOrThrow(),
      ),
    );
    expect(states[0]).toEqual(states[1]);
    expect(states[0]).toMatchObject({ title: 'For KAZ and UZB, revised', state: 'active' });
    // UZB's TAXII readers get the newest version as the object's latest, though it was written first.
    const latest = async (id: string) =>
      (await call('uzb', 'uzb', 'GET', `/taxii2/api/collections/${COLLECTION_ID}/objects/incident--${id}/`))
        .json()
        .objects.map((o: { name: string }) => o.name);
    expect(await latest(ids.both!)).toEqual(['For KAZ and UZB, revised']);
    // …and so when the older version comes in a later page.
    const late = await released(incident('Versions out of order', ['UZB']));
    await publishAll('pak');
    expect((await call('pak', 'analyst', 'PATCH', `/api/incidents/${late}`, { title: 'Versions out of order, revised' })).statusCode).toBe(
      200,
    );
    await publishAll('pak');
    const lateVersions = (await servedTo('uzb', 'pak')).filter((o) => o.id === `incident--${late}`);
    expect(lateVersions).toHaveLength(2);
    for (const version of [...lateVersions].reverse()) await applyObjects(ctxOf('uzb'), uzbPeer, [version], undefined);
    expect(await latest(late)).toEqual(['Versions out of order, revised']);

    // From the start again: nothing new, nothing duplicated.
    await ctxOf('kaz').database.db.updateTable('peers').set({ pull_cursor: null }).where('node_id', '=', nodeId('pak')).execute();
    const replay = await pullFrom(ctxOf('kaz'), nodeId('pak'));
    expect(replay.applied).toBe(0);
    expect(replay.duplicates).toBeGreaterThan(0);
    const history = await call('kaz', 'kaz', 'GET', `/api/incidents/${ids.both}/history`);
    expect(history.statusCode).toBe(200);
  });

  it('resumes a peer from a cursor stored before cursors were sealed, where it was served; a cursor holds for its peer only', async () => {
    const pak = ctxOf('pak').database.db;
    const deliveredTo = (key: Key) =>
      sql`exists (select 1 from deliveries d where d.peer_node_id = ${nodeId(key)} and d.stix_id = o.stix_id and d.version = o.version)`;
    const last = await sql<{ seq: number }>`select max(o.seq)::int as seq from stix_objects o where ${deliveredTo('kaz')}`.execute(pak);
    const never = await sql<{ seq: number }>`select min(o.seq)::int as seq from stix_objects o where not ${deliveredTo('kaz')}`.execute(
      pak,
    );
    const [served, notServed] = [last.rows[0]!.seq, never.rows[0]!.seq];
    expect(served).toBeGreaterThan(0);
    expect(notServed).toBeGreaterThan(0);
    const plain = (seq: number) => Buffer.from(JSON.stringify({ s: seq })).toString('base64url');
    await ctxOf('kaz')
      .database.db.updateTable('peers')
      .set({ pull_cursor: plain(served) })
      .where('node_id', '=', nodeId('pak'))
      .execute();

    const fresh = await released(incident('After cursors were sealed', ['KAZ']));
    await publishAll('pak');
    const pulled = await pullFrom(ctxOf('kaz'), nodeId('pak'));
    expect(pulled).toMatchObject({ applied: 1, duplicates: 0, rejected: 0 });
    expect(await heldIds('kaz')).toContain(fresh);
    const sealed = (await peerAt('kaz', 'pak')).pull_cursor!;
    expect(sealed).toMatch(/^[A-Za-z0-9_-]{60}$/);

    const pageFor = async (from: Key, next: string) => {
      const token = await mintNodeToken(ctxOf(from).node, nodeId('pak'), new Date(), crypto.randomUUID());
      const response = await fetch(`${nodes.pak.url}/taxii2/api/collections/${COLLECTION_ID}/objects/?next=${next}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return { status: response.status, body: (await response.json()) as { title?: string } };
    };
    expect((await pageFor('kaz', sealed)).status).toBe(200);
    const borrowed = await pageFor('uzb', sealed);
    expect(borrowed.status).toBe(400);
    expect(borrowed.body.title).toMatch(/next/);
    // A plain cursor counts only at a place this peer was served: no probing positions with it.
    expect((await pageFor('kaz', plain(notServed))).status).toBe(400);
    const kazOnly = await sql<{ seq: number }>`select max(o.seq)::int as seq from stix_objects o
      where ${deliveredTo('kaz')} and not ${deliveredTo('uzb')}`.execute(pak);
    expect((await pageFor('kaz', plain(kazOnly.rows[0]!.seq))).status).toBe(200);
    expect((await pageFor('uzb', plain(kazOnly.rows[0]!.seq))).status).toBe(400);
  });

  it('refuses forged objects and labels, each with its reason, counted on the federation screen', async () => {
    const [genuine] = (await servedTo('kaz', 'pak')).filter((o) => o.id === `incident--${ids.kazOnly}`);
    const kazPeer = await peerAt('kaz', 'pak');
    const signed = (genuine!.extensions as Record<string, Record<string, unknown>>)[EXTENSIONS.signature]!;
    const widened = structuredClone(genuine!) as Record<string, Record<string, Record<string, unknown>>>;
    (widened.extensions![EXTENSIONS.signature]!.label as { rel_to: string[] }).rel_to = ['KAZ', 'UZB'];
    const retitled = { ...genuine!, name: 'Changed on the way' };
    const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
    const impostor = { ...ctxOf('pak').node, publicKey: encodePublicKey(publicKey), privateKey };
    const { extensions, ...bare } = genuine! as { extensions: Record<string, unknown> };
    const { [EXTENSIONS.signature]: _sig, ...rest } = extensions;
    const { rel_to: _relTo, recipients: _recipients, ...signedLabel } = signed.label as Record<string, unknown>;
    const byImpostor = signObject(
      { ...bare, extensions: rest } as never,
      { ...signedLabel, relTo: [], caveats: [], recipients: { orgs: [], users: [] } } as never,
      impostor,
    );
    const outcome = await applyObjects(
      ctxOf('kaz'),
      kazPeer,
      [widened, retitled, byImpostor, { ...bare, extensions: rest }, 'junk'],
      undefined,
    );
    expect(outcome.applied).toBe(0);
    expect(outcome.rejected.map((r) => r.reason)).toEqual([
      expect.stringMatching(/does not verify/),
      expect.stringMatching(/does not verify/),
      expect.stringMatching(/does not verify/),
      expect.stringMatching(/not signed/),
      expect.stringMatching(/not a STIX object/),
    ]);
    // A record PAK's node signs as if KAZ had originated it: a node only sends its own nation's records.
    const kazOrg = await ctxOf('pak')
      .database.db.selectFrom('organisations')
      .select('id')
      .where('nation', '=', 'KAZ')
      .executeTakeFirstOrThrow();
    const relabelled = signObject(
      { ...bare, id: `incident--${crypto.randomUUID()}`, extensions: rest } as never,
      { ...label(), originator: { nation: 'KAZ', org: kazOrg.id }, relTo: [], state: 'active', version: 1 } as never,
      ctxOf('pak').node,
    );
    const foreign = await applyObjects(ctxOf('kaz'), kazPeer, [relabelled], undefined);
    expect(foreign.rejected[0]?.reason).toMatch(/originated by KAZ/);
    expect((await call('kaz', 'kaz', 'GET', `/api/incidents/${ids.kazOnly}`)).json().title).toBe('For KAZ only');

    const admin = await makeUser(ctxOf('kaz'), { nation: 'KAZ', roles: ['node-admin'] });
    tokens.kazAdmin = await makeToken(ctxOf('kaz'), admin, ['admin', 'metrics']);
    const peers = (await call('kaz', 'kazAdmin', 'GET', '/api/peers')).json().items as {
      nation: string;
      health: { rejects: number; objectsIn: number; recentRejects: { reason: string }[]; reachable: boolean };
    }[];
    const pak = peers.find((p) => p.nation === 'PAK')!;
    expect(pak.health.rejects).toBe(6);
    expect(pak.health.objectsIn).toBeGreaterThanOrEqual(4);
    expect(pak.health.reachable).toBe(true);
    expect(pak.health.recentRejects[0]?.reason).toMatch(/originated by KAZ/);
    // The same figures as metrics.
    const metrics = (await nodes.kaz.node.app.http.inject({ method: 'GET', url: '/metrics', headers: bearer(tokens.kazAdmin) })).body;
    expect(metrics).toContain(`concord_federation_rejects{peer="${nodeId('pak')}",nation="PAK"} 6`);
    expect(metrics).toContain(`concord_federation_peer_reachable{peer="${nodeId('pak')}",nation="PAK"} 1`);
    expect(metrics).toContain(`concord_federation_objects_in{peer="${nodeId('pak')}",nation="PAK"} ${pak.health.objectsIn}`);
  });

  it('recalls: purged on every node that had it, tombstoned, confirmed with signed receipts', async () => {
    const original = (await servedTo('kaz', 'pak')).filter((o) => o.id === `incident--${ids.both}`);
    // KAZ derived the incident's location and the relationship to it, for each version; PAK sent neither.
    expect((await servedTo('kaz', 'pak')).some((o) => o.type === 'location' || o.type === 'relationship')).toBe(false);
    const derived = await ctxOf('kaz')
      .database.db.selectFrom('stix_objects')
      .select('stix_type')
      .where('record_kind', '=', 'incident')
      .where('record_id', '=', ids.both!)
      .execute();
    expect(derived.map((r) => r.stix_type).sort()).toEqual([
      'incident',
      'incident',
      'location',
      'location',
      'relationship',
      'relationship',
    ]);
    const recall = await call('pak', 'releaser', 'POST', `/api/incidents/${ids.both}/recall`, { reason: 'Source compromised' });
    expect(recall.statusCode, recall.body).toBe(200);
    const recallId = recall.json().id as string;
    expect(recall.json().partners.map((p: { nation: string; status: string }) => [p.nation, p.status])).toEqual([
      ['KAZ', 'pending'],
      ['UZB', 'pending'],
    ]);
    expect((await call('pak', 'analyst', 'POST', `/api/incidents/${ids.both}/recall`, { reason: 'again' })).statusCode).toBe(403);
    expect((await call('pak', 'releaser', 'POST', `/api/incidents/${ids.both}/recall`, { reason: 'again' })).statusCode).toBe(409);
    await publishAll('pak');

    await pullFrom(ctxOf('kaz'), nodeId('pak'));
    expect(await heldIds('kaz')).not.toContain(ids.both);
    expect((await call('kaz', 'kaz', 'GET', `/api/incidents/${ids.both}`)).statusCode).toBe(404);
    // Nothing of it is left, its location and the relationship to it included (they were here).
    const leftovers = await ctxOf('kaz')
      .database.db.selectFrom('stix_objects')
      .select('stix_id')
      .where((eb) => eb.or([eb('stix_id', '=', `incident--${ids.both}`), eb('record_id', '=', ids.both!)]))
      .execute();
    expect(leftovers).toEqual([]);
    // On PAK, every version of it and of its companions is now its originator's only.
    const states = await ctxOf('pak')
      .database.db.selectFrom('stix_objects')
      .select(['stix_type', 'state'])
      .where('record_kind', '=', 'incident')
      .where('record_id', '=', ids.both!)
      .execute();
    expect(new Set(states.map((r) => r.stix_type))).toEqual(new Set(['incident', 'location', 'relationship']));
    expect(states.every((r) => r.state === 'recalled')).toBe(true);
    // Replayed, the old versions do not come back.
    const replay = await applyObjects(ctxOf('kaz'), await peerAt('kaz', 'pak'), original, undefined);
    expect(replay.applied).toBe(0);
    expect(await heldIds('kaz')).not.toContain(ids.both);

    // PAK pulls KAZ's signed receipt; UZB has not pulled yet.
    expect((await pullFrom(ctxOf('pak'), nodeId('kaz'))).rejected).toBe(0);
    const status = (await call('pak', 'releaser', 'GET', `/api/recalls/${recallId}`)).json();
    expect(status.partners.map((p: { nation: string; status: string }) => [p.nation, p.status])).toEqual([
      ['KAZ', 'applied'],
      ['UZB', 'pending'],
    ]);
    const receipt = await ctxOf('pak').database.db.selectFrom('recall_receipts').select('receipt').executeTakeFirstOrThrow();
    const [receiptCheck] = await verifyObjects([receipt.receipt], nodeId('kaz'), decodePublicKey(ctxOf('kaz').node.publicKey));
    expect(receiptCheck?.ok).toBe(true);
    expect((await call('uzb', 'uzb', 'GET', `/api/recalls/${recallId}`)).statusCode).toBe(404);

    await pullFrom(ctxOf('uzb'), nodeId('pak'));
    await pullFrom(ctxOf('pak'), nodeId('uzb'));
    const done = (await call('pak', 'releaser', 'GET', '/api/recalls')).json().items[0];
    expect(done.partners.every((p: { status: string }) => p.status === 'applied')).toBe(true);
    // The originator still reads its recalled record.
    expect((await call('pak', 'analyst', 'GET', `/api/incidents/${ids.both}`)).json().label.state).toBe('recalled');
  });

  it('a recall that arrives before its record leaves a tombstone the record cannot pass', async () => {
    const id = await released(incident('Recalled before UZB saw it', ['KAZ', 'UZB']));
    await publishAll('pak');
    const record = (await servedTo('kaz', 'pak')).filter((o) => o.id === `incident--${id}`);
    expect(record.length).toBeGreaterThan(0);
    expect((await call('pak', 'releaser', 'POST', `/api/incidents/${id}/recall`, { reason: 'Wrong place' })).statusCode).toBe(200);
    await publishAll('pak');
    await pullFrom(ctxOf('uzb'), nodeId('pak'));
    const tombstone = await ctxOf('uzb')
      .database.db.selectFrom('tombstones')
      .selectAll()
      .where('stix_id', '=', `incident--${id}`)
      .executeTakeFirst();
    expect(tombstone?.reason).toBe('Wrong place');
    const late = await applyObjects(ctxOf('uzb'), await peerAt('uzb', 'pak'), record, undefined);
    expect(late.applied).toBe(0);
    expect(await heldIds('uzb')).not.toContain(id);
    await pullFrom(ctxOf('pak'), nodeId('uzb'));
    const status = (await call('pak', 'releaser', 'GET', '/api/recalls')).json().items[0];
    expect(status.recordId).toBe(id);
    expect(status.partners.find((p: { nation: string }) => p.nation === 'UZB')?.status).toBe('applied');
  });

  it('carries desks, alerts and answers: the desk’s node escalates and answers, the sender sees the answer', async () => {
    const pak = ctxOf('pak');
    const kazDuty = await makeUser(pak, { nation: 'KAZ', roles: ['duty-officer'] });
    const pakDuty = await makeUser(pak, { nation: 'PAK', roles: ['duty-officer'] });
    await shareDirectory(ctxOf('pak'), ctxOf('kaz'), ctxOf('uzb'));
    tokens.kazDuty = await makeToken(ctxOf('kaz'), kazDuty);
    tokens.kazDutyAtPak = await makeToken(pak, kazDuty);
    tokens.pakDuty = await makeToken(pak, pakDuty);

    // KAZ makes a desk; partners learn it from KAZ's node.
    const desk = await call('kaz', 'kazDuty', 'POST', '/api/desks', { name: 'KAZ counter-terrorism desk' });
    expect(desk.statusCode, desk.body).toBe(201);
    const deskId = desk.json().id as string;
    const roster = await nodes.kaz.node.app.http.inject({
      method: 'PUT',
      url: `/api/desks/${deskId}/roster`,
      headers: bearer(tokens.kazDuty!),
      payload: { primary: [kazDuty.id], deputy: [], headquarters: [] },
    });
    expect(roster.statusCode, roster.body).toBe(200);
    await publishAll('kaz');
    await pullFrom(pak, nodeId('kaz'));
    await pullFrom(ctxOf('uzb'), nodeId('kaz'));
    const desksAtPak = (await call('pak', 'pakDuty', 'GET', '/api/desks')).json().items as { id: string; nation: string; name: string }[];
    expect(desksAtPak).toContainEqual(
      expect.objectContaining({ id: deskId, nation: 'KAZ', name: 'KAZ counter-terrorism desk', partnerNode: true }),
    );
    const atPak = await pak.database.db.selectFrom('desks').selectAll().where('id', '=', deskId).executeTakeFirstOrThrow();
    expect(atPak.home_node).toBe(nodeId('kaz'));

    // The desk's contact numbers travel with it: a change of them is a new version of the desk.
    const contacts = [{ kind: 'secure-voice', value: '+7 7172 00 00 00', note: '24/7' }];
    const setContacts = await nodes.kaz.node.app.http.inject({
      method: 'PUT',
      url: `/api/desks/${deskId}/contacts`,
      headers: bearer(tokens.kazDuty!),
      payload: { contacts },
    });
    expect(setContacts.statusCode, setContacts.body).toBe(200);
    await publishAll('kaz');
    await pullFrom(pak, nodeId('kaz'));
    expect((await call('pak', 'pakDuty', 'GET', `/api/desks/${deskId}`)).json()).toMatchObject({ partnerNode: true, contacts });

    // PAK raises an alert to it, released to KAZ alone; it escalates on KAZ, not on PAK.
    const raised = await call('pak', 'pakDuty', 'POST', '/api/alerts', {
      severity: 'immediate',
      summary: 'Convoy ambushed near the border crossing',
      details: 'Two vehicles; the group withdrew north.',
      label: label({ relTo: ['KAZ'] }),
      targetDesks: [deskId],
    });
    expect(raised.statusCode, raised.body).toBe(201);
    const alertId = raised.json().id as string;
    const waiting = await pak.database.db.selectFrom('alert_targets').selectAll().where('alert_id', '=', alertId).executeTakeFirstOrThrow();
    expect([waiting.status, waiting.due_at]).toEqual(['escalating', null]);
    await publishAll('pak');
    await pullFrom(ctxOf('kaz'), nodeId('pak'));
    await pullFrom(ctxOf('uzb'), nodeId('pak'));
    const atKaz = await call('kaz', 'kazDuty', 'GET', `/api/alerts/${alertId}`);
    expect(atKaz.statusCode, atKaz.body).toBe(200);
    expect(atKaz.json()).toMatchObject({
      summary: 'Convoy ambushed near the border crossing',
      targets: [{ deskId, status: 'escalating', escalation: { round: 0, step: 0 } }],
      notified: true,
      can: { respondFor: [deskId] },
    });
    expect(await ctxOf('uzb').database.db.selectFrom('alerts').select('id').where('id', '=', alertId).executeTakeFirst()).toBeUndefined();

    // The desk answers on its own node only.
    const elsewhere = await call('pak', 'kazDutyAtPak', 'POST', `/api/alerts/${alertId}/acknowledge`, { deskId });
    expect(elsewhere.statusCode).toBe(403);
    expect(elsewhere.json().error.message).toMatch(/answers on its nation’s own node/);
    const ack = await call('kaz', 'kazDuty', 'POST', `/api/alerts/${alertId}/acknowledge`, {
      deskId,
      note: 'Quick reaction force alerted.',
    });
    expect(ack.statusCode, ack.body).toBe(200);
    await publishAll('kaz');
    await pullFrom(pak, nodeId('kaz'));
    await pullFrom(ctxOf('uzb'), nodeId('kaz'));
    const answered = (await call('pak', 'pakDuty', 'GET', `/api/alerts/${alertId}`)).json();
    expect(answered.targets).toEqual([
      expect.objectContaining({
        deskId,
        status: 'acknowledged',
        response: expect.objectContaining({ kind: 'acknowledge', note: 'Quick reaction force alerted.' }),
      }),
    ]);

    // Applying KAZ's objects again changes nothing; UZB was served none of the alert's objects.
    const again = await applyObjects(pak, await peerAt('pak', 'kaz'), await servedTo('pak', 'kaz'), undefined);
    expect(again.applied).toBe(0);
    expect(again.rejected).toEqual([]);
    const toUzb = [...(await servedTo('uzb', 'pak')), ...(await servedTo('uzb', 'kaz'))].map((o) => String(o.type));
    expect(toUzb).toContain('x-concord-desk');
    expect(toUzb).not.toContain('x-concord-alert');
    expect(toUzb).not.toContain('x-concord-alert-response');
  });

  it('carries crisis rooms: each participant’s entries reach the others, moves converge, the declaring node closes', async () => {
    const pak = ctxOf('pak');
    const people = {
      pakCrisis: await makeUser(pak, { nation: 'PAK', roles: ['duty-officer'] }),
      kazCrisis: await makeUser(pak, { nation: 'KAZ', roles: ['duty-officer'] }),
      uzbCrisis: await makeUser(pak, { nation: 'UZB', roles: ['analyst'] }),
    };
    await shareDirectory(ctxOf('pak'), ctxOf('kaz'), ctxOf('uzb'));
    tokens.pakCrisis = await makeToken(pak, people.pakCrisis);
    tokens.pakCrisisAtKaz = await makeToken(ctxOf('kaz'), people.pakCrisis);
    tokens.kazCrisis = await makeToken(ctxOf('kaz'), people.kazCrisis);
    tokens.uzbCrisis = await makeToken(ctxOf('uzb'), people.uzbCrisis);
    const exchange = async () => {
      for (const key of ['pak', 'kaz', 'uzb'] as const) await publishAll(key);
      for (const at of ['pak', 'kaz', 'uzb'] as const)
        for (const from of ['pak', 'kaz', 'uzb'] as const) if (at !== from) await pullFrom(ctxOf(at), nodeId(from));
    };
    const write = async (at: Key, who: string, body: object) => {
      const created = await call(at, who, 'POST', '/api/crisis-entries', body);
      expect(created.statusCode, created.body).toBe(201);
      return created.json().id as string;
    };
    const entriesAt = async (at: Key, who: string, crisis: string) =>
      (await call(at, who, 'GET', `/api/crisis-entries?crisis=${crisis}&limit=200`)).json().items as {
        id: string;
        kind: string;
        [k: string]: unknown;
      }[];

    // PAK declares a crisis with KAZ and UZB; KAZ writes a log line to all before UZB has the crisis.
    const declared = await call('pak', 'pakCrisis', 'POST', '/api/crises', {
      title: 'Flooding at the border crossing',
      summary: 'Crossing closed; convoys held.',
      label: label({ relTo: ['KAZ', 'UZB'] }),
    });
    expect(declared.statusCode, declared.body).toBe(201);
    const crisisId = declared.json().id as string;
    await publishAll('pak');
    await pullFrom(ctxOf('kaz'), nodeId('pak'));
    const atKaz = await call('kaz', 'kazCrisis', 'GET', `/api/crises/${crisisId}`);
    expect(atKaz.statusCode, atKaz.body).toBe(200);
    expect(atKaz.json()).toMatchObject({
      title: 'Flooding at the border crossing',
      participants: ['KAZ', 'PAK', 'UZB'],
      partnerNode: true,
      can: { contribute: true, close: false },
    });
    const log = await write('kaz', 'kazCrisis', {
      crisisId,
      kind: 'log',
      text: 'KAZ engineers on the way.',
      label: label({ relTo: ['PAK', 'UZB'] }),
    });
    await publishAll('kaz');
    await pullFrom(ctxOf('uzb'), nodeId('kaz'));
    expect((await call('uzb', 'uzbCrisis', 'GET', `/api/crisis-entries/${log}`)).statusCode).toBe(404);
    await pullFrom(ctxOf('uzb'), nodeId('pak'));
    expect((await entriesAt('uzb', 'uzbCrisis', crisisId)).map((e) => e.id)).toEqual([log]);

    // KAZ offers to PAK alone (a free offer: PAK decides); PAK sets KAZ a task.
    const offer = await write('kaz', 'kazCrisis', {
      crisisId,
      kind: 'offer',
      what: 'Two pontoon bridges',
      label: label({ relTo: ['PAK'] }),
    });
    const task = await write('pak', 'pakCrisis', {
      crisisId,
      kind: 'task',
      title: 'Survey the northern road',
      ownerNation: 'KAZ',
      deadline: '2026-12-01T00:00:00Z',
      label: label({ relTo: ['KAZ', 'UZB'] }),
    });
    await exchange();
    const offerAtPak = (await entriesAt('pak', 'pakCrisis', crisisId)).find((e) => e.id === offer);
    expect(offerAtPak).toMatchObject({
      kind: 'offer',
      nation: 'KAZ',
      offer: { state: 'offered' },
      can: { actions: ['accept', 'decline'] },
    });
    expect((await entriesAt('uzb', 'uzbCrisis', crisisId)).map((e) => e.id).sort()).toEqual([log, task].sort());
    const toUzb = (await servedTo('uzb', 'kaz')).map((o) => String(o.id));
    expect(toUzb).toContain(`x-concord-crisis-entry--${log}`);
    expect(toUzb).not.toContain(`x-concord-crisis-entry--${offer}`);

    // PAK accepts the offer on its node; KAZ sees it accepted.
    const accept = await call('pak', 'pakCrisis', 'POST', `/api/crisis-entries/${offer}/actions`, { action: 'accept' });
    expect(accept.statusCode, accept.body).toBe(200);
    // Concurrently: KAZ marks the task done, then (before hearing of it) PAK cancels it. Both
    // nodes end where the log order leads: done, with PAK's cancel kept in the log.
    const done = await call('kaz', 'kazCrisis', 'POST', `/api/crisis-entries/${task}/actions`, { action: 'done' });
    expect(done.statusCode, done.body).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const cancel = await call('pak', 'pakCrisis', 'POST', `/api/crisis-entries/${task}/actions`, { action: 'cancel' });
    expect(cancel.statusCode, cancel.body).toBe(200);
    await exchange();
    const taskAt = async (at: Key, who: string) => (await entriesAt(at, who, crisisId)).find((e) => e.id === task);
    for (const [at, who] of [
      ['pak', 'pakCrisis'],
      ['kaz', 'kazCrisis'],
      ['uzb', 'uzbCrisis'],
    ] as const) {
      expect((await taskAt(at, who))?.task, at).toMatchObject({ state: 'done', ownerNation: 'KAZ' });
      const moves = (await entriesAt(at, who, crisisId)).filter(
        (e) => e.kind === 'update' && (e.update as { subjectId: string }).subjectId === task,
      );
      expect(
        moves.map((m) => (m.update as { action: string }).action),
        at,
      ).toEqual(['done', 'cancel']);
    }
    expect((await entriesAt('kaz', 'kazCrisis', crisisId)).find((e) => e.id === offer)).toMatchObject({ offer: { state: 'accepted' } });

    // Only the declaring node closes it; the closure reaches the participants.
    const closeAtKaz = await call('kaz', 'pakCrisisAtKaz', 'POST', `/api/crises/${crisisId}/close`, { summary: 'Closed here?' });
    expect(closeAtKaz.statusCode).toBe(403);
    expect(closeAtKaz.json().error.message).toMatch(/closed there/);
    const closed = await call('pak', 'pakCrisis', 'POST', `/api/crises/${crisisId}/close`, {
      summary: 'Crossing reopened.',
      lessons: 'Pre-position bridges.',
    });
    expect(closed.statusCode, closed.body).toBe(200);
    await exchange();
    for (const [at, who] of [
      ['kaz', 'kazCrisis'],
      ['uzb', 'uzbCrisis'],
    ] as const)
      expect((await call(at, who, 'GET', `/api/crises/${crisisId}`)).json(), at).toMatchObject({
        status: 'closed',
        closingSummary: 'Crossing reopened.',
        lessons: 'Pre-position bridges.',
      });

    // Applying everything again changes nothing.
    const again = await applyObjects(ctxOf('kaz'), await peerAt('kaz', 'pak'), await servedTo('kaz', 'pak'), undefined);
    expect(again.applied).toBe(0);
    expect(again.rejected).toEqual([]);

    // A node of a nation outside a crisis cannot write in it, even with its own signed entry.
    const pakKaz = await call('pak', 'pakCrisis', 'POST', '/api/crises', { title: 'PAK and KAZ only', label: label({ relTo: ['KAZ'] }) });
    const uzbLabel: Label = {
      originator: { nation: 'UZB', org: people.uzbCrisis.org },
      classification: 'UNCLASSIFIED',
      relTo: ['PAK'],
      caveats: [],
      tlp: 'GREEN',
      recipients: { orgs: [], users: [] },
      state: 'active',
      version: 1,
    };
    const now = new Date();
    const intruder = crisisEntryObject(
      {
        id: crypto.randomUUID(),
        crisis_id: pakKaz.json().id as string,
        kind: 'log',
        content: { text: 'UZB was here' },
        version: 1,
        entry_state: null,
        subject_id: null,
        request_id: null,
        requester_nation: null,
        owner_nation: null,
        owner_user: null,
        deadline: null,
        entered_by: people.uzbCrisis.id,
        entered_at: now,
        updated_at: now,
        ...labelToColumns(uzbLabel),
      },
      null,
      uzbLabel,
    );
    const refused = await applyObjects(pak, await peerAt('pak', 'uzb'), [signObject(intruder, uzbLabel, ctxOf('uzb').node)], undefined);
    expect(refused.rejected).toEqual([{ stixId: intruder.id, reason: expect.stringMatching(/UZB does not take part in crisis/) }]);
  });

  it('brings a backlog larger than a page whole, in pages that grow to what a peer may be served', async () => {
    const backlog = 2_100;
    // KAZ holds all PAK published before.
    await publishAll('pak');
    await pullFrom(ctxOf('kaz'), nodeId('pak'));
    const csv = [
      'event_date,time_precision,domain,subtype,title,country,geo_precision',
      ...Array.from({ length: backlog }, (_, i) => `2026-11-01,day,border-incident,illegal-crossing,Backlog ${i},PAK,country`),
    ].join('\n');
    const imported = await call('pak', 'releaser', 'POST', '/api/incidents/import', {
      csv,
      release: true,
      label: label({ relTo: ['KAZ'] }),
    });
    expect(imported.statusCode, imported.body).toBe(200);
    await publishAll('pak');

    // A person's pages stop at 1,000 objects; a peer node's may be larger.
    const person = await call('pak', 'analyst', 'GET', `/taxii2/api/collections/${COLLECTION_ID}/objects/?limit=5000`);
    expect(person.json().objects).toHaveLength(1_000);
    const token = await mintNodeToken(ctxOf('kaz').node, nodeId('pak'), new Date(), crypto.randomUUID());
    const asPeer = await fetch(`${nodes.pak.url}/taxii2/api/collections/${COLLECTION_ID}/objects/?match[version]=all&limit=5000`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(((await asPeer.json()) as { objects: unknown[] }).objects.length).toBeGreaterThan(backlog);

    // The pages KAZ asks for, as PAK's server receives them.
    const limits: number[] = [];
    const observe = (request: IncomingMessage) => {
      const url = new URL(request.url ?? '/', nodes.pak.url);
      if (url.pathname.endsWith('/objects/')) limits.push(Number(url.searchParams.get('limit')));
    };
    nodes.pak.node.app.http.server.on('request', observe);
    try {
      const pulled = await pullFrom(ctxOf('kaz'), nodeId('pak'));
      expect(pulled).toMatchObject({ applied: backlog, rejected: 0 });
      expect(limits).toEqual([1_000, 2_000]);
    } finally {
      nodes.pak.node.app.http.server.off('request', observe);
    }
    const held = await ctxOf('kaz')
      .database.db.selectFrom('incidents')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('title', 'like', 'Backlog %')
      .executeTakeFirstOrThrow();
    expect(Number(held.n)).toBe(backlog);
    // Their standard companions are derived here too: a location and a relationship per located incident.
    const companions = await ctxOf('kaz')
      .database.db.selectFrom('stix_objects')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('stix_type', 'in', ['location', 'relationship'])
      .where('record_id', 'in', (eb) => eb.selectFrom('incidents').select('id').where('title', 'like', 'Backlog %'))
      .executeTakeFirstOrThrow();
    expect(Number(companions.n)).toBe(2 * backlog);
  });

  it('exchanges audit checkpoints on every pull and flags a rewritten or truncated log', async () => {
    const pak = ctxOf('pak');
    // A peer's log is checked at most every 10 s: every node's clock moves on before each pull here.
    const later = () => {
      for (const { node } of Object.values(nodes)) node.clock.advance(11_000);
    };
    later();
    await pullFrom(pak, nodeId('kaz'));
    later();
    await pullFrom(pak, nodeId('uzb'));
    /** The entry of `of`'s log that PAK's checkpoint holds (found by its hash: PAK itself is never told the number). */
    const held = async (of: Key) => {
      const head = (await peerAt('pak', of)).audit_head;
      const row = await ctxOf(of).database.db.selectFrom('audit_log').select('seq').where('hash', '=', head).executeTakeFirst();
      return Number(row?.seq);
    };
    const kazHeld = await held('kaz');
    const uzbHeld = await held('uzb');
    expect(kazHeld).toBeGreaterThan(2);
    expect(uzbHeld).toBeGreaterThan(2);
    // KAZ's log grows: the next checkpoint extends the one held.
    await call('kaz', 'kaz', 'GET', `/api/incidents/${ids.kazOnly}`);
    later();
    await pullFrom(pak, nodeId('kaz'));
    expect(await held('kaz')).toBeGreaterThan(kazHeld);
    expect((await peerAt('pak', 'kaz')).audit_problem).toBeNull();

    // KAZ rewrites an entry PAK's checkpoint covers, then writes on.
    const at = await held('kaz');
    const rewrittenHead = (await peerAt('pak', 'kaz')).audit_head;
    await ctxOf('kaz')
      .database.db.updateTable('audit_log')
      .set({ hash: 'f'.repeat(64) })
      .where('seq', '=', at)
      .execute();
    await call('kaz', 'kaz', 'GET', `/api/incidents/${ids.kazOnly}`);
    later();
    await pullFrom(pak, nodeId('kaz'));
    expect((await peerAt('pak', 'kaz')).audit_problem).toMatch(/rewritten or forked before the entry the checkpoint held/);
    expect((await peerAt('pak', 'kaz')).audit_head).toBe(rewrittenHead);

    // UZB drops the end of its log.
    const uzb = ctxOf('uzb').database.db;
    const keep = uzbHeld - 2;
    const keptHash = (await uzb.selectFrom('audit_log').select('hash').where('seq', '=', keep).executeTakeFirstOrThrow()).hash;
    await uzb.deleteFrom('audit_log').where('seq', '>', keep).execute();
    await uzb.updateTable('audit_head').set({ seq: keep, hash: keptHash }).execute();
    later();
    await pullFrom(pak, nodeId('uzb'));
    expect((await peerAt('pak', 'uzb')).audit_problem).toMatch(/truncated: the entry the checkpoint held is gone/);

    const admin = await makeUser(pak, { nation: 'PAK', roles: ['node-admin'] });
    tokens.pakAdmin = await makeToken(pak, admin, ['admin', 'metrics']);
    const peers = (await call('pak', 'pakAdmin', 'GET', '/api/peers')).json().items as {
      nation: string;
      health: { audit: { problem: { message: string } | null }; recentRejects: { reason: string }[] };
    }[];
    expect(peers.find((p) => p.nation === 'KAZ')?.health.audit.problem?.message).toMatch(/rewritten/);
    expect(peers.find((p) => p.nation === 'UZB')?.health.recentRejects[0]?.reason).toMatch(/^audit: .*truncated/);
    const metrics = (await nodes.pak.node.app.http.inject({ method: 'GET', url: '/metrics', headers: bearer(tokens.pakAdmin) })).body;
    expect(metrics).toContain(`concord_federation_audit_problem{peer="${nodeId('kaz')}",nation="KAZ"} 1`);
  });

  it('hands back a countersignature of each checkpoint accepted, which the pulled node’s verify checks its log against', async () => {
    const pak = ctxOf('pak');
    for (const { node } of Object.values(nodes)) node.clock.advance(11_000);
    await pullFrom(ctxOf('kaz'), nodeId('pak'));
    const held = await pak.database.db
      .selectFrom('audit_countersignatures')
      .selectAll()
      .where('peer_node_id', '=', nodeId('kaz'))
      .executeTakeFirstOrThrow();
    expect(held).toMatchObject({ peer_nation: 'KAZ', peer_public_key: ctxOf('kaz').node.publicKey });
    const intact = await verifyAuditLog(pak.database, { node: pak.node });
    expect(intact.problems).toEqual([]);
    expect(intact.anchors.join('\n')).toMatch(new RegExp(`countersignature of the KAZ node ${nodeId('kaz')} .*, at entry ${held.seq}`));
    // The next accepted checkpoint's countersignature replaces it.
    await call('kaz', 'kaz', 'GET', `/api/incidents/${ids.kazOnly}`);
    await call('pak', 'analyst', 'GET', `/api/incidents/${ids.kazOnly}`);
    for (const { node } of Object.values(nodes)) node.clock.advance(11_000);
    await pullFrom(ctxOf('kaz'), nodeId('pak'));
    const latest = await pak.database.db
      .selectFrom('audit_countersignatures')
      .selectAll()
      .where('peer_node_id', '=', nodeId('kaz'))
      .executeTakeFirstOrThrow();
    expect(Number(latest.seq)).toBeGreaterThan(Number(held.seq));

    // A countersignature that does not match this node's log is refused.
    const token = await mintNodeToken(ctxOf('kaz').node, nodeId('pak'), ctxOf('pak').clock.now(), crypto.randomUUID());
    const forged = await fetch(`${nodes.pak.url}/federation/v1/audit/countersignature`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        position: (await peerAt('kaz', 'pak')).audit_position,
        headHash: 'f'.repeat(64),
        at: new Date().toISOString(),
        signature: latest.signature,
      }),
    });
    expect(forged.status).toBe(400);

    // PAK's log loses its end, and the checkpoints PAK itself kept of it: KAZ's countersignature still shows it.
    const db = pak.database.db;
    const keep = Number(latest.seq) - 2;
    const keptHash = (await db.selectFrom('audit_log').select('hash').where('seq', '=', keep).executeTakeFirstOrThrow()).hash;
    await db.deleteFrom('audit_log').where('seq', '>', keep).execute();
    await db.updateTable('audit_head').set({ seq: keep, hash: keptHash }).execute();
    await db.deleteFrom('audit_checkpoints').execute();
    const cut = await verifyAuditLog(pak.database, { node: pak.node });
    expect(cut.problems.join('\n')).toMatch(
      new RegExp(`countersignature of the KAZ node .* covers entry ${latest.seq}, which is not in the log: the log was truncated`),
    );
  });

  it('re-pins a node that rotated its key from its new invite, and pulls its whole history again without a refusal', async () => {
    const admin = systemActor('test');
    const rotated = await rotateNodeKey(ctxOf('pak'), admin);
    expect(rotated.resigned).toBeGreaterThan(0);
    // The running app takes the new key, as a restart would from the key file.
    nodes.pak.node.ctx.node = rotated.node;
    const invite = await ownInvite(ctxOf('pak'), admin);
    await expect(addPeer(ctxOf('kaz'), admin, invite)).rejects.toThrow(/re-pin it from this invite/);
    await repinPeer(ctxOf('kaz'), admin, invite);
    expect((await peerAt('kaz', 'pak')).public_key).toBe(rotated.node.publicKey);
    const pulled = await pullFrom(ctxOf('kaz'), nodeId('pak'));
    expect(pulled.rejected).toBe(0);
    expect(pulled.duplicates).toBeGreaterThan(2_000);
    const repinned = await ctxOf('kaz').database.db.selectFrom('audit_log').select('details').where('action', '=', 'peer.repin').execute();
    expect(repinned).toEqual([{ details: { from: expect.any(String), to: rotated.node.publicKey, url: nodes.pak.url } }]);
  });

  it('publishes and receives no object with a null property or an empty list, of any kind, own or a partner’s', async () => {
    const kinds = new Set<string>();
    for (const key of ['pak', 'kaz', 'uzb'] as const) {
      const rows = await ctxOf(key).database.db.selectFrom('stix_objects').select(['record_kind', 'object', 'stripped']).execute();
      const objects = rows.flatMap((row) => {
        kinds.add(row.record_kind);
        return [row.object, row.stripped]
          .filter((stored) => stored !== null)
          .map((stored) => (typeof stored === 'string' ? JSON.parse(stored) : stored) as { id: string });
      });
      const found = objects.flatMap((object) => nullsAndEmptyLists(object).map((path) => `${key} ${object.id} ${path}`));
      expect(found.slice(0, 20)).toEqual([]);
      // And every one, receipts and partners' objects included, passes the OASIS schemas and the specification's rules.
      expect(checkStixObjects(objects, definitions()).errors.slice(0, 20)).toEqual([]);
    }
    expect([...kinds].sort()).toEqual(
      expect.arrayContaining(['alert', 'alert-response', 'crisis', 'crisis-entry', 'desk', 'incident', 'recall', 'recall-receipt']),
    );
  });
});

describe('under a hostile partner (UZB, holding its own node’s real key)', () => {
  /** A recall UZB's node signs, in UZB's name, of a record someone else originated. */
  async function forgedRecall(recalledRef: string, recordKind: string): Promise<Record<string, unknown>> {
    const uzbOrg = await ctxOf('kaz')
      .database.db.selectFrom('organisations')
      .select('id')
      .where('nation', '=', 'UZB')
      .executeTakeFirstOrThrow();
    const now = new Date().toISOString();
    const object = {
      type: RECALL_TYPE,
      spec_version: '2.1',
      id: `${RECALL_TYPE}--${crypto.randomUUID()}`,
      created: now,
      modified: now,
      extensions: {
        [EXTENSIONS.recall]: {
          extension_type: 'new-sdo',
          recalled_ref: recalledRef,
          record_kind: recordKind,
          reason: 'Forged',
          recalled_at: now,
        },
      },
    };
    const signedLabel: Label = {
      ...label({ relTo: ['PAK', 'KAZ'] }),
      originator: { nation: 'UZB', org: uzbOrg.id },
      state: 'active',
      version: 1,
    };
    return signObject(object as never, signedLabel, ctxOf('uzb').node) as Record<string, unknown>;
  }
  const tombstonesOf = async (at: Key, stixId: string) =>
    ctxOf(at).database.db.selectFrom('tombstones').selectAll().where('stix_id', '=', stixId).execute();
  const recallStatusAt = async (recordId: string) =>
    (await call('pak', 'releaser', 'GET', `/api/recalls?record=${recordId}`)).json().items[0]?.partners as {
      nation: string;
      status: string;
    }[];

  it('a recall counts only when the record’s originator node signed it; a genuine one always purges and answers', async () => {
    const id = await released(incident('PAK’s, forged at', ['KAZ', 'UZB']));
    await publishAll('pak');
    await pullFrom(ctxOf('kaz'), nodeId('pak'));
    expect((await call('kaz', 'kaz', 'GET', `/api/incidents/${id}`)).statusCode).toBe(200);

    // UZB recalls PAK's incident, once naming it an actor (so no actor row is found), once as what it is.
    const forged = [await forgedRecall(`incident--${id}`, 'actor'), await forgedRecall(`incident--${id}`, 'incident')];
    for (const at of ['kaz', 'pak'] as const) {
      const outcome = await applyObjects(ctxOf(at), await peerAt(at, 'uzb'), forged, undefined);
      expect(outcome.applied, at).toBe(0);
      expect(outcome.rejected.map((r) => r.reason)).toEqual([
        expect.stringMatching(/naming incident--.* as an actor: its id is of a incident/),
        expect.stringMatching(/which PAK originated: only its originator's node recalls a record/),
      ]);
      expect(await tombstonesOf(at, `incident--${id}`), at).toEqual([]);
    }
    // Nothing was purged: KAZ still reads it, PAK's own TAXII still serves it.
    expect((await call('kaz', 'kaz', 'GET', `/api/incidents/${id}`)).statusCode).toBe(200);
    const served = await call('pak', 'analyst', 'GET', `/taxii2/api/collections/${COLLECTION_ID}/objects/incident--${id}/`);
    expect(served.statusCode).toBe(200);

    // PAK's genuine recall purges at KAZ and is confirmed.
    expect((await call('pak', 'releaser', 'POST', `/api/incidents/${id}/recall`, { reason: 'Genuine' })).statusCode).toBe(200);
    await publishAll('pak');
    const applied = await pullFrom(ctxOf('kaz'), nodeId('pak'));
    expect(applied.rejected).toBe(0);
    expect((await call('kaz', 'kaz', 'GET', `/api/incidents/${id}`)).statusCode).toBe(404);
    expect((await tombstonesOf('kaz', `incident--${id}`)).map((t) => [t.originator_nation, t.record_held])).toEqual([['PAK', true]]);
    await pullFrom(ctxOf('pak'), nodeId('kaz'));
    expect(await recallStatusAt(id)).toEqual(expect.arrayContaining([expect.objectContaining({ nation: 'KAZ', status: 'applied' })]));
    // Once purged, the record's tombstone still shows whose it was: a forged recall now is refused too.
    const late = await applyObjects(
      ctxOf('kaz'),
      await peerAt('kaz', 'uzb'),
      [await forgedRecall(`incident--${id}`, 'incident')],
      undefined,
    );
    expect(late.applied).toBe(0);
    expect(late.rejected.map((r) => r.reason)).toEqual([
      expect.stringMatching(/which PAK originated: only its originator's node recalls a record/),
    ]);
    expect((await tombstonesOf('kaz', `incident--${id}`)).map((t) => t.originator_nation)).toEqual(['PAK']);
  });

  it('a forged recall of a draft not yet released does not pre-block it, is refused once the record shows whose it is, and the genuine recall still purges', async () => {
    const draft = await call('pak', 'analyst', 'POST', '/api/incidents', incident('PAK’s draft, recalled by UZB', ['KAZ']));
    expect(draft.statusCode).toBe(201);
    const id = draft.json().id as string;
    // KAZ has never seen it: the forged recall cannot be checked yet, and is kept as UZB's only.
    const early = await applyObjects(
      ctxOf('kaz'),
      await peerAt('kaz', 'uzb'),
      [await forgedRecall(`incident--${id}`, 'incident')],
      undefined,
    );
    expect(early.applied).toBe(1);
    expect((await tombstonesOf('kaz', `incident--${id}`)).map((t) => t.originator_nation)).toEqual(['UZB']);

    expect((await call('pak', 'releaser', 'POST', `/api/incidents/${id}/release`, {})).statusCode).toBe(200);
    await publishAll('pak');
    const pulled = await pullFrom(ctxOf('kaz'), nodeId('pak'));
    expect(pulled.rejected).toBe(0);
    expect((await call('kaz', 'kaz', 'GET', `/api/incidents/${id}`)).statusCode).toBe(200);
    // The forged recall is now a reject against UZB, its tombstone and its receipt gone.
    expect(await tombstonesOf('kaz', `incident--${id}`)).toEqual([]);
    const rejects = await ctxOf('kaz')
      .database.db.selectFrom('federation_rejects')
      .select('reason')
      .where('peer_node_id', '=', nodeId('uzb'))
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(rejects.reason).toBe(`a recall of incident--${id}, which PAK originated: only its originator's node recalls a record`);
    const receipts = await ctxOf('kaz')
      .database.db.selectFrom('stix_objects')
      .select('object')
      .where('stix_type', '=', RECALL_RECEIPT_TYPE)
      .execute();
    expect(JSON.stringify(receipts)).not.toContain(`incident--${id}`);

    expect((await call('pak', 'releaser', 'POST', `/api/incidents/${id}/recall`, { reason: 'Genuine' })).statusCode).toBe(200);
    await publishAll('pak');
    await pullFrom(ctxOf('kaz'), nodeId('pak'));
    expect((await call('kaz', 'kaz', 'GET', `/api/incidents/${id}`)).statusCode).toBe(404);
    await pullFrom(ctxOf('pak'), nodeId('kaz'));
    expect(await recallStatusAt(id)).toEqual([expect.objectContaining({ nation: 'KAZ', status: 'applied' })]);
  });

  it('no import, TAXII add or TAXII feed brings back a recalled record, under its id or a new one', async () => {
    // PAK's indicator reaches KAZ and is recalled there.
    const created = await call('pak', 'analyst', 'POST', '/api/indicators', {
      type: 'ipv4',
      value: '198.51.100.77',
      label: label({ relTo: ['KAZ'] }),
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    expect((await call('pak', 'releaser', 'POST', `/api/indicators/${id}/release`, {})).statusCode).toBe(200);
    await publishAll('pak');
    await pullFrom(ctxOf('kaz'), nodeId('pak'));
    expect((await call('pak', 'releaser', 'POST', `/api/indicators/${id}/recall`, { reason: 'Burnt source' })).statusCode).toBe(200);
    await publishAll('pak');
    await pullFrom(ctxOf('kaz'), nodeId('pak'));
    expect((await call('kaz', 'kaz', 'GET', `/api/indicators/${id}`)).statusCode).toBe(404);

    // The same object, its Concord label stripped (as a mirror would serve it).
    const object = {
      type: 'indicator',
      spec_version: '2.1',
      id: `indicator--${id}`,
      created: '2026-11-20T10:00:00.000Z',
      modified: '2026-11-20T10:00:00.000Z',
      pattern: "[ipv4-addr:value = '198.51.100.77']",
      pattern_type: 'stix',
      valid_from: '2026-11-20T10:00:00.000Z',
      object_marking_refs: [TLP2_MARKINGS.GREEN],
    };
    const kaz = ctxOf('kaz');
    const officers = await makeOrg(kaz, 'KAZ', 'KAZ border service');
    const officer = await makeUser(kaz, { nation: 'KAZ', org: officers, roles: ['releasing-officer'] });
    tokens.kazOfficer = await makeToken(kaz, officer);
    const indicatorsHeld = async () =>
      (await kaz.database.db.selectFrom('indicators').select('id').where('value', '=', '198.51.100.77').execute()).length;

    const imported = await call('kaz', 'kazOfficer', 'POST', '/api/stix/import', {
      bundle: { type: 'bundle', id: `bundle--${crypto.randomUUID()}`, objects: [object] },
      label: label({ relTo: ['UZB'] }),
    });
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json().imported.indicators).toBe(0);
    expect(imported.json().skipped).toEqual([{ id: `indicator--${id}`, reason: expect.stringMatching(/^Recalled: /) }]);

    const added = await nodes.kaz.node.app.http.inject({
      method: 'POST',
      url: `/taxii2/api/collections/${COLLECTION_ID}/objects/`,
      headers: {
        ...bearer(tokens.kazOfficer!),
        'content-type': 'application/taxii+json;version=2.1',
        accept: 'application/taxii+json;version=2.1',
      },
      payload: JSON.stringify({ objects: [object] }),
    });
    expect(added.statusCode, added.body).toBe(202);
    expect(added.json()).toMatchObject({
      success_count: 0,
      failures: [{ id: `indicator--${id}`, message: expect.stringMatching(/^Recalled: /) }],
    });

    // A TAXII feed serving it (a stand-in server on 127.0.0.1).
    const feed = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/taxii+json;version=2.1' });
      if (req.url?.includes('/objects/')) res.end(JSON.stringify({ more: false, objects: [object] }));
      else res.end(JSON.stringify({ id: 'mirror', title: 'Mirror', can_read: true, can_write: false }));
    });
    await new Promise<void>((resolve) => feed.listen(0, '127.0.0.1', resolve));
    try {
      const subscribed = await call('kaz', 'kazOfficer', 'POST', '/api/taxii-feeds', {
        name: 'A mirror of PAK',
        apiRoot: `http://127.0.0.1:${(feed.address() as AddressInfo).port}/api1`,
        collectionId: 'mirror',
        auth: { kind: 'none' },
        defaultLabel: label({ relTo: ['UZB'] }),
      });
      expect(subscribed.statusCode, subscribed.body).toBe(201);
      const polled = await call('kaz', 'kazOfficer', 'POST', `/api/taxii-feeds/${subscribed.json().id}/poll`);
      expect(polled.statusCode, polled.body).toBe(200);
      expect(polled.json().counts).toMatchObject({ imported: 0, unmapped: 1 });
      const report = (await call('kaz', 'kazOfficer', 'GET', `/api/taxii-feeds/${subscribed.json().id}/unmapped`)).json().items;
      expect(report).toEqual([expect.objectContaining({ stixId: `indicator--${id}`, reason: expect.stringMatching(/^Recalled: /) })]);
    } finally {
      feed.closeAllConnections();
      await new Promise((resolve) => feed.close(resolve));
    }
    expect(await indicatorsHeld()).toBe(0);

    // KAZ's own copy of another producer's object, recalled by KAZ: no one brings that content back under a new id either.
    const mirrorObject = { ...object, id: `indicator--${crypto.randomUUID()}`, pattern: "[ipv4-addr:value = '198.51.100.78']" };
    const first = await call('kaz', 'kazOfficer', 'POST', '/api/stix/import', {
      bundle: { type: 'bundle', id: `bundle--${crypto.randomUUID()}`, objects: [mirrorObject] },
      label: label(),
    });
    expect(first.json().imported.indicators).toBe(1);
    const copy = await kaz.database.db
      .selectFrom('imported_records')
      .select('record_id')
      .where('stix_id', '=', mirrorObject.id)
      .executeTakeFirstOrThrow();
    expect((await call('kaz', 'kazOfficer', 'POST', `/api/indicators/${copy.record_id}/recall`, { reason: 'Wrong' })).statusCode).toBe(200);
    tokens.kazOtherOrg = await makeToken(kaz, await makeUser(kaz, { nation: 'KAZ', roles: ['releasing-officer'] }));
    const again = await call('kaz', 'kazOtherOrg', 'POST', '/api/stix/import', {
      bundle: { type: 'bundle', id: `bundle--${crypto.randomUUID()}`, objects: [mirrorObject] },
      label: label(),
    });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().imported.indicators).toBe(0);
    expect(again.json().skipped).toEqual([{ id: mirrorObject.id, reason: expect.stringMatching(/^Recalled: /) }]);
  });

  it('a paging cursor the peer refuses sends the pull back to the last good position, counted', async () => {
    const kaz = ctxOf('kaz');
    await publishAll('pak');
    await pullFrom(kaz, nodeId('pak'));
    const before = await peerAt('kaz', 'pak');
    // A cursor the peer never gave (one a hostile page might have handed over): the peer refuses it.
    await kaz.database.db.updateTable('peers').set({ pull_cursor: 'bm90LWEtY3Vyc29y' }).where('node_id', '=', nodeId('pak')).execute();
    const fresh = await released(incident('After a bad cursor', ['KAZ']));
    await publishAll('pak');
    await expect(pullFrom(kaz, nodeId('pak'))).rejects.toThrow(/refused the paging cursor/);
    const reset = await peerAt('kaz', 'pak');
    expect(reset.pull_cursor).toBe(before.good_cursor);
    expect(Number(reset.cursor_resets)).toBe(1);
    // Pulling goes on from there: the record released meanwhile arrives.
    await pullFrom(kaz, nodeId('pak'));
    expect((await call('kaz', 'kaz', 'GET', `/api/incidents/${fresh}`)).statusCode).toBe(200);
    const peers = (await call('kaz', 'kazAdmin', 'GET', '/api/peers')).json().items as {
      nation: string;
      health: { cursorResets: number; recentRejects: { reason: string }[] };
    }[];
    const pak = peers.find((p) => p.nation === 'PAK')!;
    expect(pak.health.cursorResets).toBe(1);
    expect(pak.health.recentRejects.map((r) => r.reason)).toContainEqual(
      expect.stringMatching(/^cursor: the peer refused the paging cursor held: 400 .*; pulling again from the last good position$/),
    );
    const metrics = (await nodes.kaz.node.app.http.inject({ method: 'GET', url: '/metrics', headers: bearer(tokens.kazAdmin!) })).body;
    expect(metrics).toContain(`concord_federation_cursor_resets{peer="${nodeId('pak')}",nation="PAK"} 1`);
  });

  it('a node token naming several audiences is refused at each', async () => {
    /** A token UZB signs for `audience`, as of `at`'s clock (moved on by the tests above). */
    const token = async (audience: string | string[], at: Key) => {
      const now = Math.floor(ctxOf(at).clock.now().getTime() / 1000);
      return new SignJWT({})
        .setProtectedHeader({ alg: 'EdDSA', typ: NODE_TOKEN_TYPE })
        .setIssuer(nodeId('uzb'))
        .setAudience(audience)
        .setIssuedAt(now)
        .setExpirationTime(now + 30)
        .setJti(crypto.randomUUID())
        .sign(ctxOf('uzb').node.privateKey);
    };
    const hello = async (at: Key, bearerToken: string) =>
      (await fetch(`${nodes[at].url}/federation/v1/hello`, { headers: { authorization: `Bearer ${bearerToken}` } })).status;
    const both = [nodeId('kaz'), nodeId('pak')];
    expect(await hello('kaz', await token(both, 'kaz'))).toBe(401);
    expect(await hello('pak', await token(both, 'pak'))).toBe(401);
    expect(await hello('kaz', await token([nodeId('kaz')], 'kaz'))).toBe(200);
    expect(await hello('kaz', await token(nodeId('kaz'), 'kaz'))).toBe(200);
  });

  it('recall receipts are read by no one on the receiving node, and a recall only by those who may read its record', async () => {
    // KAZ holds receipts for PAK; its own people see none of them on its TAXII, and PAK still gets them (above).
    const kazReceipts = await ctxOf('kaz')
      .database.db.selectFrom('stix_objects')
      .select('stix_id')
      .where('stix_type', '=', RECALL_RECEIPT_TYPE)
      .execute();
    expect(kazReceipts.length).toBeGreaterThan(0);
    const page = await call(
      'kaz',
      'kaz',
      'GET',
      `/taxii2/api/collections/${COLLECTION_ID}/objects/?limit=1000&match[type]=${RECALL_RECEIPT_TYPE}`,
    );
    expect(page.statusCode).toBe(200);
    expect(page.json().objects ?? []).toEqual([]);

    // PAK: a SECRET record recalled; an analyst of the same organisation cleared only to CONFIDENTIAL, and one of another organisation, never learn of it.
    const secret = await released(incident('Secret, recalled', ['KAZ'], { label: label({ relTo: ['KAZ'], classification: 'SECRET' }) }));
    const recalled = await call('pak', 'releaser', 'POST', `/api/incidents/${secret}/recall`, { reason: 'Too sensitive' });
    expect(recalled.statusCode).toBe(200);
    const pakOrg = (
      await ctxOf('pak').database.db.selectFrom('incidents').select('originator_org').where('id', '=', secret).executeTakeFirstOrThrow()
    ).originator_org;
    tokens.uncleared = await makeToken(
      ctxOf('pak'),
      await makeUser(ctxOf('pak'), { nation: 'PAK', org: pakOrg, roles: ['analyst'], clearance: 'CONFIDENTIAL' }),
    );
    tokens.otherPakOrg = await makeToken(ctxOf('pak'), await makeUser(ctxOf('pak'), { nation: 'PAK', roles: ['releasing-officer'] }));
    for (const who of ['uncleared', 'otherPakOrg']) {
      expect((await call('pak', who, 'GET', `/api/recalls/${recalled.json().id}`)).statusCode, who).toBe(404);
      const list = (await call('pak', who, 'GET', '/api/recalls')).json().items as { recordId: string }[];
      expect(
        list.map((r) => r.recordId),
        who,
      ).not.toContain(secret);
    }
    expect((await call('pak', 'releaser', 'GET', `/api/recalls/${recalled.json().id}`)).statusCode).toBe(200);
  });

  it('an audit checkpoint tells a peer no entry count, and the hash endpoint answers only for positions handed to that peer', async () => {
    const asPeer = async (from: Key, to: Key, path: string) => {
      const token = await mintNodeToken(ctxOf(from).node, nodeId(to), ctxOf(to).clock.now(), crypto.randomUUID());
      return fetch(`${nodes[to].url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    };
    const pulled = await asPeer('kaz', 'pak', `/taxii2/api/collections/${COLLECTION_ID}/objects/?limit=1`);
    const header = JSON.parse(Buffer.from(pulled.headers.get('x-concord-audit-checkpoint')!, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    expect(Object.keys(header).sort()).toEqual(['at', 'headHash', 'nodeId', 'position', 'signature']);
    const head = await ctxOf('pak').database.db.selectFrom('audit_head').select('seq').executeTakeFirstOrThrow();
    expect(String(header.position)).not.toContain(String(head.seq));
    // The position answers for KAZ; an entry number, or KAZ's position presented by UZB, is refused.
    const position = encodeURIComponent(String(header.position));
    const answered = await asPeer('kaz', 'pak', `/federation/v1/audit/hash?position=${position}`);
    expect(answered.status).toBe(200);
    expect(await answered.json()).toEqual({ hash: header.headHash });
    expect((await asPeer('kaz', 'pak', '/federation/v1/audit/hash?seq=1')).status).toBe(400);
    expect((await asPeer('uzb', 'pak', `/federation/v1/audit/hash?position=${position}`)).status).toBe(400);
  });

  it('a paging cursor tells its reader nothing of what it was not served, and works for that reader only', async () => {
    const asPeer = async (from: Key, path: string) => {
      const token = await mintNodeToken(ctxOf(from).node, nodeId('pak'), ctxOf('pak').clock.now(), crypto.randomUUID());
      return fetch(`${nodes.pak.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    };
    const objects = `/taxii2/api/collections/${COLLECTION_ID}/objects/?match[version]=all&limit=1`;
    const first = (await (await asPeer('kaz', objects)).json()) as { next: string; objects: { id: string; modified: string }[] };
    const second = (await (await asPeer('kaz', `${objects}&next=${encodeURIComponent(first.next)}`)).json()) as typeof first;
    expect(second.objects.length).toBe(1);
    // Neither cursor carries the position of the row it follows (the gap between them counts what was withheld).
    const seqOf = async (object: { id: string; modified: string }) =>
      String(
        (
          await ctxOf('pak')
            .database.db.selectFrom('stix_objects')
            .select('seq')
            .where('stix_id', '=', object.id)
            .where('modified', '=', new Date(object.modified))
            .executeTakeFirstOrThrow()
        ).seq,
      );
    for (const [cursor, object] of [
      [first.next, first.objects[0]!],
      [second.next, second.objects[0]!],
    ] as const) {
      const opened = Buffer.from(cursor, 'base64url').toString('utf8');
      const parsed = (() => {
        try {
          return JSON.stringify(JSON.parse(opened));
        } catch {
          return '';
        }
      })();
      expect(parsed).not.toContain(await seqOf(object));
    }
    expect(first.next.length).toBe(second.next.length);
    // KAZ's cursor presented by UZB, or by a person of PAK, is refused.
    expect((await asPeer('uzb', `${objects}&next=${encodeURIComponent(first.next)}`)).status).toBe(400);
    expect((await call('pak', 'analyst', 'GET', `${objects}&next=${encodeURIComponent(first.next)}`)).statusCode).toBe(400);
  });
});
