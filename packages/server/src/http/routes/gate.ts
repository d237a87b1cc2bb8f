import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { scanReasons } from '@ticketguard/protocol';
import { changeGateDevice, createGateDevice, deviceProfile, gateDevices, renewGateToken, revokeGateDevice } from '../../domain/gate/gate-devices.ts';
import { presenceAtGate } from '../../domain/check-in-lists/presence.ts';
import { buildGatePack } from '../../domain/gate/gate-pack.ts';
import { recordScans } from '../../domain/gate/record-scans.ts';
import { duplicatesForGate, duplicatesForOrganizer } from '../../domain/gate/scan-duplicates.ts';
import { notFound } from '../../domain/errors.ts';
import { deviceOf, gateAuth } from '../auth/gate-auth.ts';
import { staffOf } from '../auth/organizer-auth.ts';
import { DateTime, EventIdParams, Nullable, Uuid, errorResponses } from '../schemas.ts';
import { limited } from '../rate-limits.ts';
import { typed, type RouteDeps } from './deps.ts';

const gzipAsync = promisify(gzip);

const PairUrl = Type.String({ description: 'PUBLIC_URL/scanner/pair#token: open it on the scanner phone (or show it as a QR code) to pair' });

const ScanResult = Type.Object({
  scanId: Uuid,
  verdict: Type.Union([Type.Literal('accepted'), Type.Literal('rejected')]),
  reason: Type.Optional(Type.Union(scanReasons.map((r) => Type.Literal(r)))),
  firstScan: Type.Optional(Type.Object({ scannedAt: DateTime, gate: Type.String() })),
});

const CheckInListId = Nullable(Uuid, { description: 'the check-in list it scans for; null: the default lists (tickets at a door, vouchers at a bar)' });

const Device = Type.Object({ id: Uuid, name: Type.String(), createdAt: DateTime, revoked: Type.Boolean(), checkInListId: CheckInListId });

const Verdict = Type.Union([Type.Literal('accepted'), Type.Literal('rejected')], { description: "the server's verdict: one admission stays accepted, the others are already_used" });

const DeviceName = Type.String({ minLength: 1, maxLength: 100 });

const presentDevice = (d: { id: string; name: string; created_at: string; revoked_at: string | null; check_in_list_id: string | null }) => ({
  id: d.id, name: d.name, createdAt: d.created_at, revoked: d.revoked_at !== null, checkInListId: d.check_in_list_id,
});

export function gateRoutes(app: FastifyInstance, { ctx, organizer }: RouteDeps) {
  const r = typed(app);
  const gate = gateAuth(ctx);

  r.post('/api/v1/events/:eventId/gate-devices', {
    preHandler: organizer('gate.manage'),
    schema: {
      tags: ['gate'],
      summary: 'Create a gate device; its token is shown only in this answer',
      params: EventIdParams,
      body: Type.Object({ name: DeviceName, checkInListId: Type.Optional(CheckInListId) }, { additionalProperties: false }),
      response: {
        201: Type.Object({ id: Uuid, name: Type.String(), eventId: Uuid, createdAt: DateTime, checkInListId: CheckInListId, token: Type.String(), pairUrl: PairUrl }),
        ...errorResponses(400, 401, 403, 404),
      },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await createGateDevice(ctx, staffOf(request).organizerId, request.params.eventId, request.body)),
  });

  const DeviceParams = Type.Object({ eventId: Uuid, deviceId: Uuid });

  r.patch('/api/v1/events/:eventId/gate-devices/:deviceId', {
    preHandler: organizer('gate.manage'),
    schema: {
      tags: ['gate'],
      summary: 'Rename a gate device or move it to another check-in list; its scanner loads that list with its next sync',
      params: DeviceParams,
      body: Type.Object({ name: Type.Optional(DeviceName), checkInListId: Type.Optional(CheckInListId) }, { additionalProperties: false, minProperties: 1 }),
      response: { 200: Device, ...errorResponses(400, 401, 403, 404) },
    },
    handler: async (request) => presentDevice(await changeGateDevice(ctx, staffOf(request).organizerId, request.params.eventId, request.params.deviceId, request.body)),
  });

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
        200: Type.Object({ devices: Type.Array(Device) }),
        ...errorResponses(401, 403, 404),
      },
    },
    handler: async (request) => ({ devices: (await gateDevices(ctx, staffOf(request).organizerId, request.params.eventId)).map(presentDevice) }),
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
          checkInList: Nullable(
            Type.Object({ id: Uuid, name: Type.String(), ticketTypeIds: Nullable(Type.Array(Uuid)), allowReentry: Type.Boolean(), mode: Type.Union([Type.Literal('ticket'), Type.Literal('voucher')]) }),
            { description: 'the list this device scans for; null: the default lists, tickets or vouchers as the scanner chooses' },
          ),
        }),
        ...errorResponses(401, 404),
      },
    },
    handler: async (request) => deviceProfile(ctx, deviceOf(request)),
  });

  r.get('/api/v1/gate/presence', {
    preHandler: gate,
    schema: {
      tags: ['gate'],
      summary: "How many are inside now on this device's list, with its entries and exits",
      querystring: Type.Object({ mode: Type.Optional(Type.Union([Type.Literal('ticket'), Type.Literal('voucher')], { description: 'for a device without a list: which default list' })) }),
      response: {
        200: Type.Object({ list: Type.Object({ id: Uuid, name: Type.String() }), inside: Type.Integer(), entries: Type.Integer(), exits: Type.Integer() }),
        ...errorResponses(401),
      },
    },
    handler: async (request) => presenceAtGate(ctx, deviceOf(request), request.query.mode ?? 'ticket'),
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
    config: limited('scans'),
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
                mode: Type.Optional(Type.Union([Type.Literal('ticket'), Type.Literal('voucher')], { description: 'ticket (default) at a door, voucher at a bar; a device bound to a list scans for that list whatever the mode' })),
                direction: Type.Optional(Type.Union([Type.Literal('in'), Type.Literal('out')], { description: 'in (default), or out at an exit lane: refused as not_inside when the subject is not inside on the list' })),
                localVerdict: Type.Optional(Type.Union([Type.Literal('accepted'), Type.Literal('rejected')], { description: "the scanner's own offline verdict; admitted scans the server refuses as already_used are reported as duplicates" })),
              },
              { additionalProperties: false },
            ),
            { minItems: 1, maxItems: 1000 },
          ),
        },
        { additionalProperties: false },
      ),
      response: { 200: Type.Object({ results: Type.Array(ScanResult) }), ...errorResponses(400, 401, 429) },
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
            scans: Type.Array(Type.Object({
              gate: Type.String(), scannedAt: DateTime, receivedAt: DateTime, verdict: Verdict,
              conflict: Type.Boolean({ description: 'reached the server after another device had checked the ticket in, claiming an earlier time: it became the check-in (PROTOCOL.md section 6), and both are flagged' }),
            })),
          })),
        }),
        ...errorResponses(401, 403, 404),
      },
    },
    handler: async (request) => ({ duplicates: await duplicatesForOrganizer(ctx, staffOf(request).organizerId, request.params.eventId) }),
  });
}
