/**
 * Roles and the permission table — the one place that says which role may do what (applied to a
 * record by src/server/domain/policy/policy.ts). Reading records is never a permission: it is
 * decided by the releasability rule alone. Every permission here is checked by the server (a test
 * holds it so).
 */
export const ROLES = [
  'viewer',
  'analyst',
  'duty-officer',
  'releasing-officer',
  'exercise-planner',
  'dialogue-officer',
  'delegation-head',
  'node-admin',
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'note.create',
  'incident.create',
  'record.edit',
  'record.release',
  'record.recall',
  'user.manage',
  'audit.read',
  'node.manage',
  'alert.raise',
  'desk.manage',
  'crisis.declare',
  'crisis.contribute',
  /** Organise the nation's meetings: invitations, agenda, minutes (the host's secretariat). */
  'meeting.organise',
  /** Answer an invitation and name the nation's delegation; propose amendments to a joint statement and comment on it. */
  'meeting.attend',
  /** Give the nation's positions on a joint statement (its concurrence): the nation's authority at the meeting. */
  'statement.concur',
  /** Plan the nation's exercises and publish its busy blocks. */
  'exercise.plan',
  /**
   * Run the nation's exercises from their control panel: start, pause and end them, write their
   * MSEL and judge its expectations. An inject fires in the name of the controller who wrote it,
   * with a duty officer's rights for that one record (an EXERCISE alert, room or report): running
   * an exercise needs no rights over real alerts.
   */
  'exercise.control',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** What everyone who records the picture may do (`incident.create` covers actors and indicators too). */
const RECORDING: readonly Permission[] = ['note.create', 'incident.create', 'record.edit', 'crisis.contribute'];

export const PERMISSION_TABLE: Record<Role, readonly Permission[]> = {
  viewer: [],
  analyst: RECORDING,
  'duty-officer': [...RECORDING, 'alert.raise', 'desk.manage', 'crisis.declare'],
  'releasing-officer': [...RECORDING, 'record.release', 'record.recall', 'alert.raise', 'crisis.declare'],
  'exercise-planner': ['note.create', 'crisis.contribute', 'exercise.plan', 'exercise.control'],
  /** A staff officer of the strategic dialogue: organises the nation's meetings and its delegations. */
  'dialogue-officer': ['note.create', 'meeting.organise', 'meeting.attend'],
  /** Speaks for the nation at a meeting. */
  'delegation-head': ['note.create', 'meeting.organise', 'meeting.attend', 'statement.concur'],
  'node-admin': ['user.manage', 'audit.read', 'node.manage', 'desk.manage'],
};

export function hasPermission(roles: readonly Role[], permission: Permission): boolean {
  return roles.some((role) => PERMISSION_TABLE[role].includes(permission));
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Roles whose accounts must use a TOTP second factor. */
export const ROLES_REQUIRING_TOTP: readonly Role[] = ['node-admin'];
