/**
 * Roles and the permission table — the one place that says which role may do what.
 * Reading records is never a permission: it is decided by the releasability rule alone.
 */
export const ROLES = ['viewer', 'analyst', 'duty-officer', 'releasing-officer', 'exercise-planner', 'node-admin'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'note.create',
  'note.edit',
  'incident.create',
  'incident.edit',
  'record.release',
  'label.widen',
  'record.recall',
  'user.manage',
  'audit.read',
  'node.manage',
  'alert.raise',
  'desk.manage',
  'crisis.declare',
  'crisis.contribute',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** What everyone who records the picture may do. */
const RECORDING: readonly Permission[] = ['note.create', 'note.edit', 'incident.create', 'incident.edit', 'crisis.contribute'];

export const PERMISSION_TABLE: Record<Role, readonly Permission[]> = {
  viewer: [],
  analyst: RECORDING,
  'duty-officer': [...RECORDING, 'alert.raise', 'desk.manage', 'crisis.declare'],
  'releasing-officer': [...RECORDING, 'record.release', 'label.widen', 'record.recall', 'alert.raise', 'crisis.declare'],
  'exercise-planner': ['note.create', 'note.edit', 'crisis.contribute'],
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
