import type { FastifyRequest } from 'fastify';
import type { Context } from '../../domain/context.ts';
import { deviceFromToken, type GateDevice } from '../../domain/gate/gate-devices.ts';
import { HttpError } from '../errors.ts';
import { bearerToken } from './organizer-auth.ts';

declare module 'fastify' {
  interface FastifyRequest {
    gateDevice?: GateDevice;
  }
}

/** A preHandler for gate routes: the request must carry a live gate device token. */
export function gateAuth(ctx: Context) {
  return async (request: FastifyRequest) => {
    const token = bearerToken(request);
    if (!token) throw new HttpError('unauthorized', 'send Authorization: Bearer <gate device token>');
    const device = await deviceFromToken(ctx, token);
    if (!device) throw new HttpError('unauthorized', 'the gate device token is unknown or revoked');
    request.gateDevice = device;
  };
}

export const deviceOf = (request: FastifyRequest) => request.gateDevice!;
