import type { Context } from '../context.ts';
import { DomainError, notFound } from '../errors.ts';
import { ownedEvent } from './owned-event.ts';

export const imageTypes = ['image/png', 'image/jpeg', 'image/webp'] as const;
export type ImageType = (typeof imageTypes)[number];
export const maxImageBytes = 2 * 1024 * 1024;

/** The first bytes each picture format starts with: the body must be what its content-type says. */
function looksLike(type: ImageType, bytes: Buffer) {
  if (type === 'image/png') return bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  if (type === 'image/jpeg') return bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  return bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP';
}

/** Sets the picture on an event's sales page; a new one replaces the old (and changes its address). */
export async function saveEventImage(ctx: Context, organizerId: string, eventId: string, type: ImageType, bytes: Buffer) {
  if (!looksLike(type, bytes)) throw new DomainError('invalid_request', `the body is not a ${type.slice(6).toUpperCase()} picture`);
  const updatedAt = ctx.clock().toISOString();
  await ctx.store.transaction(async (repos) => {
    await ownedEvent(repos, eventId, organizerId);
    await repos.events.saveImage({ event_id: eventId, content_type: type, data: bytes.toString('base64'), updated_at: updatedAt });
  });
  return updatedAt;
}

/** Removes the picture; removing one that is not there is no error (the result is the same). */
export async function removeEventImage(ctx: Context, organizerId: string, eventId: string) {
  await ctx.store.transaction(async (repos) => {
    await ownedEvent(repos, eventId, organizerId);
    await repos.events.removeImage(eventId);
  });
}

/**
 * The picture of an event, for anyone who knows the event's id (a draft's too, so the organizer's
 * preview shows it: the id is 122 random bits, and a picture is meant to be public anyway).
 */
export async function eventImage(ctx: Context, eventId: string) {
  const image = await ctx.store.repos.events.image(eventId);
  if (!image) throw notFound('picture');
  return { type: image.content_type, bytes: Buffer.from(image.data, 'base64'), updatedAt: image.updated_at };
}
