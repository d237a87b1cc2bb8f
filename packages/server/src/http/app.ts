import Fastify, { LogController, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Context } from '../domain/context.ts';
import { organizerAuth } from './auth/organizer-auth.ts';
import { walletAuth } from './auth/dpop.ts';
import { frameworkErrors, installErrorHandling } from './errors.ts';
import { ErrorResponse } from './schemas.ts';
import { installValidation, refuseNulCharacters } from './validation.ts';
import { installRateLimits } from './rate-limits.ts';
import { docsPolicy, installSecurityHeaders } from './security-headers.ts';
import type { RateLimits } from '../config.ts';
import { accountRoutes } from './routes/accounts.ts';
import { checkInListRoutes } from './routes/check-in-lists.ts';
import { demoRoutes } from './routes/demo.ts';
import { eventRoutes } from './routes/events.ts';
import { exchangeRoutes } from './routes/exchange.ts';
import { figureRoutes } from './routes/figures.ts';
import { exportRoutes } from './routes/exports.ts';
import { gateRoutes } from './routes/gate.ts';
import { inboxRoutes } from './routes/inbox.ts';
import { insightRoutes } from './routes/insights.ts';
import { messageRoutes } from './routes/messages.ts';
import { myDataRoutes } from './routes/my-data.ts';
import { orderRoutes } from './routes/orders.ts';
import { organizerRoutes } from './routes/organizers.ts';
import { passkeyRoutes } from './routes/passkeys.ts';
import { paymentRoutes } from './routes/payments.ts';
import { privacyRoutes } from './routes/privacy.ts';
import { pushRoutes } from './routes/push.ts';
import { sandboxCheckoutRoutes } from './routes/sandbox-checkout.ts';
import { staffRoutes } from './routes/staff.ts';
import { systemRoutes } from './routes/system.ts';
import { ticketTypeRoutes } from './routes/ticket-types.ts';
import { transferRoutes } from './routes/transfers.ts';
import { helpDeskRoutes } from './routes/help-desk.ts';
import { voucherRoutes } from './routes/vouchers.ts';
import { waitingRoomRoutes } from './routes/waiting-room.ts';
import { webAppRoutes } from './routes/web-apps.ts';
import { webhookRoutes } from './routes/webhooks.ts';

export interface AppOptions {
  ctx: Context;
  logger?: FastifyServerOptions['logger'];
  rateLimits: RateLimits;
  trustProxy?: boolean | number | string[];
}

/** Log lines carry the path but never a query string, a header or a body: those may hold secrets. */
const requestSerializer = (request: { method: string; url: string; ip?: string }) => ({
  method: request.method,
  url: request.url.split('?')[0],
  remoteAddress: request.ip,
});

/** Every request at debug: at info, a busy on-sale would drown what an operator needs to see. Errors stay errors. */
class RequestsAtDebug extends LogController {
  override incomingRequest(request: FastifyRequest) {
    request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply) {
    if (error) reply.log.error({ res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else reply.log.debug({ res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}

export async function buildApp({ ctx, logger = false, rateLimits, trustProxy = false }: AppOptions) {
  const app = Fastify({
    bodyLimit: 1024 * 1024,
    logger: logger === false ? false : { ...(typeof logger === 'object' ? logger : {}), serializers: { req: requestSerializer } },
    logController: new RequestsAtDebug(),
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    frameworkErrors,
    // A hop count trusts that many proxies in front of the server (Fastify takes it as a function).
    trustProxy: typeof trustProxy === 'number' ? (_address: string, hop: number) => hop < trustProxy : trustProxy,
  });
  installValidation(app);
  refuseNulCharacters(app);
  installErrorHandling(app);
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_req, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );
  app.addSchema(ErrorResponse);
  // Wallets and scanners correct their clocks by this header (PROTOCOL.md section 3), so it tells the
  // server's own time, the one every freshness check uses.
  app.addHook('onSend', async (_request, reply) => {
    reply.header('date', ctx.clock().toUTCString());
  });
  await installSecurityHeaders(app);
  await installRateLimits(app, ctx, rateLimits);

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Ticketguard API',
        version: '1',
        description: 'Account-based ticketing. Organizer routes take a Bearer token, wallet routes a DPoP proof, gate routes a gate device token.',
      },
      components: {
        securitySchemes: {
          organizer: { type: 'http', scheme: 'bearer' },
          dpop: { type: 'apiKey', in: 'header', name: 'DPoP' },
          gate: { type: 'http', scheme: 'bearer' },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/v1/docs', transformStaticCSP: docsPolicy });

  const deps = { ctx, organizer: organizerAuth(ctx), wallet: walletAuth(ctx) };
  systemRoutes(app, deps);
  organizerRoutes(app, deps);
  staffRoutes(app, deps);
  eventRoutes(app, deps);
  ticketTypeRoutes(app, deps);
  insightRoutes(app, deps);
  figureRoutes(app, deps);
  exportRoutes(app, deps);
  accountRoutes(app, deps);
  orderRoutes(app, deps);
  waitingRoomRoutes(app, deps);
  gateRoutes(app, deps);
  checkInListRoutes(app, deps);
  transferRoutes(app, deps);
  helpDeskRoutes(app, deps);
  exchangeRoutes(app, deps);
  privacyRoutes(app, deps);
  myDataRoutes(app, deps);
  passkeyRoutes(app, deps);
  demoRoutes(app, deps);
  voucherRoutes(app, deps);
  pushRoutes(app, deps);
  messageRoutes(app, deps);
  inboxRoutes(app, deps);
  webhookRoutes(app, deps);
  sandboxCheckoutRoutes(app, deps);
  paymentRoutes(app, deps);
  await webAppRoutes(app);
  return app;
}
