import type { Staff } from './authenticate.ts';

/**
 * Who may do what, in one table. Handlers ask for a permission by name; roles are never compared
 * anywhere else. Gate staff run the doors and see the event, nothing about money or holders.
 */
export const permissions = {
  'events.read': ['owner', 'manager', 'gate'],
  'events.write': ['owner', 'manager'],
  'insights.read': ['owner', 'manager'],
  'gate.manage': ['owner', 'manager'],
  'tickets.revoke': ['owner', 'manager'],
  'holders.read': ['owner', 'manager'],
  'questions.write': ['owner', 'manager'],
  'audit.read': ['owner'],
  'messages.send': ['owner', 'manager'],
  'session.read': ['owner', 'manager', 'gate'],
  'staff.manage': ['owner'],
  'webhooks.manage': ['owner', 'manager'],
  'gate.stats': ['owner', 'manager', 'gate'],
  'exports.read': ['owner', 'manager'],
  'payments.manage': ['owner'],
  'refunds.read': ['owner', 'manager'],
  'refunds.manage': ['owner', 'manager'],
  // The help desk at the venue: finding a ticket by its reference, letting it in by hand. Nothing about holders.
  'desk.use': ['owner', 'manager', 'gate'],
} as const satisfies Record<string, readonly Staff['role'][]>;

export type Permission = keyof typeof permissions;

export const may = (staff: Staff, permission: Permission) =>
  (permissions[permission] as readonly Staff['role'][]).includes(staff.role);

/** Every permission the role holds, for a client that hides what its user may not do. */
export const permissionsOf = (role: Staff['role']) =>
  (Object.keys(permissions) as Permission[]).filter((p) => (permissions[p] as readonly Staff['role'][]).includes(role));
