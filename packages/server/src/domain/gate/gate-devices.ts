import { randomBytes, randomUUID } from 'node:crypto';
import type { Context } from '../context.ts';
import { ownedEvent } from '../events/owned-event.ts';
import { DomainError, notFound } from '../errors.ts';
import { hashToken } from '../organizers/credentials.ts';
import type { Repositories } from '../../storage/store.ts';
import { asProtocolList, ownedList } from '../check-in-lists/check-in-lists.ts';

const newToken = () => `tgg_${randomBytes(32).toString('base64url')}`;

/**
 * The link a scanner opens to pair: the token after `#` never reaches a server log, and the
 * scanner app reads it from there and keeps it.
 */
const pairUrl = (ctx: Context, token: string) => `${ctx.settings.publicUrl}/scanner/pair#${token}`;

/**
 * A gate device is a scanner allowed to download one event's gate pack and upload its scans, for one
 * check-in list (the car park, the VIP area) or, without one, the event's default lists. Its token
 * (256 random bits) is shown once; only its hash is stored.
 */
export async function createGateDevice(ctx: Context, organizerId: string, eventId: string, input: { name: string; checkInListId?: string | null }) {
  return ctx.store.transaction(async (repos) => {
    await ownedEvent(repos, eventId, organizerId);
    if (input.checkInListId) await ownedList(repos, organizerId, eventId, input.checkInListId);
    const token = newToken();
    const device = {
      id: randomUUID(), event_id: eventId, name: input.name.trim(), token_hash: hashToken(token), created_at: ctx.clock().toISOString(), revoked_at: null,
      check_in_list_id: input.checkInListId ?? null,
    };
    await repos.gate.insertDevice(device);
    return { id: device.id, name: device.name, eventId, createdAt: device.created_at, checkInListId: device.check_in_list_id, token, pairUrl: pairUrl(ctx, token) };
  });
}

/**
 * Renames a device or moves it to another list (null: the default lists). Its scanner notices the new
 * list in its next pack and downloads that list's pack in full.
 */
export async function changeGateDevice(ctx: Context, organizerId: string, eventId: string, deviceId: string, input: { name?: string; checkInListId?: string | null }) {
  return ctx.store.transaction(async (repos) => {
    await ownedDevice(repos, organizerId, eventId, deviceId);
    if (input.checkInListId) await ownedList(repos, organizerId, eventId, input.checkInListId);
    await repos.gate.moveDevice(deviceId, {
      ...(input.name !== undefined ? { name: input.name.trim() } : {}),
      ...(input.checkInListId !== undefined ? { check_in_list_id: input.checkInListId } : {}),
    });
    return (await repos.gate.findDevice(deviceId))!;
  });
}

/** A device of this organizer's event; anything else is "not found". */
async function ownedDevice(repos: Repositories, organizerId: string, eventId: string, deviceId: string) {
  await ownedEvent(repos, eventId, organizerId);
  const device = await repos.gate.findDevice(deviceId);
  if (!device || device.event_id !== eventId) throw notFound('gate device');
  return device;
}

/** A new token for a device (to pair another phone, or after a leak): the old one stops working at once. */
export async function renewGateToken(ctx: Context, organizerId: string, eventId: string, deviceId: string) {
  await ownedDevice(ctx.store.repos, organizerId, eventId, deviceId);
  const token = newToken();
  if (!(await ctx.store.repos.gate.replaceToken(deviceId, hashToken(token)))) throw new DomainError('invalid_state', 'this gate device is revoked; create a new one');
  return { id: deviceId, token, pairUrl: pairUrl(ctx, token) };
}

/** Revokes a device (a lost phone): its token stops working; its recorded scans stay. */
export async function revokeGateDevice(ctx: Context, organizerId: string, eventId: string, deviceId: string) {
  await ownedDevice(ctx.store.repos, organizerId, eventId, deviceId);
  await ctx.store.repos.gate.revokeDevice(deviceId, ctx.clock().toISOString());
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

/**
 * What a paired scanner shows about itself: its name (the default gate name), its event, and the list
 * it scans for (null: the default lists, with a switch between tickets and vouchers).
 */
export async function deviceProfile(ctx: Context, device: GateDevice) {
  const event = await ctx.store.repos.events.find(device.event_id);
  if (!event) throw notFound('event');
  const list = device.check_in_list_id ? await ctx.store.repos.checkInLists.find(device.check_in_list_id) : undefined;
  return {
    id: device.id,
    name: device.name,
    event: { id: event.id, name: event.name, venue: event.venue, startsAt: event.starts_at, endsAt: event.ends_at },
    checkInList: list ? asProtocolList(list) : null,
  };
}
