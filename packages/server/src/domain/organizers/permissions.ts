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
} as const satisfies Record<string, readonly Staff['role'][]>;

export type Permission = keyof typeof permissions;

export const may = (staff: Staff, permission: Permission) =>
  (permissions[permission] as readonly Staff['role'][]).includes(staff.role);
