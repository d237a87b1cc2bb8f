import type { ErrorCode } from '@ticketguard/protocol';

/**
 * What a domain operation throws when a rule says no. It carries a code from the one catalogue in
 * packages/protocol; the HTTP layer maps the code to a status, the domain never thinks in HTTP.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new DomainError('not_found', `${what} not found`);
