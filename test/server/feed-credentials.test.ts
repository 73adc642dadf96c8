/**
 * TAXII feed credentials at rest: sealed under the secrets key (a file outside the database), with
 * the feed's id bound in; rows written in clear before are sealed at start. A reader of the
 * database — or of a backup of it — finds no credential.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCredential, sealClearCredentials } from '../../src/server/domain/taxii/feed-credentials';
import { label, makeUser } from '../kit/factories';
import { startTestNode } from '../kit/test-node';
import type { TestNode } from '../kit/test-node';

let node: TestNode;
beforeAll(async () => {
  node = await startTestNode('PAK');
});
afterAll(() => node.close());

const feedRow = (id: string, owner: string, auth: object) => ({
  id,
  name: `Feed ${id}`,
  api_root: 'https://taxii.example.org/api1/',
  collection_id: 'threats',
  auth: JSON.stringify(auth),
  default_label: JSON.stringify(label()),
  owner_id: owner,
  created_at: new Date(),
});

describe('TAXII feed credentials at rest', () => {
  it('are sealed when found in clear (a database from before), and open only for their own feed', async () => {
    const owner = await makeUser(node.ctx, { nation: 'PAK', roles: ['releasing-officer'] });
    const db = node.ctx.database.db;
    await db
      .insertInto('taxii_subscriptions')
      .values([
        feedRow('feed-basic', owner.id, { kind: 'basic', username: 'feed-reader', password: 'p4ssw0rd-in-clear' }),
        feedRow('feed-bearer', owner.id, { kind: 'bearer', token: 'token-in-clear' }),
        feedRow('feed-none', owner.id, { kind: 'none' }),
      ])
      .execute();

    expect(await sealClearCredentials(node.ctx)).toBe(2);
    const rows = await db.selectFrom('taxii_subscriptions').selectAll().orderBy('id').execute();
    expect(JSON.stringify(rows)).not.toMatch(/p4ssw0rd|token-in-clear|feed-reader/);
    expect(rows.map((r) => [r.id, r.auth, r.auth_sealed?.slice(0, 10) ?? null])).toEqual([
      ['feed-basic', { kind: 'basic' }, 'sealed:v1:'],
      ['feed-bearer', { kind: 'bearer' }, 'sealed:v1:'],
      ['feed-none', { kind: 'none' }, null],
    ]);
    const [basic, bearer] = rows;
    expect(openCredential(node.ctx, basic!)).toEqual({ kind: 'basic', username: 'feed-reader', password: 'p4ssw0rd-in-clear' });
    expect(openCredential(node.ctx, bearer!)).toEqual({ kind: 'bearer', token: 'token-in-clear' });
    // A sealed credential copied onto another feed's row does not open there.
    expect(() => openCredential(node.ctx, { ...bearer!, auth_sealed: basic!.auth_sealed })).toThrow(/belongs to another record/);
    // Nothing is left to seal at the next start.
    expect(await sealClearCredentials(node.ctx)).toBe(0);
  });
});
