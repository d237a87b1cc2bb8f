import { randomBytes, randomUUID } from 'node:crypto';
import type { Context } from '../context.ts';
import { ownedEvent } from '../events/owned-event.ts';
import { hashToken } from '../organizers/credentials.ts';
import { notFound } from '../errors.ts';

/**
 * A gate device is a scanner allowed to download one event's gate pack and upload its scans. Its
 * token (256 random bits) is shown once; only its hash is stored.
 */
export async function createGateDevice(ctx: Context, organizerId: string, eventId: string, name: string) {
  return ctx.store.transaction(async (repos) => {
    await ownedEvent(repos, eventId, organizerId);
    const token = `tgg_${randomBytes(32).toString('base64url')}`;
    const device = { id: randomUUID(), event_id: eventId, name: name.trim(), token_hash: hashToken(token), created_at: ctx.clock().toISOString(), revoked_at: null };
    await repos.gate.insertDevice(device);
    return { id: device.id, name: device.name, eventId, createdAt: device.created_at, token };
  });
}

export async function gateDevices(ctx: Context, organizerId: string, eventId: string) {
  await ownedEvent(ctx.store.repos, eventId, organizerId);
  return ctx.store.repos.gate.devicesOfEvent(eventId);
}

/** The device behind a gate token, if the token is known and not revoked. */
export function deviceFromToken(ctx: Context, token: string) {
  return ctx.store.repos.gate.deviceByTokenHash(hashToken(token));
}

export type GateDevice = NonNullable<Awaited<ReturnType<typeof deviceFromToken>>>;

/** What a paired scanner shows about itself: its name (the default gate name) and its event. */
export async function deviceProfile(ctx: Context, device: GateDevice) {
  const event = await ctx.store.repos.events.find(device.event_id);
  if (!event) throw notFound('event');
  return { id: device.id, name: device.name, event: { id: event.id, name: event.name, venue: event.venue, startsAt: event.starts_at, endsAt: event.ends_at } };
}
