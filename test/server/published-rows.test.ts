/**
 * Published rows are written through COPY (stixObjectRepository.insert): a version already held,
 * or given twice, is kept once and never overwritten, and `superseded` marks every version but the
 * highest, whatever order versions are written in (migrations 0022, 0024).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishedRow, stixObjectRepository } from '../../src/server/db/repositories/stix-object-repository';
import { startTestNode } from '../kit/test-node';
import type { Label } from '../../src/shared/labels/label';
import type { TestNode } from '../kit/test-node';

let node: TestNode;
beforeAll(async () => {
  node = await startTestNode();
});
afterAll(() => node.close());

const LABEL: Label = {
  originator: { nation: 'PAK', org: 'org-1' },
  classification: 'UNCLASSIFIED',
  relTo: ['KAZ'],
  caveats: [],
  tlp: 'GREEN',
  recipients: { orgs: [], users: [] },
  state: 'active',
  version: 1,
};

const row = (id: string, version: number, title: string) =>
  publishedRow({
    object: { type: 'incident', id, name: title, modified: `2026-11-2${version}T00:00:00.000Z` } as { type: string; id: string },
    kind: 'incident',
    recordId: id.split('--')[1]!,
    version,
    modified: new Date(`2026-11-2${version}T00:00:00.000Z`),
    dateAdded: new Date(),
    originNode: 'node-pak',
    label: LABEL,
  });

async function held(id: string) {
  return node.ctx.database.db
    .selectFrom('stix_objects')
    .select(['version', 'superseded', sql<string>`object::text`.as('object')])
    .where('stix_id', '=', id)
    .orderBy('version')
    .execute();
}

const write = (rows: ReturnType<typeof row>[]) => node.ctx.database.transaction((tx) => stixObjectRepository(tx.db).insert(rows));

describe('published rows', () => {
  it('keep a version already held, write a version given twice once, and mark all but the highest superseded', async () => {
    const a = 'incident--0b0e7f3c-6a1e-4d4f-9b59-3f2f5d1c0a01';
    const b = 'incident--0b0e7f3c-6a1e-4d4f-9b59-3f2f5d1c0a02';
    await write([row(a, 2, 'a two'), row(b, 1, 'b one')]);
    // An older version after a newer one, a held version with other content, one version twice.
    await write([row(a, 1, 'a one'), row(a, 2, 'a two, again'), row(b, 2, 'b two'), row(b, 2, 'b two, again')]);

    const aRows = await held(a);
    expect(aRows.map((r) => [r.version, r.superseded])).toEqual([
      [1, true],
      [2, false],
    ]);
    expect(JSON.parse(aRows[1]!.object).name).toBe('a two');
    const bRows = await held(b);
    expect(bRows.map((r) => [r.version, r.superseded])).toEqual([
      [1, true],
      [2, false],
    ]);
    expect(JSON.parse(bRows[1]!.object).name).toBe('b two');
  });

  it('keep the object as the exact JSON text given', async () => {
    const c = 'incident--0b0e7f3c-6a1e-4d4f-9b59-3f2f5d1c0a03';
    const given = row(c, 1, 'tab\there, quote " and backslash \\ and Сурхандарья');
    await write([given]);
    expect((await held(c))[0]!.object).toBe(given.object);
  });
});
