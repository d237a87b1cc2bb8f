import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { permissionsOf } from '../../domain/organizers/permissions.ts';
import { changeRole, removeStaff, staffAndInvites, whoAmI } from '../../domain/organizers/staff.ts';
import { acceptInvite, createInvite, revokeInvite } from '../../domain/organizers/invites.ts';
import { staffOf } from '../auth/organizer-auth.ts';
import { Role, StaffMember, presentStaff } from '../presenters/staff.ts';
import { DateTime, Uuid, errorResponses } from '../schemas.ts';
import { typed, type RouteDeps } from './deps.ts';

const Invite = Type.Object({ id: Uuid, role: Role, createdAt: DateTime, expiresAt: DateTime });

export function staffRoutes(app: FastifyInstance, { ctx, organizer }: RouteDeps) {
  const r = typed(app);

  r.get('/api/v1/session', {
    preHandler: organizer('session.read'),
    schema: {
      tags: ['organizers'],
      summary: 'Who am I: the organizer, the signed-in staff member, and what their role may do',
      response: {
        200: Type.Object({
          organizer: Type.Object({ id: Uuid, name: Type.String() }),
          staff: Type.Object({ id: Uuid, email: Type.String(), name: Type.String(), role: Role }),
          permissions: Type.Array(Type.String()),
        }),
        ...errorResponses(401),
      },
    },
    handler: async (request) => {
      const { organizer: o, member } = await whoAmI(ctx, staffOf(request));
      const { createdAt: _createdAt, ...staff } = presentStaff(member);
      return { organizer: { id: o.id, name: o.name }, staff, permissions: permissionsOf(member.role) };
    },
  });

  r.get('/api/v1/staff', {
    preHandler: organizer('staff.manage'),
    schema: {
      tags: ['staff'],
      summary: "Your organizer's staff and open invites",
      response: { 200: Type.Object({ staff: Type.Array(StaffMember), invites: Type.Array(Invite) }), ...errorResponses(401, 403) },
    },
    handler: async (request) => {
      const { staff, invites } = await staffAndInvites(ctx, staffOf(request).organizerId);
      return {
        staff: staff.map(presentStaff),
        invites: invites.map((i) => ({ id: i.id, role: i.role, createdAt: i.created_at, expiresAt: i.expires_at })),
      };
    },
  });

  r.post('/api/v1/staff/invites', {
    preHandler: organizer('staff.manage'),
    schema: {
      tags: ['staff'],
      summary: 'Invite someone with a role: a one-time link, valid 7 days, shown only in this answer',
      body: Type.Object({ role: Role }, { additionalProperties: false }),
      response: {
        201: Type.Object({ ...Invite.properties, token: Type.String(), url: Type.String({ description: 'PUBLIC_URL/dashboard/invite#token' }) }),
        ...errorResponses(400, 401, 403),
      },
    },
    handler: async (request, reply) => reply.status(201).send(await createInvite(ctx, staffOf(request), request.body.role)),
  });

  r.delete('/api/v1/staff/invites/:inviteId', {
    preHandler: organizer('staff.manage'),
    schema: {
      tags: ['staff'],
      summary: 'Withdraw an invite; its link stops working',
      params: Type.Object({ inviteId: Uuid }),
      response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 409) },
    },
    handler: async (request, reply) => {
      await revokeInvite(ctx, staffOf(request).organizerId, request.params.inviteId);
      return reply.status(204).send(null);
    },
  });

  r.post('/api/v1/staff/invites/accept', {
    schema: {
      tags: ['staff', 'public'],
      summary: 'Join an organizer through an invite link (public): a staff account with the invite\'s role, signed in',
      body: Type.Object(
        {
          token: Type.String({ minLength: 1, maxLength: 200 }),
          name: Type.String({ minLength: 1, maxLength: 200 }),
          email: Type.String({ format: 'email', maxLength: 254 }),
          password: Type.String({ minLength: 10, maxLength: 256, description: 'at least 10 characters' }),
        },
        { additionalProperties: false },
      ),
      response: {
        201: Type.Object({ organizer: Type.Object({ id: Uuid, name: Type.String() }), token: Type.String(), role: Role }),
        ...errorResponses(400, 404, 409, 410),
      },
    },
    handler: async (request, reply) => reply.status(201).send(await acceptInvite(ctx, request.body)),
  });

  const StaffParams = Type.Object({ staffId: Uuid });

  r.patch('/api/v1/staff/:staffId', {
    preHandler: organizer('staff.manage'),
    schema: {
      tags: ['staff'],
      summary: "Change a member's role (an organizer always keeps an owner)",
      params: StaffParams,
      body: Type.Object({ role: Role }, { additionalProperties: false }),
      response: { 200: StaffMember, ...errorResponses(400, 401, 403, 404, 409) },
    },
    handler: async (request) => presentStaff(await changeRole(ctx, staffOf(request).organizerId, request.params.staffId, request.body.role)),
  });

  r.delete('/api/v1/staff/:staffId', {
    preHandler: organizer('staff.manage'),
    schema: {
      tags: ['staff'],
      summary: 'Remove a member: their sessions end at once (an organizer always keeps an owner)',
      params: StaffParams,
      response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 409) },
    },
    handler: async (request, reply) => {
      await removeStaff(ctx, staffOf(request).organizerId, request.params.staffId);
      return reply.status(204).send(null);
    },
  });
}
