import type { EventsTable } from '../../storage/schema.ts';
import { DomainError } from '../errors.ts';

export type EventStatus = EventsTable['status'];
export type TransferMode = EventsTable['transfer_mode'];

/** Which status may follow which. `ended` comes by time or by hand; `cancelled` is final. */
export const eventTransitions: Record<EventStatus, readonly EventStatus[]> = {
  draft: ['on_sale', 'cancelled'],
  on_sale: ['ended', 'cancelled'],
  ended: [],
  cancelled: [],
};

export const statusesBefore = (to: EventStatus) =>
  (Object.keys(eventTransitions) as EventStatus[]).filter((from) => eventTransitions[from].includes(to));

export interface EventTimes {
  startsAt: string;
  endsAt: string;
  doorsAt?: string | null;
}

/** Times must make sense together: doors before the start, the start before the end. */
export function checkTimes(times: EventTimes) {
  const starts = Date.parse(times.startsAt);
  const ends = Date.parse(times.endsAt);
  if (!(ends > starts)) throw new DomainError('invalid_request', 'endsAt must be after startsAt', 'endsAt');
  if (times.doorsAt && Date.parse(times.doorsAt) > starts) {
    throw new DomainError('invalid_request', 'doorsAt must not be after startsAt', 'doorsAt');
  }
}

export interface TransferPolicy {
  mode: TransferMode;
  maxTransfers?: number | null;
}

export function checkTransferPolicy(policy: TransferPolicy) {
  if (policy.mode === 'limited' && !policy.maxTransfers) {
    throw new DomainError('invalid_request', 'transferPolicy.maxTransfers is required with mode "limited"', 'transferPolicy.maxTransfers');
  }
  if (policy.mode !== 'limited' && policy.maxTransfers != null) {
    throw new DomainError('invalid_request', 'transferPolicy.maxTransfers is only allowed with mode "limited"', 'transferPolicy.maxTransfers');
  }
}
