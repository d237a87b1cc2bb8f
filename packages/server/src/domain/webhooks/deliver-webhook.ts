import { createHmac } from 'node:crypto';
import { request, type Agent } from 'node:https';
import type { Context } from '../context.ts';
import { addSeconds } from '../clock.ts';
import { unseal } from '../credentials/sealed-box.ts';
import { enqueue, type JobPayloads } from '../../jobs/queue.ts';
import { inwardAddress, publicOnlyLookup } from '../outbound/public-address.ts';

/** Seconds to wait after failed attempt 1, 2, ...: six attempts over about 2.6 hours, then `failed`. */
export const retryDelays = [10, 60, 300, 1800, 7200];
export const maxAttempts = retryDelays.length + 1;
const timeoutMs = 10_000;

/** The `Ticketguard-Signature` of a body: HMAC-SHA-256 of its exact bytes under the webhook's secret. */
export const signatureOf = (secret: string, body: string) => `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;

/**
 * POSTs the body; resolves with the status code, or rejects on a network error, an address that is
 * not public (unless `anyAddress`), or after the timeout.
 */
function post(url: string, body: string, headers: Record<string, string>, agent: Agent | undefined, anyAddress: boolean) {
  return new Promise<number>((resolve, reject) => {
    const inward = anyAddress ? undefined : inwardAddress(new URL(url));
    if (inward) return reject(new Error(`${inward}; webhooks go to the public internet only`));
    const options = {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      timeout: timeoutMs,
      ...(agent ? { agent } : {}),
      ...(anyAddress ? {} : { lookup: publicOnlyLookup }),
    };
    const req = request(url, options, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * One attempt at a webhook delivery. A 2xx answer delivers it; anything else (another status, a
 * network error, no answer in 10 s) queues the next attempt after the backoff, until the last one
 * marks it failed. A job that runs again after its attempt was recorded sends nothing; receivers
 * should still treat `Ticketguard-Delivery` as an idempotency key, as with any webhook.
 */
export async function deliverWebhook(ctx: Context, { deliveryId, attempt }: JobPayloads['webhook.deliver']) {
  const delivery = await ctx.store.repos.webhooks.deliveryToSend(deliveryId);
  if (!delivery || delivery.status !== 'pending' || delivery.attempts !== attempt - 1) return;
  let httpStatus: number | null = null;
  let error: string | null = null;
  if (delivery.deleted_at) error = 'the webhook was deleted';
  else {
    const secret = unseal(ctx.settings.secret, delivery.secret_sealed).toString('utf8');
    try {
      httpStatus = await post(delivery.url, delivery.body, {
        'content-type': 'application/json',
        'user-agent': 'Ticketguard-Webhooks/1',
        'ticketguard-event': delivery.event_type,
        'ticketguard-delivery': delivery.id,
        'ticketguard-signature': signatureOf(secret, delivery.body),
      }, ctx.webhookAgent, ctx.settings.outboundToPrivateAddresses === true);
      if (httpStatus < 200 || httpStatus > 299) error = `the endpoint answered ${httpStatus}`;
    } catch (e) {
      error = (e instanceof Error ? e.message : String(e)).slice(0, 500);
    }
  }
  const now = ctx.clock();
  const retry = error !== null && !delivery.deleted_at && attempt < maxAttempts;
  const nextAt = retry ? addSeconds(now, retryDelays[attempt - 1]!).toISOString() : null;
  await ctx.store.transaction(async (repos) => {
    const recorded = await repos.webhooks.recordAttempt(deliveryId, attempt, {
      status: error === null ? 'delivered' : retry ? 'pending' : 'failed',
      http_status: httpStatus,
      last_error: error,
      last_attempt_at: now.toISOString(),
      next_attempt_at: nextAt,
    });
    if (recorded && nextAt) await enqueue(repos, 'webhook.deliver', { deliveryId, attempt: attempt + 1 }, nextAt, now.toISOString());
  });
}
