import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PERMISSIONS, ROLES } from '../../../shared/vocab/roles';
import { can, canNow, permissionsOf } from './policy';
import type { Role } from '../../../shared/vocab/roles';
import type { UserActor } from '../auth/actor';
import type { OwnedRecord, RecordAction } from './policy';

const actorWith = (role: Role): UserActor =>
  ({
    kind: 'user',
    user: { id: 'u1', roles: [role] },
    org: { id: 'pak-intel', nation: 'PAK' },
    nation: { code: 'PAK' },
  }) as unknown as UserActor;

const RECORDS: Record<string, OwnedRecord> = {
  'own organisation': { originator_org: 'pak-intel', originator_nation: 'PAK', state: 'active' },
  'another organisation of the nation': { originator_org: 'pak-customs', originator_nation: 'PAK', state: 'active' },
  'another nation': { originator_org: 'kaz-intel', originator_nation: 'KAZ', state: 'active' },
};

/** Written out by hand from the role table and the rule in docs/ARCHITECTURE.md ("Who may do what"). */
const EXPECTED: Record<RecordAction, Record<string, Role[]>> = {
  'record.edit': {
    'own organisation': ['analyst', 'duty-officer', 'releasing-officer'],
    'another organisation of the nation': [],
    'another nation': [],
  },
  'record.release': {
    'own organisation': ['releasing-officer'],
    'another organisation of the nation': ['releasing-officer'],
    'another nation': [],
  },
  'record.recall': {
    'own organisation': ['releasing-officer'],
    'another organisation of the nation': [],
    'another nation': [],
  },
};

describe('the policy', () => {
  it.each(Object.keys(EXPECTED) as RecordAction[])('lets exactly the expected roles take %s on each record', (action) => {
    for (const [whose, record] of Object.entries(RECORDS)) {
      const allowed = ROLES.filter((role) => can(actorWith(role), action, record));
      expect(allowed, `${action} on a record of ${whose}`).toEqual(EXPECTED[action][whose]);
    }
  });

  it('offers no action on a recalled record, though it says who could have taken it', () => {
    const recalled = { ...RECORDS['own organisation']!, state: 'recalled' };
    const officer = actorWith('releasing-officer');
    for (const action of Object.keys(EXPECTED) as RecordAction[]) {
      expect(can(officer, action, recalled)).toBe(true);
      expect(canNow(officer, action, recalled)).toBe(false);
      expect(canNow(officer, action, RECORDS['own organisation']!)).toBe(true);
    }
  });

  it('lists the permissions a person holds, for the app', () => {
    expect(permissionsOf(actorWith('viewer'))).toEqual([]);
    expect(permissionsOf(actorWith('node-admin')).sort()).toEqual(['audit.read', 'desk.manage', 'node.manage', 'user.manage']);
  });

  it('has no permission in the table that the server never checks', () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const files = (fs.readdirSync(root, { recursive: true }) as string[])
      .filter((file) => /\.ts$/.test(file) && !/\.test\.ts$/.test(file) && !file.endsWith(path.join('policy', 'policy.ts')))
      .map((file) => fs.readFileSync(path.join(root, file), 'utf8'));
    const checked = new Set(
      files.flatMap((text) => [...text.matchAll(/\b(?:may|can|canNow)\(\s*\w+,\s*'([a-z-]+\.[a-z-]+)'/g)].map((m) => m[1])),
    );
    expect(PERMISSIONS.filter((permission) => !checked.has(permission))).toEqual([]);
  });
});
