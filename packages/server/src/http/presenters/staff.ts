import { Type } from '@sinclair/typebox';
import type { StaffUsersTable } from '../../storage/schema.ts';
import { DateTime, Uuid } from '../schemas.ts';

export const Role = Type.Union([Type.Literal('owner'), Type.Literal('manager'), Type.Literal('gate')]);

export const StaffMember = Type.Object({
  id: Uuid,
  email: Type.String(),
  name: Type.String({ description: 'the name given when joining; the email for a founding owner who never gave one' }),
  role: Role,
  createdAt: DateTime,
});

export const presentStaff = (s: Pick<StaffUsersTable, 'id' | 'email' | 'name' | 'role' | 'created_at'>) => ({
  id: s.id,
  email: s.email,
  name: s.name ?? s.email,
  role: s.role,
  createdAt: s.created_at,
});
