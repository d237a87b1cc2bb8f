import type { EventsTable, TicketsTable } from '../../storage/schema.ts';

export type MoveKind = 'claim' | 'exchange';

/**
 * What the event's transfer policy allows for a ticket that has moved `moves` times so far. The
 * buyer's first hand-on is always allowed: groups buy together, and every friend should have the
 * ticket on their own phone. After that:
 * - `none`: the ticket stays where it is (scalping needs a second move, so it has nowhere to go);
 * - `limited`: `maxTransfers` more moves by claim link, e.g. a friend who falls ill passes it on;
 * - `exchange`: further moves only through the platform's face-value exchange.
 */
export function mayMove(event: Pick<EventsTable, 'transfer_mode' | 'max_transfers'>, moves: number, kind: MoveKind) {
  if (moves === 0) return kind === 'claim' || event.transfer_mode === 'exchange';
  switch (event.transfer_mode) {
    case 'none':
      return false;
    case 'limited':
      return kind === 'claim' && moves <= (event.max_transfers ?? 0);
    case 'exchange':
      return kind === 'exchange';
  }
}

/** Whether the holder may hand the ticket on with a claim link right now. */
export function isClaimable(event: Pick<EventsTable, 'transfer_mode' | 'max_transfers'>, ticket: Pick<TicketsTable, 'state'>, moves: number) {
  return ticket.state === 'valid' && mayMove(event, moves, 'claim');
}
