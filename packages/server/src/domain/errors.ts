import type { ErrorCode } from '@ticketguard/protocol';

/**
 * What a domain operation throws when a rule says no. It carries a code from the one catalogue in
 * packages/protocol; the HTTP layer maps the code to a status, the domain never thinks in HTTP.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** The request field the refusal is about ("endsAt"), for an app to show it there. */
    readonly field?: string,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new DomainError('not_found', `${what} not found`);

/** A refusal of a request field, named by the message's first word ("sendAt must be in the future"). */
export const invalid = (message: string) => new DomainError('invalid_request', message, /^[a-zA-Z][\w.[\]]*/.exec(message)?.[0]);
