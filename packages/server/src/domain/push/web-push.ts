import { randomUUID } from 'node:crypto';
import webpush from 'web-push';
import type { Context } from '../context.ts';
import { notFound } from '../errors.ts';
import { seal, unseal } from '../credentials/sealed-box.ts';
import { inwardAddress, outboundUrl, publicHttpsAgent } from '../outbound/public-address.ts';

/**
 * The instance's VAPID key pair (RFC 8292), made once and shared by every process through the
 * database; the private key is sealed under TG_SECRET.
 */
export async function vapidKeys(ctx: Context) {
  let row = await ctx.store.repos.push.instanceKey('vapid');
  if (!row) {
    const keys = webpush.generateVAPIDKeys();
    row = await ctx.store.repos.push.saveInstanceKey({
      name: 'vapid',
      public_key: keys.publicKey,
      private_key_sealed: seal(ctx.settings.secret, Buffer.from(keys.privateKey, 'base64url')),
      created_at: ctx.clock().toISOString(),
    });
  }
  return { publicKey: row.public_key, privateKey: unseal(ctx.settings.secret, row.private_key_sealed).toString('base64url') };
}

export interface BrowserSubscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

/** Stores a browser's push subscription for this account. Push services are https only. */
export async function subscribe(ctx: Context, accountId: string, subscription: BrowserSubscription) {
  outboundUrl(subscription.endpoint, 'endpoint', ctx.settings.outboundToPrivateAddresses === true);
  await ctx.store.transaction((repos) =>
    repos.push.subscribe({
      id: randomUUID(),
      account_id: accountId,
      endpoint: subscription.endpoint,
      p256dh: subscription.keys.p256dh,
      auth: subscription.keys.auth,
      created_at: ctx.clock().toISOString(),
      last_success_at: null,
    }),
  );
}

/** VAPID wants an https: or mailto: contact for the push service's operators to reach us. */
const contactOf = (publicUrl: string) => (publicUrl.startsWith('https://') ? publicUrl : 'mailto:push@ticketguard.invalid');

export async function unsubscribe(ctx: Context, accountId: string, endpoint: string) {
  if (!(await ctx.store.repos.push.unsubscribe(accountId, endpoint))) throw notFound('push subscription');
}

/**
 * Sends one notification to the given subscriptions: encrypted (aes128gcm, RFC 8291), signed
 * (VAPID), with a TTL. A push service answering 404 or 410 says the subscription is gone, so it is
 * dropped; any other failure is returned for the caller to retry later.
 */
export async function sendPush(ctx: Context, subscriptionIds: string[], payload: object) {
  const vapid = await vapidKeys(ctx);
  const subscriptions = await ctx.store.repos.push.byIds(subscriptionIds);
  const result = { sent: 0, dropped: 0, failed: [] as string[] };
  const anyAddress = ctx.settings.outboundToPrivateAddresses === true;
  for (const s of subscriptions) {
    // Stored while private addresses were allowed, and no longer: it can never be delivered.
    if (!anyAddress && inwardAddress(new URL(s.endpoint))) {
      await ctx.store.repos.push.drop(s.id);
      result.dropped += 1;
      continue;
    }
    try {
      await webpush.sendNotification({ endpoint: s.endpoint, keys: { p256dh: s.p256dh, auth: s.auth } }, JSON.stringify(payload), {
        vapidDetails: { subject: contactOf(ctx.settings.publicUrl), publicKey: vapid.publicKey, privateKey: vapid.privateKey },
        TTL: 3600,
        contentEncoding: 'aes128gcm',
        timeout: 10_000,
        agent: ctx.pushAgent ?? (anyAddress ? undefined : publicHttpsAgent),
      });
      await ctx.store.repos.push.delivered(s.id, ctx.clock().toISOString());
      result.sent += 1;
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      if (status === 404 || status === 410) {
        await ctx.store.repos.push.drop(s.id);
        result.dropped += 1;
      } else {
        result.failed.push(s.id);
      }
    }
  }
  return result;
}
