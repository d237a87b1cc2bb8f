import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { scanReasons } from '@ticketguard/protocol';
import { createGateDevice, deviceProfile, gateDevices, renewGateToken, revokeGateDevice } from '../../domain/gate/gate-devices.ts';
import { buildGatePack } from '../../domain/gate/gate-pack.ts';
import { recordScans } from '../../domain/gate/record-scans.ts';
import { duplicatesForGate, duplicatesForOrganizer } from '../../domain/gate/scan-duplicates.ts';
import { notFound } from '../../domain/errors.ts';
import { deviceOf, gateAuth } from '../auth/gate-auth.ts';
import { staffOf } from '../auth/organizer-auth.ts';
import { DateTime, EventIdParams, Uuid, errorResponses } from '../schemas.ts';
import { typed, type RouteDeps } from './deps.ts';

const gzipAsync = promisify(gzip);

const PairUrl = Type.String({ description: 'PUBLIC_URL/scanner/pair#token: open it on the scanner phone (or show it as a QR code) to pair' });

const ScanResult = Type.Object({
  scanId: Uuid,
  verdict: Type.Union([Type.Literal('accepted'), Type.Literal('rejected')]),
  reason: Type.Optional(Type.Union(scanReasons.map((r) => Type.Literal(r)))),
  firstScan: Type.Optional(Type.Object({ scannedAt: DateTime, gate: Type.String() })),
});

const Verdict = Type.Union([Type.Literal('accepted'), Type.Literal('rejected')], { description: "the server's verdict: one admission stays accepted, the others are already_used" });

export function gateRoutes(app: FastifyInstance, { ctx, organizer }: RouteDeps) {
  const r = typed(app);
  const gate = gateAuth(ctx);

  r.post('/api/v1/events/:eventId/gate-devices', {
    preHandler: organizer('gate.manage'),
    schema: {
      tags: ['gate'],
      summary: 'Create a gate device; its token is shown only in this answer',
      params: EventIdParams,
      body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false }),
      response: {
        201: Type.Object({ id: Uuid, name: Type.String(), eventId: Uuid, createdAt: DateTime, token: Type.String(), pairUrl: PairUrl }),
        ...errorResponses(400, 401, 403, 404),
      },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await createGateDevice(ctx, staffOf(request).organizerId, request.params.eventId, request.body.name)),
  });

  const DeviceParams = Type.Object({ eventId: Uuid, deviceId: Uuid });

  r.post('/api/v1/events/:eventId/gate-devices/:deviceId/token', {
    preHandler: organizer('gate.manage'),
    schema: {
      tags: ['gate'],
      summary: 'A new token for a gate device, shown only in this answer; the old token stops working',
      params: DeviceParams,
      response: { 200: Type.Object({ id: Uuid, token: Type.String(), pairUrl: PairUrl }), ...errorResponses(400, 401, 403, 404, 409) },
    },
    handler: async (request) => renewGateToken(ctx, staffOf(request).organizerId, request.params.eventId, request.params.deviceId),
  });

  r.delete('/api/v1/events/:eventId/gate-devices/:deviceId', {
    preHandler: organizer('gate.manage'),
    schema: {
      tags: ['gate'],
      summary: 'Revoke a gate device (a lost phone): its token stops working',
      params: DeviceParams,
      response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) },
    },
    handler: async (request, reply) => {
      await revokeGateDevice(ctx, staffOf(request).organizerId, request.params.eventId, request.params.deviceId);
      return reply.status(204).send(null);
    },
  });

  r.get('/api/v1/events/:eventId/gate-devices', {
    preHandler: organizer('gate.manage'),
    schema: {
      tags: ['gate'],
      summary: "An event's gate devices (never their tokens)",
      params: EventIdParams,
      response: {
        200: Type.Object({ devices: Type.Array(Type.Object({ id: Uuid, name: Type.String(), createdAt: DateTime, revoked: Type.Boolean() })) }),
        ...errorResponses(401, 403, 404),
      },
    },
    handler: async (request) => ({
      devices: (await gateDevices(ctx, staffOf(request).organizerId, request.params.eventId)).map((d) => ({
        id: d.id, name: d.name, createdAt: d.created_at, revoked: d.revoked_at !== null,
      })),
    }),
  });

  r.get('/api/v1/gate/device', {
    preHandler: gate,
    schema: {
      tags: ['gate'],
      summary: 'The gate device behind the token and its event: what a scanner shows once paired',
      response: {
        200: Type.Object({
          id: Uuid,
          name: Type.String(),
          event: Type.Object({ id: Uuid, name: Type.String(), venue: Type.String(), startsAt: DateTime, endsAt: DateTime }),
        }),
        ...errorResponses(401, 404),
      },
    },
    handler: async (request) => deviceProfile(ctx, deviceOf(request)),
  });

  r.get('/api/v1/gate/pack', {
    preHandler: gate,
    schema: {
      tags: ['gate'],
      summary: "The device's event gate pack (PROTOCOL.md section 5); gzip on request; `since` for a delta",
      querystring: Type.Object({
        since: Type.Optional(Type.String({ maxLength: 32 })),
        eventId: Type.Optional(Uuid),
      }),
      response: errorResponses(400, 401, 404),
    },
    handler: async (request, reply) => {
      const device = deviceOf(request);
      if (request.query.eventId && request.query.eventId !== device.event_id) throw notFound('event');
      const body = JSON.stringify(await buildGatePack(ctx, device, request.query.since));
      // The decoded size, so a scanner can show download progress of a gzip body (Content-Length counts the compressed bytes).
      reply.type('application/json; charset=utf-8').header('cache-control', 'no-store').header('vary', 'accept-encoding').header('x-pack-bytes', String(Buffer.byteLength(body)));
      if (/\bgzip\b/.test(request.headers['accept-encoding'] ?? '')) {
        return reply.header('content-encoding', 'gzip').send(await gzipAsync(body));
      }
      return reply.send(body);
    },
  });

  r.post('/api/v1/gate/scans', {
    preHandler: gate,
    schema: {
      tags: ['gate'],
      summary: 'Upload scans; each is re-verified and recorded once per scanId',
      body: Type.Object(
        {
          scans: Type.Array(
            Type.Object(
              {
                scanId: Uuid,
                qr: Type.String({ maxLength: 2048, description: 'the scanned text as read, TG1:...' }),
                scannedAt: DateTime,
                gate: Type.String({ minLength: 1, maxLength: 100 }),
                mode: Type.Optional(Type.Union([Type.Literal('ticket'), Type.Literal('voucher')], { description: 'ticket (default) at a door, voucher at a bar' })),
                localVerdict: Type.Optional(Type.Union([Type.Literal('accepted'), Type.Literal('rejected')], { description: "the scanner's own offline verdict; admitted scans the server refuses as already_used are reported as duplicates" })),
              },
              { additionalProperties: false },
            ),
            { minItems: 1, maxItems: 1000 },
          ),
        },
        { additionalProperties: false },
      ),
      response: { 200: Type.Object({ results: Type.Array(ScanResult) }), ...errorResponses(400, 401) },
    },
    handler: async (request) => ({ results: await recordScans(ctx, deviceOf(request), request.body.scans) }),
  });

  r.get('/api/v1/gate/duplicates', {
    preHandler: gate,
    schema: {
      tags: ['gate'],
      summary: 'Tickets admitted more than once by offline gates (localVerdict accepted, refused at sync as already_used)',
      response: {
        200: Type.Object({
          duplicates: Type.Array(Type.Object({
            subjectId: Uuid,
            scans: Type.Array(Type.Object({ scanId: Uuid, gate: Type.String(), scannedAt: DateTime, verdict: Verdict })),
          })),
        }),
        ...errorResponses(401),
      },
    },
    handler: async (request) => ({ duplicates: await duplicatesForGate(ctx, deviceOf(request)) }),
  });

  r.get('/api/v1/events/:eventId/scan-duplicates', {
    preHandler: organizer('gate.manage'),
    schema: {
      tags: ['gate'],
      summary: 'Tickets admitted more than once at the gates, under pairwise holder pseudonyms',
      params: EventIdParams,
      response: {
        200: Type.Object({
          duplicates: Type.Array(Type.Object({
            holderRef: Type.String(),
            ticketTypeId: Uuid,
            scans: Type.Array(Type.Object({ gate: Type.String(), scannedAt: DateTime, receivedAt: DateTime, verdict: Verdict })),
          })),
        }),
        ...errorResponses(401, 403, 404),
      },
    },
    handler: async (request) => ({ duplicates: await duplicatesForOrganizer(ctx, staffOf(request).organizerId, request.params.eventId) }),
  });
}
