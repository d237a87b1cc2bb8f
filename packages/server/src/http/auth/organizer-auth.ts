import type { FastifyRequest } from 'fastify';
import type { Context } from '../../domain/context.ts';
import { staffFromToken, type Staff } from '../../domain/organizers/authenticate.ts';
import { may, type Permission } from '../../domain/organizers/permissions.ts';
import { HttpError } from '../errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    staff?: Staff;
  }
}

export function bearerToken(request: FastifyRequest) {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer ([A-Za-z0-9._~+/=-]{1,512})$/.exec(header);
  if (!match) throw new HttpError('unauthorized', 'Authorization must be "Bearer <token>"');
  return match[1];
}

/** A preHandler that lets a request through only for signed-in staff holding `permission`. */
export function organizerAuth(ctx: Context) {
  return (permission: Permission) => async (request: FastifyRequest) => {
    const token = bearerToken(request);
    if (!token) throw new HttpError('unauthorized', 'sign in first: send Authorization: Bearer <organizer token>');
    const staff = await staffFromToken(ctx, token);
    if (!staff) throw new HttpError('unauthorized', 'the organizer token is unknown or expired; sign in again');
    if (!may(staff, permission)) throw new HttpError('forbidden', `your role (${staff.role}) may not do this (${permission})`);
    request.staff = staff;
  };
}

/** The staff of a request that passed organizerAuth. */
export const staffOf = (request: FastifyRequest) => request.staff!;
