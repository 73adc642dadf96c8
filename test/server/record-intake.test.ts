/**
 * Every way in writes the shared picture's records through the same verbs
 * (src/server/domain/release/record-intake.ts): a record a STIX import brings in has the versions
 * one written by hand has — the kind's whole content in its history, diffed field by field, with
 * the change records the publisher and the live feed follow — and its importer's organisation's
 * name on it.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { label, makeOrg, makeToken, makeUser } from '../kit/factories';
import { anyVersion, bearer } from '../kit/http';
import { startTestNode } from '../kit/test-node';
import type { TestNode } from '../kit/test-node';

let node: TestNode;
const token: Record<string, string> = {};

beforeAll(async () => {
  node = await startTestNode('PAK');
  const org = await makeOrg(node.ctx, 'PAK', 'PAK narcotics');
  token.analyst = await makeToken(node.ctx, await makeUser(node.ctx, { nation: 'PAK', org, roles: ['analyst'] }));
  token.releaser = await makeToken(node.ctx, await makeUser(node.ctx, { nation: 'PAK', org, roles: ['releasing-officer'] }));
});
afterAll(() => node.close());

const call = (who: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  node.app.http.inject({ method, url, headers: { ...bearer(token[who]!), ...anyVersion(method) }, ...(payload ? { payload } : {}) });

interface HistoryItem {
  version: number;
  change: string;
  changedFields: string[];
  content: Record<string, unknown>;
}
const history = async (collection: string, id: string) => {
  const response = await call('releaser', 'GET', `/api/${collection}/${id}/history`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().items as HistoryItem[];
};

/** Another producer's threat actor, as a TAXII feed or a file would bring it. */
const threatActor = (id: string, modified: string, description: string) => ({
  type: 'threat-actor',
  spec_version: '2.1',
  id,
  created: '2026-11-01T00:00:00.000Z',
  modified,
  name: 'Valley Couriers',
  description,
  threat_actor_types: ['crime-syndicate'],
  aliases: ['VC'],
});
const importBundle = (objects: object[]) =>
  call('releaser', 'POST', '/api/stix/import', {
    bundle: { type: 'bundle', id: `bundle--${crypto.randomUUID()}`, objects },
    label: label(),
  });

describe('records brought in by a STIX import', () => {
  it('have the versions of records written by hand: the same content, diffed field by field', async () => {
    const byHand = await call('analyst', 'POST', '/api/actors', {
      kind: 'criminal-network',
      name: 'Valley Couriers',
      aliases: ['VC'],
      description: 'Moves opiates north.',
      label: label(),
    });
    expect(byHand.statusCode, byHand.body).toBe(201);
    const [handFirst] = await history('actors', byHand.json().id as string);

    const stixId = `threat-actor--${crypto.randomUUID()}`;
    const first = await importBundle([threatActor(stixId, '2026-11-01T00:00:00.000Z', 'Moves opiates north.')]);
    expect(first.statusCode, first.body).toBe(200);
    const listed = await call('releaser', 'GET', `/api/actors?q=${encodeURIComponent('Valley Couriers')}`);
    const imported = (listed.json().items as { id: string; createdAt: string }[]).find((a) => a.id !== byHand.json().id);
    expect(imported).toBeDefined();
    const [importedFirst] = await history('actors', imported!.id);
    expect(importedFirst!.change).toBe('import-stix');
    expect(importedFirst!.content).toEqual(handFirst!.content);

    // A newer version from the same producer: a new version of the content, its changed field named.
    const newer = await importBundle([threatActor(stixId, '2026-12-01T00:00:00.000Z', 'Moves opiates and precursors north.')]);
    expect(newer.statusCode, newer.body).toBe(200);
    expect(newer.json().updated.actors).toBe(1);
    const versions = await history('actors', imported!.id);
    expect(versions.map((v) => [v.version, v.change])).toEqual([
      [1, 'import-stix'],
      [2, 'import-stix-update'],
    ]);
    expect(versions[1]!.changedFields).toEqual(['description']);
    expect(versions[1]!.content.description).toBe('Moves opiates and precursors north.');

    // Each version is a change record, which the publisher and the live feed follow.
    const changes = await node.ctx.database.db
      .selectFrom('changes')
      .select(['version', 'change'])
      .where('record_id', '=', imported!.id)
      .orderBy('seq')
      .execute();
    expect(changes).toEqual([
      { version: 1, change: 'import-stix' },
      { version: 2, change: 'import-stix-update' },
    ]);
  });
});
