/**
 * The round trip is lossless: a bundle exported from a node with demo-like data (labels whose
 * nations, communities and recipients were listed in whatever order they came), imported into a
 * fresh node and exported again is the same bundle, byte for byte in canonical JSON (RFC 8785) —
 * only the bundle's own id differs, since it is random (UUIDv4) per export. The fresh node is the
 * first one restored (a new database, the node's key file), so it signs the records as the first
 * did; a node of the same nation with a key of its own gives the same bundle but for the
 * signature extension (its node id and signature).
 */
import canonicalize from 'canonicalize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoIncidents } from '../../src/server/domain/demo/demo-incidents';
import { EXTENSIONS } from '../../src/server/domain/stix/stix-vocab';
import { fullIncidentBody, label, makeCaveat, makeCommunity, makeNation, makeOrg, makeToken, makeUser } from '../kit/factories';
import { anyVersion, bearer } from '../kit/http';
import { startTestNode } from '../kit/test-node';
import type { TestNode } from '../kit/test-node';
import { shareDirectory } from '../kit/shared-directory';

let a: TestNode;
let restored: TestNode;
let other: TestNode;
const token: Record<string, string> = {};

type StixObject = Record<string, unknown> & { type: string; id: string };
type Bundle = { type: string; id: string; objects: StixObject[] };

beforeAll(async () => {
  a = await startTestNode();
  [restored, other] = await Promise.all([startTestNode('PAK', { CONCORD_KEY_FILE: a.ctx.config.keyFile }), startTestNode()]);
  for (const caveat of ['CT', 'NARC', 'BORDER']) await makeCaveat(a.ctx, caveat);
  for (const nation of ['UZB', 'KAZ', 'AFG', 'TJK']) await makeNation(a.ctx, nation);
  await makeCommunity(a.ctx, 'CENTRAL-ASIA', ['PAK', 'KAZ', 'UZB', 'TJK']);
  await makeCommunity(a.ctx, 'BORDER-GROUP', ['PAK', 'AFG']);
  const org = await makeOrg(a.ctx, 'PAK', 'PAK intelligence');
  const kazOrg = await makeOrg(a.ctx, 'KAZ', 'KAZ intelligence');
  const uzbOrg = await makeOrg(a.ctx, 'UZB', 'UZB intelligence');
  const caveats = ['CT', 'NARC', 'BORDER'];
  const analyst = await makeUser(a.ctx, { nation: 'PAK', org, roles: ['analyst'], caveats });
  const releaser = await makeUser(a.ctx, { nation: 'PAK', org, roles: ['releasing-officer'], caveats });
  for (const node of [restored, other]) await shareDirectory(a.ctx, node.ctx);
  token.analyst = await makeToken(a.ctx, analyst);
  token.releaser = await makeToken(a.ctx, releaser);
  token.restored = await makeToken(restored.ctx, releaser);
  token.other = await makeToken(other.ctx, releaser);

  // Demo incidents: partners in the order drawn, communities after them, AMBER recipients per nation.
  await loadDemoIncidents(
    a.ctx,
    [{ userId: analyst.id, nation: 'PAK', org }],
    {
      nations: ['PAK', 'UZB', 'TJK', 'KAZ', 'AFG'],
      communities: [
        { code: 'CENTRAL-ASIA', members: ['PAK', 'KAZ', 'UZB', 'TJK'] },
        { code: 'BORDER-GROUP', members: ['PAK', 'AFG'] },
      ],
      caveats,
      orgsByNation: new Map([
        ['UZB', [uzbOrg]],
        ['KAZ', [kazOrg]],
      ]),
    },
    60,
  );
  // Records written through the API, their labels' lists given out of order.
  const unsorted = label({
    relTo: ['UZB', 'KAZ', 'CENTRAL-ASIA', 'KAZ'],
    caveats: ['NARC', 'CT'],
    tlp: 'AMBER',
    recipients: { orgs: [uzbOrg, kazOrg], users: [] },
  });
  const released = async (kind: string, body: object) => {
    const created = await call(a, 'analyst', 'POST', `/api/${kind}`, body);
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    expect((await call(a, 'releaser', 'POST', `/api/${kind}/${id}/release`, {})).statusCode).toBe(200);
    return id;
  };
  const actor = await released('actors', { kind: 'armed-group', name: 'Crescent Cell', aliases: ['CC', 'Crescent'], label: unsorted });
  const indicator = await released('indicators', { type: 'domain', value: 'mail-gov.example-ops.net', label: unsorted });
  const incident = await released(
    'incidents',
    fullIncidentBody({
      sources: {
        items: [{ description: 'Liaison report', reliability: 'B', credibility: 2 }],
        label: label({
          relTo: ['KAZ', 'UZB'],
          caveats: ['NARC', 'CT', 'BORDER'],
          tlp: 'AMBER',
          recipients: { orgs: [uzbOrg, kazOrg], users: [] },
        }),
      },
      label: unsorted,
    }),
  );
  const linked = await call(a, 'analyst', 'PUT', `/api/incidents/${incident}/links`, { actors: [actor], indicators: [indicator] });
  expect(linked.statusCode, linked.body).toBe(200);
});
afterAll(async () => {
  await Promise.all([a.close(), restored.close(), other.close()]);
});

const call = (node: TestNode, who: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  node.app.http.inject({ method, url, headers: { ...bearer(token[who]!), ...anyVersion(method) }, ...(payload ? { payload } : {}) });

const exportOf = async (node: TestNode, who: string) => {
  const response = await call(node, who, 'GET', '/api/incidents/export?format=stix');
  expect(response.statusCode).toBe(200);
  return response.json() as Bundle;
};

/** The bundle without its own id and without each object's signature extension. */
const unsigned = (bundle: Bundle) => ({
  ...bundle,
  id: '',
  objects: bundle.objects.map((object) => {
    const { [EXTENSIONS.signature]: _signature, ...extensions } = (object.extensions ?? {}) as Record<string, unknown>;
    return { ...object, extensions };
  }),
});

describe('export, import into a fresh node, export', () => {
  it('gives the same bundle, byte for byte in canonical form', async () => {
    const bundle = await exportOf(a, 'releaser');
    expect(bundle.objects.filter((o) => o.type === 'incident').length).toBeGreaterThan(50);
    expect(bundle.objects.filter((o) => o.type === 'marking-definition').length).toBeGreaterThan(10);
    const imported = await call(restored, 'restored', 'POST', '/api/stix/import', { bundle });
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json().skipped).toEqual([]);
    const again = await exportOf(restored, 'restored');
    expect(again.id).not.toBe(bundle.id);
    expect(canonicalize({ ...again, id: bundle.id })).toBe(canonicalize(bundle));
  });

  it('into a node with a key of its own, gives the same bundle but for who signed it', async () => {
    const bundle = await exportOf(a, 'releaser');
    const imported = await call(other, 'other', 'POST', '/api/stix/import', { bundle });
    expect(imported.statusCode, imported.body).toBe(200);
    const again = await exportOf(other, 'other');
    expect(canonicalize(unsigned(again))).toBe(canonicalize(unsigned(bundle)));
    const signer = (b: Bundle) =>
      (b.objects.find((o) => o.type === 'incident')!.extensions as Record<string, { node_id: string }>)[EXTENSIONS.signature]!.node_id;
    expect(signer(again)).toBe(other.ctx.node.nodeId);
    expect(signer(bundle)).toBe(a.ctx.node.nodeId);
  });
});
