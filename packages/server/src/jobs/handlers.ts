import type { Context } from '../domain/context.ts';
import { deliverCheckInMessages } from '../domain/messaging/check-in-messages.ts';
import { sendScheduledMessage } from '../domain/messaging/send-scheduled.ts';
import { pushMessage } from '../domain/push/push-message.ts';
import { deliverWebhook } from '../domain/webhooks/deliver-webhook.ts';
import { sendRefund } from '../domain/payments/refunds.ts';
import { cancelCheckout, reconcilePayments } from '../domain/payments/sync-payment.ts';
import { admitVisitors } from '../domain/waiting-room/admit-visitors.ts';
import { drawQueue } from '../domain/waiting-room/draw-queue.ts';
import type { JobKind, JobPayloads } from './queue.ts';

/** What runs each kind of queued job. A handler may run more than once for one job: it must be idempotent. */
export const handlers: { [K in JobKind]: (ctx: Context, payload: JobPayloads[K]) => Promise<void> } = {
  'message.send': (ctx, { messageId }) => sendScheduledMessage(ctx, messageId),
  'message.checkin': (ctx, payload) => deliverCheckInMessages(ctx, payload),
  'message.push': (ctx, payload) => pushMessage(ctx, payload),
  'webhook.deliver': (ctx, payload) => deliverWebhook(ctx, payload),
  'refund.send': (ctx, payload) => sendRefund(ctx, payload),
  'payment.cancel': (ctx, payload) => cancelCheckout(ctx, payload),
  'payment.reconcile': (ctx, payload) => reconcilePayments(ctx, payload),
  'queue.draw': (ctx, payload) => drawQueue(ctx, payload),
  'queue.admit': (ctx, payload) => admitVisitors(ctx, payload),
};
