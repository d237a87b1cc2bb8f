import type { Context } from '../context.ts';
import { notFound } from '../errors.ts';
import { createIssuerKey } from './issuer-keys.ts';

/**
 * Gives an event a new issuer key. Credentials issued from now on (a purchase, a claim, a
 * recovery: every rebinding) are signed with it; the old keys stay in the event's gate pack, so
 * credentials already on phones stay valid until their ticket is next rebound. Use it when a key
 * may have leaked, or as routine hygiene before a big event.
 */
export async function rotateIssuerKey(ctx: Context, eventId: string) {
  const now = ctx.clock().toISOString();
  return ctx.store.transaction(async (repos) => {
    if (!(await repos.events.find(eventId))) throw notFound('event');
    const kid = await createIssuerKey(repos, ctx.settings.secret, eventId, now);
    await repos.issuerKeys.signOnlyWith(eventId, kid);
    // Every gate pack, a delta too, carries the full key list: scanners learn the new key at their next refresh.
    const keys = await repos.issuerKeys.ofEvent(eventId);
    return { kid, keys: keys.map((k) => k.kid) };
  });
}
