import { randomUUID } from 'node:crypto';
import type { Repositories } from '../../storage/store.ts';
import type { WebhookDeliveriesTable, WebhookEventType } from '../../storage/schema.ts';
import { enqueue } from '../../jobs/queue.ts';
import { eventsOf } from './manage-webhooks.ts';

/**
 * Queues `type` for every webhook of the organizer that asked for it, in the caller's transaction
 * (an outbox): a delivery exists exactly when what it reports was committed. `data` must be
 * pseudonymous (holderRef, never an account id): it leaves the platform.
 */
export async function queueWebhooks(repos: Repositories, organizerId: string, type: WebhookEventType, items: object[], now: string) {
  if (items.length === 0) return;
  const webhooks = (await repos.webhooks.ofOrganizer(organizerId)).filter((w) => eventsOf(w).includes(type));
  if (webhooks.length === 0) return;
  const rows: WebhookDeliveriesTable[] = [];
  for (const webhook of webhooks) {
    for (const data of items) {
      const id = randomUUID();
      rows.push({
        id,
        webhook_id: webhook.id,
        event_type: type,
        body: JSON.stringify({ id, type, createdAt: now, data }),
        status: 'pending',
        http_status: null,
        attempts: 0,
        last_error: null,
        created_at: now,
        last_attempt_at: null,
        next_attempt_at: now,
      });
    }
  }
  await repos.webhooks.insertDeliveries(rows);
  for (const row of rows) await enqueue(repos, 'webhook.deliver', { deliveryId: row.id, attempt: 1 }, now, now);
}
