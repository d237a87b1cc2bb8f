import type { Agent } from 'node:https';
import type { Config } from '../config.ts';
import type { Store } from '../storage/store.ts';
import type { Clock } from './clock.ts';
import type { KeyMemory } from './accounts/key-memory.ts';
import type { InboxBus } from './messaging/inbox-bus.ts';
import type { Payments } from './payments/payments.ts';

/** What every domain operation may use. Built once at start (or per test) and passed down. */
export interface Context {
  store: Store;
  clock: Clock;
  /** Which payment provider, with whose keys, for an organizer or an order. */
  payments: Payments;
  settings: {
    orderHoldSeconds: number;
    retentionDays: number;
    secret: string;
    publicUrl: string;
    /** Other origins the wallet may run at (the other loopback name when PUBLIC_URL is not set). */
    alsoServedAt?: string[];
    outboundToPrivateAddresses?: boolean;
    paymentReconcileSeconds: number;
  };
  /** The server's log, for work that no request waits for (jobs); set once the HTTP app exists. */
  log?: { warn(details: object, message: string): void; error(details: object, message: string): void };
  /** An https agent for push services under a private certificate authority (tests). */
  pushAgent?: Agent;
  /** An https agent for webhook endpoints under a private certificate authority (tests). */
  webhookAgent?: Agent;
  /** Messages just delivered, for the inbox streams open in this process. */
  inboxBus: InboxBus;
  /** Which account each holder key opens, as this process last read it. */
  keyMemory: KeyMemory;
}

/** The settings of the domain, from the server's configuration. */
export const settingsFrom = (config: Config): Context['settings'] => ({
  orderHoldSeconds: config.orderHoldSeconds,
  retentionDays: config.retentionDays,
  secret: config.secret,
  publicUrl: config.publicUrl,
  alsoServedAt: config.alsoServedAt,
  outboundToPrivateAddresses: config.outboundToPrivateAddresses,
  paymentReconcileSeconds: config.payments.reconcileSeconds,
});
