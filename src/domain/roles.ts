/**
 * Roles and what each may do. `owner` ⊃ `admin` ⊃ `collector` ⊃ `viewer`: a role may do
 * everything the roles below it may. The README's role matrix is this table.
 */
export const roles = ['viewer', 'collector', 'admin', 'owner'] as const;
export type Role = (typeof roles)[number];

/**
 * - read: every GET (reports, lists, the contact record).
 * - operate: account work and daily operations (interactions, promises, disputes, tasks, imports,
 *   payments, plans, cadence run, messages retry/cancel, reconciliation, escalation actions).
 * - administer: settings, policies, templates, payment terms, API tokens, webhooks, users and invitations.
 * - own: organisation-level acts (granting or revoking the owner role, transferring ownership).
 */
export const permissions = ['read', 'operate', 'administer', 'own'] as const;
export type Permission = (typeof permissions)[number];

const leastRoleFor: Record<Permission, Role> = { read: 'viewer', operate: 'collector', administer: 'admin', own: 'owner' };

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}

/** Orders roles: negative when `a` is below `b`, 0 when equal, positive when above. */
export function compareRoles(a: Role, b: Role): number {
  return roles.indexOf(a) - roles.indexOf(b);
}

export function roleAtLeast(role: Role, least: Role): boolean {
  return compareRoles(role, least) >= 0;
}

/** The least role that holds a permission. */
export function leastRoleForPermission(permission: Permission): Role {
  return leastRoleFor[permission];
}

/** The role matrix: may a holder of `role` perform `permission`? */
export function mayPerform(role: Role, permission: Permission): boolean {
  return roleAtLeast(role, leastRoleFor[permission]);
}

/**
 * May `actor` (role) give `target` the role `to` (from `from`, when the target already has one)?
 * An admin manages collectors, viewers and admins; only an owner grants or revokes owner.
 */
export function mayAssignRole(actor: Role, to: Role, from?: Role): boolean {
  if (!mayPerform(actor, 'administer')) return false;
  if (to === 'owner' || from === 'owner') return mayPerform(actor, 'own');
  return true;
}
