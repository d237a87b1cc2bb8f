import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import type { Storage } from './db.ts';
import { accountDataRepository } from './repositories/account-data.ts';
import { accountsRepository } from './repositories/accounts.ts';
import { checkInListsRepository } from './repositories/check-in-lists.ts';
import { eventsRepository } from './repositories/events.ts';
import { exchangeRepository } from './repositories/exchange.ts';
import { exportsRepository } from './repositories/exports.ts';
import { figuresRepository } from './repositories/figures.ts';
import { gateRepository } from './repositories/gate.ts';
import { helpDeskRepository } from './repositories/help-desk.ts';
import { idempotencyRepository } from './repositories/idempotency.ts';
import { insightsRepository } from './repositories/insights.ts';
import { issuerKeysRepository } from './repositories/issuer-keys.ts';
import { jobsRepository } from './repositories/jobs.ts';
import { messagesRepository } from './repositories/messages.ts';
import { passkeysRepository } from './repositories/passkeys.ts';
import { paymentsRepository } from './repositories/payments.ts';
import { noticesRepository } from './repositories/notices.ts';
import { oneStatementHoldsRepository } from './repositories/one-statement-holds.ts';
import { ordersRepository } from './repositories/orders.ts';
import { organizerDataRepository } from './repositories/organizer-data.ts';
import { organizersRepository } from './repositories/organizers.ts';
import { privacyRepository } from './repositories/privacy.ts';
import { pushRepository } from './repositories/push.ts';
import { rateLimitsRepository } from './repositories/rate-limits.ts';
import { refundsRepository } from './repositories/refunds.ts';
import { returningRepository } from './repositories/returning.ts';
import { transfersRepository } from './repositories/transfers.ts';
import { vouchersRepository } from './repositories/vouchers.ts';
import { waitingRoomsRepository } from './repositories/waiting-rooms.ts';
import { webhooksRepository } from './repositories/webhooks.ts';

export function repositories(db: Kysely<Database>, storage: Storage) {
  return {
    accountData: accountDataRepository(db),
    accounts: accountsRepository(db),
    checkInLists: checkInListsRepository(db),
    events: eventsRepository(db),
    exchange: exchangeRepository(db, storage.rowLocks),
    exports: exportsRepository(db),
    figures: figuresRepository(db),
    gate: gateRepository(db, storage.rowLocks),
    helpDesk: helpDeskRepository(db),
    idempotency: idempotencyRepository(db),
    insights: insightsRepository(db),
    issuerKeys: issuerKeysRepository(db),
    jobs: jobsRepository(db, storage.skipLocked),
    messages: messagesRepository(db),
    notices: noticesRepository(db, storage.notifications !== undefined),
    orders: ordersRepository(db, storage.rowLocks),
    oneStatementHolds: storage.writableCte ? oneStatementHoldsRepository(db) : undefined,
    organizerData: organizerDataRepository(db),
    organizers: organizersRepository(db, storage.rowLocks),
    passkeys: passkeysRepository(db),
    payments: paymentsRepository(db),
    privacy: privacyRepository(db),
    push: pushRepository(db),
    rateLimits: rateLimitsRepository(db),
    refunds: refundsRepository(db),
    returning: returningRepository(db),
    transfers: transfersRepository(db),
    vouchers: vouchersRepository(db, storage.rowLocks),
    waitingRooms: waitingRoomsRepository(db, storage.rowLocks),
    webhooks: webhooksRepository(db),
  };
}

export type Repositories = ReturnType<typeof repositories>;

/** What domain operations get: repositories outside a transaction, and a way to run one. */
export interface Store {
  readonly storage: Storage;
  readonly repos: Repositories;
  transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
}

export function createStore(storage: Storage): Store {
  return {
    storage,
    repos: repositories(storage.db, storage),
    transaction: (work) => storage.db.transaction().execute((trx) => work(repositories(trx, storage))),
  };
}
