/**
 * STIX 2.1: a bundle exported from one node and imported into another exports again the same
 * objects (lossless round trip); a bundle holds only what the reader may read; imports check
 * everything first and write nothing on a problem.
 */
import canonicalize from 'canonicalize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTENSIONS } from '../../src/server/domain/stix/stix-vocab';
import { fullIncidentBody, label, makeCaveat, makeOrg, makeToken, makeUser } from '../kit/factories';
import { anyVersion, bearer } from '../kit/http';
import { nullsAndEmptyLists } from '../kit/stix-emptiness';
import { startTestNode } from '../kit/test-node';
import type { MadeUser } from '../kit/factories';
import type { TestNode } from '../kit/test-node';
import { shareDirectory } from '../kit/shared-directory';

let a: TestNode;
let b: TestNode;
let releaser: MadeUser;
const token: Record<string, string> = {};

beforeAll(async () => {
  a = await startTestNode();
  // B is A restored: a fresh database with A's key file, so it signs A's records as A did.
  b = await startTestNode('PAK', { CONCORD_KEY_FILE: a.ctx.config.keyFile });
  await makeCaveat(a.ctx, 'CT');
  const org = await makeOrg(a.ctx, 'PAK', 'PAK intelligence');
  const analyst = await makeUser(a.ctx, { nation: 'PAK', org, roles: ['analyst'], caveats: ['CT'] });
  releaser = await makeUser(a.ctx, { nation: 'PAK', org, roles: ['releasing-officer'], caveats: ['CT'] });
  const kaz = await makeUser(a.ctx, { nation: 'KAZ', roles: ['analyst'] });
  await makeUser(a.ctx, { nation: 'TJK', roles: ['analyst'] });
  // Node B knows the same directory (as partner nodes do); its own rows first.
  await shareDirectory(a.ctx, b.ctx);
  token.analyst = await makeToken(a.ctx, analyst);
  token.releaser = await makeToken(a.ctx, releaser);
  token.kaz = await makeToken(a.ctx, kaz);
  token.releaserB = await makeToken(b.ctx, releaser);
});
afterAll(async () => {
  await Promise.all([a.close(), b.close()]);
});

const call = (node: TestNode, who: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  node.app.http.inject({ method, url, headers: { ...bearer(token[who]!), ...anyVersion(method) }, ...(payload ? { payload } : {}) });

async function released(kind: string, body: object): Promise<string> {
  const created = await call(a, 'analyst', 'POST', `/api/${kind}`, body);
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as string;
  expect((await call(a, 'releaser', 'POST', `/api/${kind}/${id}/release`, {})).statusCode).toBe(200);
  return id;
}

type Bundle = { type: string; id: string; objects: { type: string; id: string }[] };
const objectsOf = (bundle: Bundle) => canonicalize(bundle.objects);

describe('STIX 2.1 bundles', () => {
  let bundle: Bundle;
  let incidentId = '';
  let ip = '';

  it('export incidents with their actors, indicators, links, markings and identities', async () => {
    const actor = await released('actors', {
      kind: 'armed-group',
      name: 'Crescent Cell',
      aliases: ['CC'],
      country: 'AFG',
      label: label({ relTo: ['KAZ'] }),
    });
    const police = await released('actors', { kind: 'state-force', name: 'Frontier Corps', label: label({ relTo: ['KAZ'] }) });
    ip = await released('indicators', {
      type: 'ipv4',
      value: '185.220.101.4',
      // Named by its author: exported with that name, and restored with it by the import below.
      name: 'Tor exit relay',
      firstSeen: '2026-10-01T00:00:00Z',
      label: label({ relTo: ['KAZ'] }),
    });
    const domain = await released('indicators', {
      type: 'domain',
      value: 'Mail-Gov.example-ops.NET',
      label: label({ relTo: ['KAZ'], caveats: ['CT'] }),
    });
    incidentId = await released(
      'incidents',
      fullIncidentBody({
        sources: {
          items: [{ description: 'Liaison report', reliability: 'B', credibility: 2 }],
          label: label({ relTo: [], caveats: ['CT'] }),
        },
        label: label({ relTo: ['KAZ'], classification: 'RESTRICTED' }),
      }),
    );
    const other = await released('incidents', {
      domain: 'explosive-remote-violence',
      subtype: 'ied-found',
      title: 'Device found',
      occurredAt: '2026-11-21T00:00:00Z',
      timePrecision: 'day',
      place: { country: 'PAK', precision: 'admin1', admin1: 'Balochistan' },
      label: label({ relTo: ['KAZ'] }),
    });
    const draft = (
      await call(a, 'analyst', 'POST', '/api/incidents', {
        domain: 'other',
        subtype: 'other',
        title: 'Draft only',
        occurredAt: '2026-11-22T00:00:00Z',
        timePrecision: 'month',
        place: { country: 'PAK', precision: 'country' },
        label: label(),
      })
    ).json().id;
    const linked = await call(a, 'analyst', 'PUT', `/api/incidents/${incidentId}/links`, {
      actors: [actor, police],
      indicators: [ip, domain],
      incidents: [{ id: other, relation: 'part-of' }],
    });
    expect(linked.statusCode).toBe(200);

    const response = await call(a, 'releaser', 'GET', '/api/incidents/export?format=stix');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/stix+json');
    bundle = response.json();
    expect(bundle.type).toBe('bundle');
    const ids = bundle.objects.map((o) => o.id);
    for (const id of [
      `incident--${incidentId}`,
      `incident--${other}`,
      `incident--${draft}`,
      `threat-actor--${actor}`,
      `identity--${police}`,
      `indicator--${ip}`,
      `indicator--${domain}`,
    ]) {
      expect(ids).toContain(id);
    }
    expect(ids).toContain('marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb');
    const relationships = bundle.objects.filter((o) => o.type === 'relationship') as unknown as Record<string, string>[];
    expect(relationships.filter((r) => !['located-at', 'based-on'].includes(r.relationship_type!))).toHaveLength(5);
    // Each indicator's value as a standard observable, with the relationship to it.
    const basedOn = relationships.find((r) => r.relationship_type === 'based-on' && r.source_ref === `indicator--${domain}`)!;
    expect(bundle.objects.find((o) => o.id === basedOn.target_ref)).toMatchObject({
      type: 'domain-name',
      value: 'mail-gov.example-ops.net',
      spec_version: '2.1',
    });
    expect(bundle.objects.find((o) => o.id === basedOn.target_ref)).not.toHaveProperty('created');
    // Each incident's place as a standard location, with the relationship to it.
    const located = relationships.filter((r) => r.relationship_type === 'located-at');
    expect(located.map((r) => r.source_ref).sort()).toEqual([`incident--${incidentId}`, `incident--${other}`, `incident--${draft}`].sort());
    const place = bundle.objects.find((o) => o.id === located.find((r) => r.source_ref === `incident--${other}`)!.target_ref);
    expect(place).toMatchObject({ type: 'location', country: 'PK', administrative_area: 'Balochistan' });
    const chaman = bundle.objects.find((o) => o.id === located.find((r) => r.source_ref === `incident--${incidentId}`)!.target_ref);
    expect(chaman).toMatchObject({ type: 'location', name: 'Chaman', country: 'PK', latitude: 30.92, longitude: 66.45, precision: 3000 });
    const indicator = bundle.objects.find((o) => o.id === `indicator--${domain}`) as unknown as { pattern: string; name: string };
    expect(indicator.pattern).toBe("[domain-name:value = 'mail-gov.example-ops.net']");
    expect(indicator.name).toBe('mail-gov.example-ops.net');
    expect((bundle.objects.find((o) => o.id === `indicator--${ip}`) as unknown as { name: string }).name).toBe('Tor exit relay');
  });

  it('import into another node and export the same objects again', async () => {
    const imported = await call(b, 'releaserB', 'POST', '/api/stix/import', { bundle });
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json().imported).toEqual({ incidents: 3, actors: 2, indicators: 2, links: 5 });
    const again = (await call(b, 'releaserB', 'GET', '/api/incidents/export?format=stix')).json() as Bundle;
    // The whole bundle, byte for byte in canonical form; only its own id is new (random, as STIX recommends).
    expect(canonicalize({ ...again, id: bundle.id })).toBe(canonicalize(bundle));
    // Importing twice changes nothing.
    const twice = await call(b, 'releaserB', 'POST', '/api/stix/import', { bundle });
    expect(twice.json().imported).toEqual({ incidents: 0, actors: 0, indicators: 0, links: 0 });
    expect(objectsOf((await call(b, 'releaserB', 'GET', '/api/incidents/export?format=stix')).json())).toBe(objectsOf(bundle));
  });

  it("check a restored incident's sources label like any label, and refuse one that does not hold", async () => {
    const incident = bundle.objects.find((o) => o.type === 'incident')!;
    const extensions = (incident as unknown as { extensions: Record<string, Record<string, unknown>> }).extensions;
    const withSources = {
      ...incident,
      id: 'incident--0d7c6a55-7c57-4f0e-9d2a-6f6b1e0c4a11',
      extensions: {
        ...extensions,
        [EXTENSIONS.incident]: {
          ...extensions[EXTENSIONS.incident],
          sources: {
            items: [{ description: 'Border post log', reliability: 'B', credibility: 2 }],
            label: {
              classification: 'SECRET',
              relTo: ['PAK', 'NOWHERE'],
              caveats: ['NO-SUCH'],
              tlp: 'GREEN',
              recipients: { orgs: [], users: [] },
            },
          },
        },
      },
    };
    const response = await call(b, 'releaserB', 'POST', '/api/stix/import', {
      bundle: { ...bundle, objects: [...bundle.objects.filter((o) => o.type !== 'incident'), withSources] },
      dryRun: true,
    });
    expect(response.statusCode).toBe(400);
    expect(
      response
        .json()
        .error.issues.map((i: { message: string }) => i.message)
        .join(' '),
    ).toMatch(/sources label: Unknown nation or community "NOWHERE"/);
  });

  it('carry no null property and no empty list anywhere, and organisations’ nations in an extension', async () => {
    expect(nullsAndEmptyLists(bundle)).toEqual([]);
    const organisations = bundle.objects.filter(
      (o) => o.type === 'identity' && (o as Record<string, unknown>).identity_class === 'organization',
    );
    expect(organisations.length).toBeGreaterThan(0);
    for (const organisation of organisations) {
      expect(Object.keys(organisation).filter((key) => key.startsWith('x_'))).toEqual([]);
      expect(organisation).toMatchObject({
        extensions: { [EXTENSIONS.organisation]: { extension_type: 'property-extension', nation: 'PAK' } },
      });
    }
    expect(bundle.objects.map((o) => o.id)).toContain(EXTENSIONS.organisation);
  });

  it('hold only what the reader may read', async () => {
    const kazBundle = await call(a, 'kaz', 'GET', '/api/incidents/export?format=stix');
    const body = kazBundle.body;
    expect(body).toContain(incidentId);
    expect(body).toContain(ip);
    // The CT-caveated indicator and sources, and the draft, are not KAZ's to read.
    expect(body).not.toContain('mail-gov.example-ops.net');
    expect(body).not.toContain('Liaison report');
    expect(body).not.toContain('Draft only');
    expect(body).not.toContain('proposed_label');
  });

  it('refuse unknown markings, other nations’ records and unlabelled foreign objects, writing nothing', async () => {
    const foreignIndicator = {
      type: 'indicator',
      spec_version: '2.1',
      id: 'indicator--7f0e3c1a-2b4d-4e6f-8a9b-0c1d2e3f4a5b',
      created: '2026-11-01T00:00:00.000Z',
      modified: '2026-11-01T00:00:00.000Z',
      pattern: "[ipv4-addr:value = '203.0.113.9']",
      pattern_type: 'stix',
      valid_from: '2026-11-01T00:00:00.000Z',
      object_marking_refs: ['marking-definition--f88d31f6-486f-44da-b317-01333bde0b82'],
    };
    const unlabelled = await call(b, 'releaserB', 'POST', '/api/stix/import', {
      bundle: { type: 'bundle', id: 'bundle--x', objects: [foreignIndicator] },
    });
    expect(unlabelled.statusCode).toBe(400);
    expect(unlabelled.json().error.issues[0].message).toMatch(/send `label`/);
    const tooWide = await call(b, 'releaserB', 'POST', '/api/stix/import', {
      bundle: { type: 'bundle', id: 'bundle--x', objects: [foreignIndicator] },
      label: label({ tlp: 'GREEN' }),
    });
    expect(tooWide.json().error.issues[0].message).toMatch(/TLP:AMBER, stricter/);
    const unknownMarking = await call(b, 'releaserB', 'POST', '/api/stix/import', {
      bundle: {
        type: 'bundle',
        id: 'bundle--x',
        objects: [{ ...foreignIndicator, object_marking_refs: ['marking-definition--00000000-0000-4000-8000-000000000000'] }],
      },
      label: label({ tlp: 'AMBER', recipients: { orgs: [releaser.org], users: [] } }),
    });
    expect(unknownMarking.json().error.issues[0].message).toMatch(/Unknown marking/);
    expect((await b.ctx.database.db.selectFrom('indicators').select('id').where('value', '=', '203.0.113.9').execute()).length).toBe(0);

    const ok = await call(b, 'releaserB', 'POST', '/api/stix/import', {
      bundle: {
        type: 'bundle',
        id: 'bundle--x',
        objects: [foreignIndicator, { type: 'malware', spec_version: '2.1', id: 'malware--7f0e3c1a-2b4d-4e6f-8a9b-0c1d2e3f4a5c' }],
      },
      label: label({ tlp: 'AMBER', recipients: { orgs: [releaser.org], users: [] } }),
    });
    expect(ok.json()).toMatchObject({ imported: { indicators: 1 }, skipped: [{ id: 'malware--7f0e3c1a-2b4d-4e6f-8a9b-0c1d2e3f4a5c' }] });
    // A record of the importer's organisation under an id of its own; where it came from is kept.
    const copy = await b.ctx.database.db
      .selectFrom('imported_records')
      .selectAll()
      .where('stix_id', '=', foreignIndicator.id)
      .executeTakeFirstOrThrow();
    expect(copy).toMatchObject({ record_kind: 'indicator', feed_id: null });
    expect(copy.record_id).not.toBe('7f0e3c1a-2b4d-4e6f-8a9b-0c1d2e3f4a5b');
    const stored = (await call(b, 'releaserB', 'GET', `/api/indicators/${copy.record_id}`)).json();
    expect(stored).toMatchObject({ value: '203.0.113.9', releaseState: 'draft' });

    // A KAZ-originated record is not restored by a PAK file import.
    const kazLabelled = bundle.objects.map((o) =>
      o.type === 'marking-definition' && JSON.stringify(o).includes('"originator"')
        ? JSON.parse(JSON.stringify(o).replace(/"nation":"PAK"/g, '"nation":"KAZ"'))
        : o,
    );
    const fresh = await startTestNode();
    try {
      await shareDirectory(a.ctx, fresh.ctx);
      const freshToken = await makeToken(fresh.ctx, releaser);
      const refused = await fresh.app.http.inject({
        method: 'POST',
        url: '/api/stix/import',
        headers: bearer(freshToken),
        payload: { bundle: { ...bundle, objects: kazLabelled } },
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error.issues[0].message).toMatch(/Originated by KAZ/);
      expect((await fresh.ctx.database.db.selectFrom('incidents').select('id').execute()).length).toBe(0);
    } finally {
      await fresh.close();
    }
  });
});
