/**
 * One id and `modified` name one content on every face: each object of a bundle export is, whole
 * (canonical JSON), the object the TAXII face serves the same reader for the same id and version —
 * for records of this node and records received from a peer nation (and their locations,
 * observables and relationships), for readers of an incident's stricter-labelled sources and
 * readers outside them, and for the originating organisation's own readers.
 */
import canonicalize from 'canonicalize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPeer, ownInvite } from '../../src/server/domain/federation/peer-service';
import { pullFrom } from '../../src/server/domain/federation/pull';
import { systemActor } from '../../src/server/domain/auth/actor';
import { loadDemoIncidents } from '../../src/server/domain/demo/demo-incidents';
import { EXTENSIONS } from '../../src/server/domain/stix/stix-vocab';
import { COLLECTION_ID } from '../../src/server/domain/taxii/taxii-service';
import { publishDue } from '../../src/server/domain/taxii/publisher';
import { label, makeCaveat, makeNation, makeOrg, makeToken, makeUser } from '../kit/factories';
import { anyVersion, bearer } from '../kit/http';
import { freePort } from '../kit/free-port';
import { startTestNode } from '../kit/test-node';
import type { TestNode } from '../kit/test-node';
import { shareDirectory } from '../kit/shared-directory';

type Key = 'pak' | 'kaz';
const nodes = {} as Record<Key, TestNode>;
const tokens: Record<string, string> = {};
type StixObject = Record<string, unknown> & { type: string; id: string };

const call = (at: Key, who: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  nodes[at].app.http.inject({ method, url, headers: { ...bearer(tokens[who]!), ...anyVersion(method) }, ...(payload ? { payload } : {}) });

const taxii = (at: Key, who: string, url: string) =>
  nodes[at].app.http.inject({
    method: 'GET',
    url,
    headers: { ...bearer(tokens[who]!), accept: 'application/taxii+json;version=2.1' },
  });

async function released(at: Key, kind: string, body: object): Promise<string> {
  const [analyst, releaser] = at === 'pak' ? ['pakAnalyst', 'pakReleaser'] : ['kazAnalyst', 'kazReleaser'];
  const created = await call(at, analyst, 'POST', `/api/${kind}`, body);
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as string;
  const release = await call(at, releaser, 'POST', `/api/${kind}/${id}/release`, {});
  expect(release.statusCode, release.body).toBe(200);
  return id;
}

const incident = (title: string, over: object = {}) => ({
  domain: 'terrorism-militancy',
  subtype: 'attack-on-security-forces',
  title,
  narrative: `${title}: narrative`,
  occurredAt: '2026-11-20T02:30:00Z',
  timePrecision: 'exact',
  place: { country: 'PAK', admin1: 'Balochistan', name: 'Chaman', point: { lat: 30.92, lon: 66.45 }, precision: 'near', uncertaintyKm: 3 },
  label: label({ relTo: ['UZB', 'KAZ'] }),
  ...over,
});

beforeAll(async () => {
  for (const key of ['pak', 'kaz'] as const) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    nodes[key] = await startTestNode(key.toUpperCase(), { CONCORD_PUBLIC_URL: url, CONCORD_OUTBOUND_ALLOW: 'loopback' });
    await nodes[key].app.http.listen({ port, host: '127.0.0.1' });
  }
  const pak = nodes.pak.ctx;
  await makeCaveat(pak, 'CT');
  for (const nation of ['UZB', 'AFG']) await makeNation(pak, nation);
  const pakOrg = await makeOrg(pak, 'PAK', 'PAK intelligence');
  const kazOrg = await makeOrg(pak, 'KAZ', 'KAZ intelligence');
  const users = {
    pakAnalyst: await makeUser(pak, { nation: 'PAK', org: pakOrg, roles: ['analyst'], caveats: ['CT'] }),
    pakReleaser: await makeUser(pak, { nation: 'PAK', org: pakOrg, roles: ['releasing-officer'], caveats: ['CT'] }),
    kazAnalyst: await makeUser(pak, { nation: 'KAZ', org: kazOrg, roles: ['analyst'], caveats: ['CT'] }),
    kazReleaser: await makeUser(pak, { nation: 'KAZ', org: kazOrg, roles: ['releasing-officer'], caveats: ['CT'] }),
    kazPlain: await makeUser(pak, { nation: 'KAZ', roles: ['analyst'] }),
  };
  await shareDirectory(pak, nodes.kaz.ctx);
  for (const who of ['pakAnalyst', 'pakReleaser'] as const) tokens[who] = await makeToken(pak, users[who]);
  for (const who of ['kazAnalyst', 'kazReleaser', 'kazPlain'] as const) tokens[who] = await makeToken(nodes.kaz.ctx, users[who]);
  const admin = systemActor('test');
  await addPeer(pak, admin, await ownInvite(nodes.kaz.ctx, admin), { accreditation: 'SECRET', caveats: ['CT'] });
  await addPeer(nodes.kaz.ctx, admin, await ownInvite(pak, admin), { accreditation: 'SECRET', caveats: ['CT'] });

  // PAK's records for KAZ: linked actors and indicators, sources under a stricter label, a draft
  // with a pending label, and demo incidents whose labels list partners in the order drawn.
  const actor = await released('pak', 'actors', {
    kind: 'armed-group',
    name: 'Crescent Cell',
    aliases: ['CC'],
    label: label({ relTo: ['KAZ'] }),
  });
  const police = await released('pak', 'actors', { kind: 'state-force', name: 'Frontier Corps', label: label({ relTo: ['KAZ'] }) });
  const ip = await released('pak', 'indicators', { type: 'ipv4', value: '185.220.101.4', label: label({ relTo: ['KAZ'] }) });
  const domain = await released('pak', 'indicators', {
    type: 'domain',
    value: 'mail-gov.example-ops.net',
    label: label({ relTo: ['KAZ'], caveats: ['CT'] }),
  });
  const withSources = await released(
    'pak',
    'incidents',
    incident('With CT sources', {
      sources: {
        items: [{ description: 'Liaison report', reliability: 'B', credibility: 2 }],
        label: label({ relTo: ['KAZ'], caveats: ['CT'] }),
      },
    }),
  );
  const linked = await call('pak', 'pakAnalyst', 'PUT', `/api/incidents/${withSources}/links`, {
    actors: [actor, police],
    indicators: [ip, domain],
  });
  expect(linked.statusCode, linked.body).toBe(200);
  const draft = await call('pak', 'pakAnalyst', 'POST', '/api/incidents', incident('Draft with a proposed label'));
  expect(draft.statusCode, draft.body).toBe(201);
  await loadDemoIncidents(
    pak,
    [{ userId: users.pakAnalyst.id, nation: 'PAK', org: pakOrg }],
    { nations: ['PAK', 'UZB', 'KAZ', 'AFG'], communities: [], caveats: ['CT'], orgsByNation: new Map([['KAZ', [kazOrg]]]) },
    24,
  );
  // KAZ's own record, for PAK.
  await released('kaz', 'incidents', incident('KAZ report', { label: label({ relTo: ['PAK'] }) }));

  while ((await publishDue(pak)) > 0);
  while ((await publishDue(nodes.kaz.ctx)) > 0);
  const pulled = await pullFrom(nodes.kaz.ctx, nodes.pak.ctx.node.nodeId);
  expect(pulled.rejected).toBe(0);
  expect(pulled.applied).toBeGreaterThan(10);
});

afterAll(async () => {
  await Promise.all(Object.values(nodes).map((node) => node.close()));
});

/**
 * Each object of `who`'s export against TAXII's for the same id and version. Returns the objects
 * compared and those TAXII does not serve (markings, organisations' identities, links: not published records).
 */
async function compareFaces(at: Key, who: string) {
  const exported = await call(at, who, 'GET', '/api/incidents/export?format=stix');
  expect(exported.statusCode).toBe(200);
  const objects = (exported.json() as { objects: StixObject[] }).objects;
  const byId = new Map(objects.map((o) => [o.id, o]));
  const compared: StixObject[] = [];
  const unserved: StixObject[] = [];
  for (const object of objects) {
    // An observable has no `modified`: it is a part of its indicator's version.
    const recordRef = (object.extensions as Record<string, { record_ref?: string }> | undefined)?.[EXTENSIONS.companion]?.record_ref;
    const modified = (object.modified ?? (recordRef ? byId.get(recordRef)?.modified : undefined)) as string | undefined;
    const query = modified ? `?match[version]=${encodeURIComponent(modified)}` : '';
    const served = await taxii(at, who, `/taxii2/api/collections/${COLLECTION_ID}/objects/${object.id}/${query}`);
    if (served.statusCode === 404) {
      unserved.push(object);
      continue;
    }
    expect(served.statusCode, served.body).toBe(200);
    const versions = (served.json() as { objects: StixObject[] }).objects;
    expect(versions, object.id).toHaveLength(1);
    expect(canonicalize(versions[0]), `${object.id} on the export and on TAXII`).toBe(canonicalize(object));
    compared.push(object);
  }
  for (const object of unserved) {
    const link = object.type === 'relationship' && !['located-at', 'based-on'].includes(String(object.relationship_type));
    const organisation = object.type === 'identity' && object.identity_class === 'organization';
    expect(object.type === 'marking-definition' || link || organisation, `${object.id} is not served over TAXII`).toBe(true);
  }
  return { compared, objects };
}

const originNation = (object: StixObject) =>
  (object.extensions as Record<string, { label?: { originator?: { nation?: string } } }>)[EXTENSIONS.signature]?.label?.originator?.nation;

describe('one id and version, one content', () => {
  it('on the originating node, for the originating organisation (drafts with a pending label included)', async () => {
    const { compared } = await compareFaces('pak', 'pakReleaser');
    const types = new Set(compared.map((o) => o.type));
    for (const type of ['incident', 'threat-actor', 'identity', 'indicator', 'location', 'relationship', 'ipv4-addr', 'domain-name'])
      expect(types, type).toContain(type);
    expect(compared.filter((o) => o.type === 'incident').length).toBeGreaterThan(20);
    expect(compared.some((o) => o.name === 'Draft with a proposed label')).toBe(true);
  });

  it('on a partner node, for records received from the originator and its own, with and without the sources', async () => {
    for (const who of ['kazAnalyst', 'kazPlain']) {
      const { compared } = await compareFaces('kaz', who);
      const received = compared.filter((o) => o.type === 'incident' && originNation(o) === 'PAK');
      expect(received.length, who).toBeGreaterThan(who === 'kazAnalyst' ? 5 : 1);
      expect(compared.some((o) => o.type === 'incident' && originNation(o) === 'KAZ')).toBe(true);
      expect(compared.some((o) => o.type === 'location')).toBe(true);
      const sources = compared.find((o) => o.name === 'With CT sources');
      const held = JSON.stringify(sources).includes('Liaison report');
      expect(held, who).toBe(who === 'kazAnalyst');
    }
  });
});
