/**
 * Thrown by every parser in this package when input bytes or text do not follow the wire format.
 * `code` says which rule failed so callers (and tests) branch on it, never on the message text.
 */
export type MalformedCode =
  | 'no_prefix'
  | 'bad_base45'
  | 'bad_length'
  | 'unknown_type'
  | 'bad_encoding'
  | 'bad_pack';

export class MalformedError extends Error {
  override readonly name = 'MalformedError';
  readonly code: MalformedCode;

  constructor(code: MalformedCode, message: string) {
    super(message);
    this.code = code;
  }
}
