import { useTranslation } from 'react-i18next';
import type { TransferPolicy } from '../lib/tickets.ts';

/** The event's transfer policy in one plain sentence, wherever a ticket could move. */
export function PolicyNote({ policy }: { policy: TransferPolicy }) {
  const { t } = useTranslation();
  return <p className="muted policy">{t(`policy.${policy.mode}`, { count: policy.maxTransfers ?? 1 })}</p>;
}
