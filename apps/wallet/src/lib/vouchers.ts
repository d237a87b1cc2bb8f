import { api } from './wallet-api.ts';
import { idb } from './idb.ts';

export interface Voucher {
  id: string;
  eventId: string;
  campaignId: string;
  name: string;
  description: string;
  state: string;
  usesLeft: number;
  validUntil: string | null;
  credential: string;
}

/** Vouchers as the phone keeps them, so their codes work offline at the bar too. */
export const localVouchers = async () => (await idb.get<Voucher[]>('meta', 'vouchers')) ?? [];

export async function syncVouchers() {
  const { vouchers } = await api<{ vouchers: Voucher[] }>('GET', '/api/v1/me/vouchers');
  await idb.put('meta', 'vouchers', vouchers);
  return vouchers;
}
