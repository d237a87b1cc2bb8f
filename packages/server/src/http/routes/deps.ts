import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Context } from '../../domain/context.ts';
import type { organizerAuth } from '../auth/organizer-auth.ts';
import type { walletAuth } from '../auth/dpop.ts';

/** What every route module gets: the domain context and the auth preHandlers. */
export interface RouteDeps {
  ctx: Context;
  organizer: ReturnType<typeof organizerAuth>;
  wallet: ReturnType<typeof walletAuth>;
}

export const typed = (app: FastifyInstance) => app.withTypeProvider<TypeBoxTypeProvider>();
