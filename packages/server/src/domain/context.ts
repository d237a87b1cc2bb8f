import type { Agent } from 'node:https';
import type { Store } from '../storage/store.ts';
import type { Clock } from './clock.ts';
import type { InboxBus } from './messaging/inbox-bus.ts';
import type { PaymentProvider } from './payments/provider.ts';

/** What every domain operation may use. Built once at start (or per test) and passed down. */
export interface Context {
  store: Store;
  clock: Clock;
  payments: PaymentProvider;
  settings: { orderHoldSeconds: number; retentionDays: number; secret: string; publicUrl: string; outboundToPrivateAddresses?: boolean };
  /** An https agent for push services under a private certificate authority (tests). */
  pushAgent?: Agent;
  /** An https agent for webhook endpoints under a private certificate authority (tests). */
  webhookAgent?: Agent;
  /** Messages just delivered, for the inbox streams open in this process. */
  inboxBus: InboxBus;
}
