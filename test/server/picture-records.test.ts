/** Actors and indicators (release workflow, normalisation), incident links, and correlation through them. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { label, makeCaveat, makeOrg, makeToken, makeUser } from '../kit/factories';
import { anyVersion, bearer } from '../kit/http';
import { startTestNode } from '../kit/test-node';
import { auditRepository } from '../../src/server/db/repositories/audit-repository';
import type { MadeUser } from '../kit/factories';
import type { TestNode } from '../kit/test-node';

let node: TestNode;
const token: Record<string, string> = {};
let analyst: MadeUser;

beforeAll(async () => {
  node = await startTestNode('PAK', { CONCORD_SECOND_APPROVER: 'AMBER+STRICT' });
  const { ctx } = node;
  await makeCaveat(ctx, 'NARC');
  const intel = await makeOrg(ctx, 'PAK', 'PAK cyber');
  analyst = await makeUser(ctx, { nation: 'PAK', org: intel, roles: ['analyst'] });
  const users = {
    analyst,
    releaser: await makeUser(ctx, { nation: 'PAK', org: intel, roles: ['releasing-officer'] }),
    otherOrg: await makeUser(ctx, { nation: 'PAK', roles: ['analyst'] }),
    kaz: await makeUser(ctx, { nation: 'KAZ', roles: ['analyst'] }),
    tjk: await makeUser(ctx, { nation: 'TJK', roles: ['analyst'] }),
  };
  for (const [name, user] of Object.entries(users)) token[name] = await makeToken(ctx, user);
});
afterAll(() => node.close());

const call = (who: string, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object) =>
  node.app.http.inject({ method, url, headers: { ...bearer(token[who]!), ...anyVersion(method) }, ...(payload ? { payload } : {}) });

async function released(kind: 'actors' | 'indicators' | 'incidents', body: object): Promise<string> {
  const created = await call('analyst', 'POST', `/api/${kind}`, body);
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as string;
  expect((await call('releaser', 'POST', `/api/${kind}/${id}/release`, {})).statusCode).toBe(200);
  return id;
}

const incident = (title: string, relTo: string[], at: string, lat: number) => ({
  domain: 'cyber',
  subtype: 'phishing-campaign',
  title,
  occurredAt: at,
  timePrecision: 'day',
  place: { country: 'PAK', point: { lat, lon: 70 }, precision: 'near' },
  label: label({ relTo }),
});

describe('actors', () => {
  it('start as drafts of the organisation, are released, edited as versions, and read only where released', async () => {
    const created = await call('analyst', 'POST', '/api/actors', {
      kind: 'criminal-network',
      name: 'Northern Route Network',
      aliases: ['NRN', 'NRN'],
      country: 'AFG',
      label: label({ relTo: ['KAZ'] }),
    });
    expect(created.statusCode).toBe(201);
    const actor = created.json();
    expect(actor).toMatchObject({
      releaseState: 'draft',
      aliases: ['NRN'],
      label: { marking: 'UNCLASSIFIED//REL TO PAK TLP:AMBER+STRICT' },
    });
    for (const who of ['otherOrg', 'kaz', 'tjk']) expect((await call(who, 'GET', `/api/actors/${actor.id}`)).statusCode).toBe(404);
    expect((await call('analyst', 'POST', `/api/actors/${actor.id}/release`, {})).statusCode).toBe(403);
    expect((await call('releaser', 'POST', `/api/actors/${actor.id}/release`, {})).json()).toMatchObject({
      releaseState: 'released',
      version: 2,
    });
    expect((await call('kaz', 'GET', `/api/actors/${actor.id}`)).json().name).toBe('Northern Route Network');
    const missing = await call('tjk', 'GET', '/api/actors/00000000-0000-4000-8000-000000000000');
    const refused = await call('tjk', 'GET', `/api/actors/${actor.id}`);
    expect(refused.statusCode).toBe(404);
    expect(refused.body).toBe(missing.body);

    expect((await call('kaz', 'PATCH', `/api/actors/${actor.id}`, { description: 'x' })).statusCode).toBe(403);
    const edited = await call('analyst', 'PATCH', `/api/actors/${actor.id}`, { aliases: ['NRN', 'Route 7'] });
    expect(edited.json()).toMatchObject({ version: 3, aliases: ['NRN', 'Route 7'] });
    const history = (await call('kaz', 'GET', `/api/actors/${actor.id}/history`)).json().items;
    // KAZ reads the released versions only, not the organisation-only draft.
    expect(history.map((v: { version: number; change: string }) => [v.version, v.change])).toEqual([
      [2, 'release'],
      [3, 'edit'],
    ]);
    expect(history[1].changedFields).toEqual(['aliases']);

    const listed = (await call('kaz', 'GET', '/api/actors?q=route')).json().items.map((a: { id: string }) => a.id);
    expect(listed).toEqual([actor.id]);
    expect((await call('tjk', 'GET', '/api/actors?q=route')).json().items).toEqual([]);
  });

  it('refuse bad input with messages, and forged labels are audited', async () => {
    const bad = await call('analyst', 'POST', '/api/actors', { kind: 'wizard', name: '', label: label() });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .error.issues.map((i: { path: string }) => i.path)
        .sort(),
    ).toEqual(['kind', 'name']);
    const forged = await call('analyst', 'POST', '/api/actors', { kind: 'armed-group', name: 'X', label: label({ relTo: ['NOPE'] }) });
    expect(forged.statusCode).toBe(400);
    const [last] = await auditRepository(node.ctx.database.db).latest(1, { action: 'actor.label' });
    expect(last).toMatchObject({ actor_id: analyst.id, outcome: 'rejected' });
  });

  it('a release to AMBER+STRICT waits for a second releasing officer', async () => {
    const created = (
      await call('analyst', 'POST', '/api/actors', {
        kind: 'armed-group',
        name: 'Valley Front',
        label: label({ relTo: ['KAZ'], tlp: 'AMBER+STRICT', recipients: { orgs: [analyst.org], users: [] } }),
      })
    ).json();
    const first = await call('releaser', 'POST', `/api/actors/${created.id}/release`, {});
    expect(first.json()).toMatchObject({ releaseState: 'draft', pendingRelease: { byMe: true } });
    expect((await call('releaser', 'POST', `/api/actors/${created.id}/release`, {})).statusCode).toBe(409);
  });
});

describe('indicators', () => {
  it('are normalised on write, warn about benign values, and offer a check without storing', async () => {
    const created = await call('analyst', 'POST', '/api/indicators', {
      type: 'domain',
      value: 'Update.Microsoft.COM.',
      label: label({ relTo: ['KAZ'] }),
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ value: 'update.microsoft.com', releaseState: 'draft' });
    expect(created.json().warnings[0]).toMatch(/well-known/);
    const bad = await call('analyst', 'POST', '/api/indicators', { type: 'ipv4', value: '300.1.1.1', label: label() });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues[0].path).toBe('value');
    const check = await call('kaz', 'GET', '/api/indicators/check?type=ipv6&value=2001:DB8:0:0:0:0:0:1');
    expect(check.json()).toEqual({ ok: true, value: '2001:db8::1', warnings: [expect.stringMatching(/reserved/)] });
    const order = await call('analyst', 'POST', '/api/indicators', {
      type: 'ipv4',
      value: '185.220.101.4',
      firstSeen: '2026-11-02T00:00:00Z',
      lastSeen: '2026-11-01T00:00:00Z',
      label: label(),
    });
    expect(order.statusCode).toBe(400);

    // Defanged values are refanged on write; several values are checked at once before saving.
    const defanged = await call('analyst', 'POST', '/api/indicators', {
      type: 'url',
      value: 'hxxps[:]//drop[.]evil-example[.]org/payload',
      label: label(),
    });
    expect(defanged.statusCode, defanged.body).toBe(201);
    expect(defanged.json().value).toBe('https://drop.evil-example.org/payload');
    const checks = await call('analyst', 'POST', '/api/indicators/checks', {
      items: [
        { type: 'ipv4', value: '8.8.8[.]8' },
        { type: 'email', value: 'courier[at]mail[.]example-ops[.]net' },
        { type: 'md5', value: 'nope' },
      ],
    });
    expect(checks.statusCode, checks.body).toBe(200);
    expect(checks.json().items).toEqual([
      { ok: true, value: '8.8.8.8', warnings: [expect.stringMatching(/public DNS resolver/)] },
      { ok: true, value: 'courier@mail.example-ops.net', warnings: [] },
      { ok: false, message: expect.stringMatching(/32 hexadecimal/) },
    ]);

    // Edits are versions by the originating organisation; sightings stay in order.
    const id = created.json().id;
    const seen = await call('analyst', 'PATCH', `/api/indicators/${id}`, {
      firstSeen: '2026-11-01T00:00:00Z',
      lastSeen: '2026-11-20T00:00:00Z',
    });
    expect(seen.json()).toMatchObject({ version: 2, firstSeen: '2026-11-01T00:00:00.000Z', lastSeen: '2026-11-20T00:00:00.000Z' });
    expect((await call('analyst', 'PATCH', `/api/indicators/${id}`, { lastSeen: '2026-10-01T00:00:00Z' })).statusCode).toBe(400);
    expect((await call('otherOrg', 'PATCH', `/api/indicators/${id}`, { description: 'x' })).statusCode).toBe(404);
    const history = (await call('analyst', 'GET', `/api/indicators/${id}/history`)).json().items;
    expect(history.map((v: { change: string; changedFields: string[] }) => [v.change, v.changedFields])).toEqual([
      ['create', []],
      ['edit', ['firstSeen', 'lastSeen']],
    ]);
  });
});

describe('links and correlation', () => {
  it('link only readable records, show each reader only what they may read, and relate incidents through shared records', async () => {
    const sharedDomain = await released('indicators', {
      type: 'domain',
      value: 'mail-gov-pk.example-ops.net',
      label: label({ relTo: ['KAZ', 'TJK'] }),
    });
    const kazOnlyIp = await released('indicators', { type: 'ipv4', value: '185.220.101.4', label: label({ relTo: ['KAZ'] }) });
    const group = await released('actors', { kind: 'armed-group', name: 'Crescent Cell', label: label({ relTo: ['KAZ', 'TJK'] }) });
    const a = await released('incidents', incident('Phishing wave A', ['KAZ', 'TJK'], '2026-03-01T00:00:00Z', 30));
    const b = await released('incidents', incident('Phishing wave B', ['KAZ', 'TJK'], '2026-06-01T00:00:00Z', 35));
    const c = await released('incidents', incident('Phishing wave C', ['KAZ', 'TJK'], '2026-09-01T00:00:00Z', 40));
    const draftActor = (await call('otherOrg', 'POST', '/api/actors', { kind: 'other', name: 'Not yours', label: label() })).json().id;

    // A target the author may not read answers like a missing one.
    const unreadable = await call('analyst', 'PUT', `/api/incidents/${a}/links`, { actors: [draftActor] });
    const missing = await call('analyst', 'PUT', `/api/incidents/${a}/links`, { actors: ['00000000-0000-4000-8000-000000000000'] });
    expect(unreadable.statusCode).toBe(400);
    expect(unreadable.json().error.message.replace(draftActor, 'X')).toBe(missing.json().error.message.replace(/0000[-0-9]+/, 'X'));
    expect((await call('kaz', 'PUT', `/api/incidents/${a}/links`, { actors: [group] })).statusCode).toBe(403);
    expect((await call('analyst', 'PUT', `/api/incidents/${a}/links`, { incidents: [{ id: a, relation: 'related' }] })).statusCode).toBe(
      400,
    );

    const linked = await call('analyst', 'PUT', `/api/incidents/${a}/links`, {
      actors: [group],
      indicators: [sharedDomain, kazOnlyIp],
      incidents: [{ id: c, relation: 'part-of' }],
    });
    expect(linked.statusCode, linked.body).toBe(200);
    await call('analyst', 'PUT', `/api/incidents/${b}/links`, { indicators: [sharedDomain, kazOnlyIp] });
    await call('analyst', 'PUT', `/api/incidents/${c}/links`, { actors: [group] });

    const kazLinks = (await call('kaz', 'GET', `/api/incidents/${a}/links`)).json();
    expect(kazLinks.indicators.map((i: { id: string }) => i.id).sort()).toEqual([sharedDomain, kazOnlyIp].sort());
    expect(kazLinks.incidents).toEqual([expect.objectContaining({ id: c, relation: 'part-of' })]);
    const tjkLinks = await call('tjk', 'GET', `/api/incidents/${a}/links`);
    expect(tjkLinks.json().indicators.map((i: { id: string }) => i.id)).toEqual([sharedDomain]);
    expect(tjkLinks.body).not.toContain(kazOnlyIp);
    expect(tjkLinks.body).not.toContain('185.220.101.4');

    const related = async (who: string) => (await call(who, 'GET', `/api/incidents/${a}/related`)).json().items;
    const kazRelated = await related('kaz');
    expect(kazRelated.map((r: { id: string }) => r.id).sort()).toEqual([b, c].sort());
    const viaB = kazRelated.find((r: { id: string }) => r.id === b);
    expect(viaB.reasons.map((r: { kind: string; value?: string }) => r.value).sort()).toEqual([
      '185.220.101.4',
      'mail-gov-pk.example-ops.net',
    ]);
    expect(kazRelated.find((r: { id: string }) => r.id === c).reasons).toEqual([
      { kind: 'shared-actor', id: group, name: 'Crescent Cell' },
    ]);
    const tjkRelatedBody = (await call('tjk', 'GET', `/api/incidents/${a}/related`)).body;
    expect(tjkRelatedBody).not.toContain('185.220.101.4');
    expect(tjkRelatedBody).toContain('mail-gov-pk.example-ops.net');

    // Filters: by actor (only one the reader may read), by label fields; both orders, with cursors.
    const kazOnlyActor = await released('actors', { kind: 'other', name: 'KAZ-only group', label: label({ relTo: ['KAZ'] }) });
    await call('analyst', 'PUT', `/api/incidents/${b}/links`, { actors: [kazOnlyActor] });
    const ids = async (who: string, query: string) =>
      (await call(who, 'GET', `/api/incidents?${query}`)).json().items.map((i: { id: string }) => i.id);
    expect(await ids('kaz', `actor=${group}`)).toEqual([c, a]);
    expect(await ids('kaz', `actor=${group}&sort=oldest`)).toEqual([a, c]);
    const first = (await call('kaz', 'GET', `/api/incidents?actor=${group}&sort=oldest&limit=1`)).json();
    expect(first.items.map((i: { id: string }) => i.id)).toEqual([a]);
    expect(await ids('kaz', `actor=${group}&sort=oldest&limit=1&cursor=${first.next}`)).toEqual([c]);
    expect(await ids('kaz', `actor=${kazOnlyActor}`)).toEqual([b]);
    expect(await ids('tjk', `actor=${kazOnlyActor}`)).toEqual([]);
    expect(await ids('kaz', `actor=${group}&classification=UNCLASSIFIED&tlp=GREEN`)).toEqual([c, a]);
    expect(await ids('kaz', `actor=${group}&classification=SECRET`)).toEqual([]);
    expect((await call('kaz', 'GET', '/api/incidents?tlp=PURPLE')).statusCode).toBe(400);

    // Editing links keeps the links the editor cannot read, and each change is a version.
    const history = (await call('analyst', 'GET', `/api/incidents/${a}/history`)).json().items;
    expect(history.at(-1)).toMatchObject({ change: 'link', changedFields: ['links'] });
  });

  it('keeps the links an editor cannot read when they edit the others', async () => {
    const narcAnalyst = await makeUser(node.ctx, { nation: 'PAK', org: analyst.org, roles: ['analyst'], caveats: ['NARC'] });
    token.narc = await makeToken(node.ctx, narcAnalyst);
    const kazOrg = await makeOrg(node.ctx, 'KAZ', 'KAZ narcotics');
    token.kazNarc = await makeToken(
      node.ctx,
      await makeUser(node.ctx, { nation: 'KAZ', org: kazOrg, roles: ['analyst'], caveats: ['NARC'] }),
    );
    token.kazReleaser = await makeToken(
      node.ctx,
      await makeUser(node.ctx, { nation: 'KAZ', org: kazOrg, roles: ['releasing-officer'], caveats: ['NARC'] }),
    );
    const narcActor = (
      await call('kazNarc', 'POST', '/api/actors', {
        kind: 'criminal-network',
        name: 'Caveated network',
        label: label({ relTo: ['PAK'], caveats: ['NARC'] }),
      })
    ).json().id;
    expect((await call('kazReleaser', 'POST', `/api/actors/${narcActor}/release`, {})).statusCode).toBe(200);
    const plainActor = (await call('analyst', 'POST', '/api/actors', { kind: 'armed-group', name: 'Plain group', label: label() })).json()
      .id;
    const id = (await call('analyst', 'POST', '/api/incidents', incident('Linked twice', ['KAZ'], '2026-01-01T00:00:00Z', 10))).json().id;
    expect((await call('narc', 'PUT', `/api/incidents/${id}/links`, { actors: [narcActor, plainActor] })).statusCode).toBe(200);
    // The analyst without the caveat sees one link and removes it; the caveated link stays.
    expect((await call('analyst', 'GET', `/api/incidents/${id}/links`)).json().actors.map((a: { id: string }) => a.id)).toEqual([
      plainActor,
    ]);
    expect((await call('analyst', 'PUT', `/api/incidents/${id}/links`, { actors: [] })).json().actors).toEqual([]);
    expect((await call('narc', 'GET', `/api/incidents/${id}/links`)).json().actors.map((a: { id: string }) => a.id)).toEqual([narcActor]);
  });

  it('caps how many incidents one shared value brings in', async () => {
    const hot = await released('indicators', { type: 'domain', value: 'hot-value.example-ops.net', label: label({ relTo: ['KAZ'] }) });
    const ids: string[] = [];
    for (let i = 0; i < 14; i++) {
      const id = await released('incidents', incident(`Hot ${i}`, ['KAZ'], `2025-0${(i % 9) + 1}-10T00:00:00Z`, 20 + i));
      await call('analyst', 'PUT', `/api/incidents/${id}/links`, { indicators: [hot] });
      ids.push(id);
    }
    const items = (await call('kaz', 'GET', `/api/incidents/${ids[0]}/related`)).json().items;
    expect(items).toHaveLength(10);
  });
});
