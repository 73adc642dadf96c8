/**
 * The one place that decides what a person may do (reading aside: that is the releasability rule
 * alone). The domain's guards and the presenters' `can` both ask here, so what the API refuses and
 * what the app offers cannot drift apart.
 *
 * An action on a record needs its permission (the role table in shared/vocab/roles.ts) and the
 * right relation to the record: editing and recalling are for the originating organisation,
 * releasing for the originating nation. Offered now (`canNow`) only while the record is active.
 */
import { PERMISSIONS, hasPermission } from '../../../shared/vocab/roles';
import type { Permission } from '../../../shared/vocab/roles';
import type { UserActor } from '../auth/actor';

/** Actions on a record, each named by the permission it needs. */
export type RecordAction = 'record.edit' | 'record.release' | 'record.recall';

/** What the policy needs of a record: who originated it, and whether it is still active. */
export interface OwnedRecord {
  originator_org: string;
  originator_nation: string;
  state: string;
}

/** Whose records each action may be taken on. */
export const RECORD_ACTION_SCOPE: Readonly<Record<RecordAction, 'organisation' | 'nation'>> = {
  'record.edit': 'organisation',
  'record.release': 'nation',
  'record.recall': 'organisation',
};

/** Whether the actor's roles grant `permission` (for actions that concern no record). */
export function may(actor: Pick<UserActor, 'user'>, permission: Permission): boolean {
  return hasPermission(actor.user.roles, permission);
}

/** Whether the actor may take `action` on `record`, whatever its state. */
export function can(actor: UserActor, action: RecordAction, record: OwnedRecord): boolean {
  const related =
    RECORD_ACTION_SCOPE[action] === 'organisation' ? record.originator_org === actor.org.id : record.originator_nation === actor.org.nation;
  return related && may(actor, action);
}

/** Whether the action is open to the actor on the record as it is now (a recalled record takes none). */
export function canNow(actor: UserActor, action: RecordAction, record: OwnedRecord): boolean {
  return record.state === 'active' && can(actor, action, record);
}

/** The permissions the actor holds, for the app to show what it may offer. */
export function permissionsOf(actor: Pick<UserActor, 'user'>): Permission[] {
  return PERMISSIONS.filter((permission) => may(actor, permission));
}
