import type { Migration } from 'kysely';
import * as sales from './2026-11-29-0001-sales.ts';
import * as gate from './2026-11-29-0002-gate.ts';
import * as transfers from './2026-11-29-0003-transfers.ts';
import * as exchange from './2026-11-29-0004-exchange.ts';
import * as privacy from './2026-11-29-0005-privacy.ts';
import * as messaging from './2026-11-29-0006-messaging.ts';
import * as vouchers from './2026-11-29-0007-vouchers.ts';
import * as push from './2026-11-29-0008-push.ts';
import * as messageVouchers from './2026-11-29-0009-message-vouchers.ts';
import * as passkeys from './2026-11-29-0010-passkeys.ts';
import * as scanLocalVerdicts from './2026-11-29-0011-scan-local-verdicts.ts';
import * as staffInvites from './2026-11-29-0012-staff-invites.ts';
import * as webhooks from './2026-11-29-0013-webhooks.ts';
import * as messageTranslations from './2026-11-29-0014-message-translations.ts';
import * as payments from './2026-12-04-0015-payments.ts';
import * as productsAndLists from './2026-12-06-0016-products-and-lists.ts';
import * as waitingRoom from './2026-12-06-0017-waiting-room.ts';
import * as segments from './2026-12-06-0018-segments.ts';
import * as firstRealEvent from './2026-12-06-0019-first-real-event.ts';
import * as presentationKeys from './2026-12-06-0020-presentation-keys.ts';

/** Every migration, by sortable name. Add new files here; never edit an applied one. */
export const migrations: Record<string, Migration> = {
  '2026-11-29-0001-sales': sales,
  '2026-11-29-0002-gate': gate,
  '2026-11-29-0003-transfers': transfers,
  '2026-11-29-0004-exchange': exchange,
  '2026-11-29-0005-privacy': privacy,
  '2026-11-29-0006-messaging': messaging,
  '2026-11-29-0007-vouchers': vouchers,
  '2026-11-29-0008-push': push,
  '2026-11-29-0009-message-vouchers': messageVouchers,
  '2026-11-29-0010-passkeys': passkeys,
  '2026-11-29-0011-scan-local-verdicts': scanLocalVerdicts,
  '2026-11-29-0012-staff-invites': staffInvites,
  '2026-11-29-0013-webhooks': webhooks,
  '2026-11-29-0014-message-translations': messageTranslations,
  '2026-12-04-0015-payments': payments,
  '2026-12-06-0016-products-and-lists': productsAndLists,
  '2026-12-06-0017-waiting-room': waitingRoom,
  '2026-12-06-0018-segments': segments,
  '2026-12-06-0019-first-real-event': firstRealEvent,
  '2026-12-06-0020-presentation-keys': presentationKeys,
};
