import { describe, expect, it } from 'vitest';
import { refusalOfNew } from './record-intake';
import type { Role } from '../../../shared/vocab/roles';
import type { UserActor } from '../auth/actor';

const actorWith = (roles: Role[]): UserActor =>
  ({ user: { id: 'u1', roles }, org: { id: 'org-pak-1', nation: 'PAK' } }) as unknown as UserActor;
const row = (over: object = {}) => ({ id: 'r1', release_state: 'draft', originator_org: 'org-pak-1', originator_nation: 'PAK', ...over });

describe('the guard every way in asks before writing new records', () => {
  it('lets an analyst write drafts in their own organisation’s name', () => {
    expect(refusalOfNew(actorWith(['analyst']), [row(), row({ id: 'r2' })])).toBeNull();
  });

  it('refuses whoever may not record, records in another organisation’s or nation’s name, and released records from a non-officer', () => {
    expect(refusalOfNew(actorWith(['viewer']), [row()])?.code).toBe('FORBIDDEN');
    expect(refusalOfNew(actorWith(['analyst']), [row(), row({ originator_org: 'org-pak-2' })])?.code).toBe('FORBIDDEN');
    expect(refusalOfNew(actorWith(['analyst']), [row({ originator_nation: 'KAZ' })])?.code).toBe('FORBIDDEN');
    expect(refusalOfNew(actorWith(['analyst']), [row({ release_state: 'released' })])?.code).toBe('FORBIDDEN');
    expect(refusalOfNew(actorWith(['releasing-officer']), [row({ release_state: 'released' })])).toBeNull();
  });
});
