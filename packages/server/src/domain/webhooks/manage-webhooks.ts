import { randomBytes, randomUUID } from 'node:crypto';
import type { Context } from '../context.ts';
import type { WebhookEventType, WebhooksTable } from '../../storage/schema.ts';
import { seal } from '../credentials/sealed-box.ts';
import { notFound } from '../errors.ts';
import { outboundUrl } from '../outbound/public-address.ts';

export const webhookEventTypes = ['order.paid', 'order.refunded', 'ticket.transferred', 'ticket.checked_in'] as const satisfies readonly WebhookEventType[];

export const eventsOf = (webhook: Pick<WebhooksTable, 'events'>) => JSON.parse(webhook.events) as WebhookEventType[];

/**
 * Registers an https endpoint for some of the organizer's events. The signing secret (256 random
 * bits) is shown once; it is kept sealed rather than hashed, because the server needs it to sign.
 */
export async function createWebhook(ctx: Context, organizerId: string, input: { url: string; events: WebhookEventType[] }) {
  const url = outboundUrl(input.url, 'body.url', ctx.settings.outboundToPrivateAddresses === true);
  const secret = `whsec_${randomBytes(32).toString('base64url')}`;
  const row: WebhooksTable = {
    id: randomUUID(),
    organizer_id: organizerId,
    url: url.toString(),
    events: JSON.stringify([...new Set(input.events)]),
    secret_sealed: seal(ctx.settings.secret, Buffer.from(secret, 'utf8')),
    created_at: ctx.clock().toISOString(),
    deleted_at: null,
  };
  await ctx.store.transaction((repos) => repos.webhooks.insert(row));
  return { id: row.id, url: row.url, events: eventsOf(row), createdAt: row.created_at, secret };
}

async function ownedWebhook(ctx: Context, organizerId: string, webhookId: string) {
  const webhook = await ctx.store.repos.webhooks.find(webhookId);
  if (!webhook || webhook.organizer_id !== organizerId) throw notFound('webhook');
  return webhook;
}

/** The organizer's webhooks, each with its newest delivery. */
export async function listWebhooks(ctx: Context, organizerId: string) {
  const webhooks = await ctx.store.repos.webhooks.ofOrganizer(organizerId);
  return Promise.all(webhooks.map(async (w) => ({ ...w, lastDelivery: (await ctx.store.repos.webhooks.deliveriesOf(w.id, 1))[0] })));
}

/** Deletes a webhook: nothing more is sent to it, retries included. */
export async function deleteWebhook(ctx: Context, organizerId: string, webhookId: string) {
  await ownedWebhook(ctx, organizerId, webhookId);
  await ctx.store.repos.webhooks.remove(webhookId, ctx.clock().toISOString());
}

/** A webhook's newest deliveries (at most 100), newest first. */
export async function webhookDeliveries(ctx: Context, organizerId: string, webhookId: string) {
  await ownedWebhook(ctx, organizerId, webhookId);
  return ctx.store.repos.webhooks.deliveriesOf(webhookId, 100);
}
