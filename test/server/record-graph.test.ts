/** The link graph: only readable records, only links whose both ends are readable, and an unreadable start like a missing one. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { label, makeOrg, makeToken, makeUser } from '../kit/factories';
import { anyVersion, bearer } from '../kit/http';
import { startTestNode } from '../kit/test-node';
import type { TestNode } from '../kit/test-node';

let node: TestNode;
const token: Record<string, string> = {};

beforeAll(async () => {
  node = await startTestNode('PAK');
  const { ctx } = node;
  const intel = await makeOrg(ctx, 'PAK', 'PAK cyber');
  const users = {
    analyst: await makeUser(ctx, { nation: 'PAK', org: intel, roles: ['analyst'] }),
    releaser: await makeUser(ctx, { nation: 'PAK', org: intel, roles: ['releasing-officer'] }),
    kaz: await makeUser(ctx, { nation: 'KAZ', roles: ['analyst'] }),
    tjk: await makeUser(ctx, { nation: 'TJK', roles: ['analyst'] }),
  };
  for (const [name, user] of Object.entries(users)) token[name] = await makeToken(ctx, user);
});
afterAll(() => node.close());

const call = (who: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  node.app.http.inject({ method, url, headers: { ...bearer(token[who]!), ...anyVersion(method) }, ...(payload ? { payload } : {}) });

async function released(kind: 'actors' | 'indicators' | 'incidents', body: object): Promise<string> {
  const created = await call('analyst', 'POST', `/api/${kind}`, body);
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as string;
  expect((await call('releaser', 'POST', `/api/${kind}/${id}/release`, {})).statusCode).toBe(200);
  return id;
}

const incident = (title: string, relTo: string[], at: string) => ({
  domain: 'cyber',
  subtype: 'phishing-campaign',
  title,
  occurredAt: at,
  timePrecision: 'day',
  place: { country: 'PAK', point: { lat: 30, lon: 70 }, precision: 'near' },
  label: label({ relTo }),
});

type Graph = {
  start: { kind: string; id: string };
  nodes: { kind: string; id: string; title: string }[];
  edges: { from: { id: string }; to: { id: string }; relation: string }[];
  truncated: boolean;
};
const ids = (graph: Graph) => graph.nodes.map((n) => n.id).sort();
const edgePairs = (graph: Graph) => graph.edges.map((e) => `${e.from.id}>${e.to.id}`).sort();

describe('record graph', () => {
  it('shows each reader only the records they may read and the links whose both ends they may read', async () => {
    const group = await released('actors', { kind: 'armed-group', name: 'Crescent Cell', label: label({ relTo: ['KAZ', 'TJK'] }) });
    const sharedDomain = await released('indicators', {
      type: 'domain',
      value: 'mail-gov-pk.example-ops.net',
      label: label({ relTo: ['KAZ', 'TJK'] }),
    });
    const kazOnlyIp = await released('indicators', { type: 'ipv4', value: '185.220.101.4', label: label({ relTo: ['KAZ'] }) });
    const a = await released('incidents', incident('Phishing wave A', ['KAZ', 'TJK'], '2026-03-01T00:00:00Z'));
    const b = await released('incidents', incident('Phishing wave B', ['KAZ', 'TJK'], '2026-06-01T00:00:00Z'));
    const kazOnlyIncident = await released('incidents', incident('Phishing wave K', ['KAZ'], '2026-07-01T00:00:00Z'));
    const linkA = await call('analyst', 'PUT', `/api/incidents/${a}/links`, {
      actors: [group],
      indicators: [sharedDomain, kazOnlyIp],
      incidents: [{ id: b, relation: 'related' }],
    });
    expect(linkA.statusCode, linkA.body).toBe(200);
    await call('analyst', 'PUT', `/api/incidents/${b}/links`, { actors: [group] });
    await call('analyst', 'PUT', `/api/incidents/${kazOnlyIncident}/links`, { actors: [group], indicators: [sharedDomain] });

    const graph = async (who: string, url: string) => {
      const response = await call(who, 'GET', url);
      expect(response.statusCode, response.body).toBe(200);
      return response.json() as Graph;
    };

    // Cleared for everything: the whole neighbourhood of A, with B's link to the same actor.
    const kazA = await graph('kaz', `/api/graph/incidents/${a}`);
    expect(kazA.start).toEqual({ kind: 'incident', id: a });
    expect(ids(kazA)).toEqual([a, b, group, sharedDomain, kazOnlyIp].sort());
    expect(edgePairs(kazA)).toEqual([`${a}>${group}`, `${a}>${sharedDomain}`, `${a}>${kazOnlyIp}`, `${a}>${b}`, `${b}>${group}`].sort());
    expect(kazA.truncated).toBe(false);

    // Not cleared for the KAZ-only indicator: neither it nor its link, not a trace of either.
    const tjkA = await call('tjk', 'GET', `/api/graph/incidents/${a}`);
    expect(ids(tjkA.json())).toEqual([a, b, group, sharedDomain].sort());
    expect(edgePairs(tjkA.json())).toEqual([`${a}>${group}`, `${a}>${sharedDomain}`, `${a}>${b}`, `${b}>${group}`].sort());
    expect(tjkA.body).not.toContain(kazOnlyIp);
    expect(tjkA.body).not.toContain('185.220.101.4');

    // From the actor: the incidents linking to it, the KAZ-only one only for KAZ.
    expect(ids(await graph('kaz', `/api/graph/actors/${group}`))).toEqual([a, b, kazOnlyIncident, group].sort());
    const tjkGroup = await graph('tjk', `/api/graph/actors/${group}`);
    expect(ids(tjkGroup)).toEqual([a, b, group].sort());
    expect(edgePairs(tjkGroup)).toEqual([`${a}>${b}`, `${a}>${group}`, `${b}>${group}`].sort());
    expect(JSON.stringify(tjkGroup)).not.toContain(kazOnlyIncident);
    expect(ids(await graph('tjk', `/api/graph/indicators/${sharedDomain}`))).toEqual([a, sharedDomain].sort());
  });

  it('answers an unreadable start record exactly like a missing one', async () => {
    const kazOnlyIp = await released('indicators', { type: 'ipv4', value: '185.220.101.9', label: label({ relTo: ['KAZ'] }) });
    const kazOnlyIncident = await released('incidents', incident('Phishing wave L', ['KAZ'], '2026-08-01T00:00:00Z'));
    const draftActor = (
      await call('analyst', 'POST', '/api/actors', { kind: 'other', name: 'Draft', label: label({ relTo: ['TJK'] }) })
    ).json().id as string;
    const missingId = '00000000-0000-4000-8000-000000000000';
    for (const [plural, hidden] of [
      ['indicators', kazOnlyIp],
      ['incidents', kazOnlyIncident],
      ['actors', draftActor],
    ] as const) {
      const unreadable = await call('tjk', 'GET', `/api/graph/${plural}/${hidden}`);
      const missing = await call('tjk', 'GET', `/api/graph/${plural}/${missingId}`);
      expect(unreadable.statusCode).toBe(404);
      expect(unreadable.body).toBe(missing.body);
      for (const header of ['content-type', 'content-length', 'cache-control'])
        expect(unreadable.headers[header]).toBe(missing.headers[header]);
    }
    expect((await call('kaz', 'GET', `/api/graph/indicators/${kazOnlyIp}`)).statusCode).toBe(200);
  });
});
